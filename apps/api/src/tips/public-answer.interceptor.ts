import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { maskIdNumbersForPublic } from '@mb/platforms';

/** Whatever a public endpoint answers passes here, so no resident ID number reaches the public whole. */
@Injectable()
export class PublicAnswerInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((answer) => maskIdNumbersForPublic(answer)));
  }
}
