import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';

/**
 * The throttler with the standard `Retry-After` header on a 429 (the library names it after the
 * limit that struck, `Retry-After-<name>`, which clients and proxies do not read).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<{ header(name: string, value: unknown): unknown }>();
    response.header('Retry-After', Math.max(1, Math.ceil(detail.timeToBlockExpire)));
    return super.throwThrottlingException(context, detail);
  }
}
