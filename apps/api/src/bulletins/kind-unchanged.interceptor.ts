import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Observable } from 'rxjs';
import { BulletinError, BulletinErrorCode, BulletinsRepository } from '@mb/bulletins';

/**
 * A revision that changes the kind is refused as a change of kind, naming `kind`, before the body
 * is validated against the new kind's schema (which would name the old kind's details instead).
 */
@Injectable()
export class KindUnchangedInterceptor implements NestInterceptor {
  constructor(private readonly bulletins: BulletinsRepository) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<{ params: { id?: string }; body?: { kind?: unknown } }>();
    const kind = request.body?.kind;
    if (typeof kind === 'string' && request.params.id && isUUID(request.params.id)) {
      const bulletin = await this.bulletins.findById(request.params.id);
      if (bulletin && bulletin.kind !== kind)
        throw new BulletinError(BulletinErrorCode.KindChanged, `a ${bulletin.kind} bulletin cannot become ${kind}`, 'kind');
    }
    return next.handle();
  }
}
