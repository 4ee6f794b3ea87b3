import type { AxiosResponse } from 'axios';
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { retryAfterMs } from './platform-http';

/** A platform's own error numbers, by what each means to the engine. */
export interface PlatformErrorNumbers {
  readonly auth: ReadonlySet<number>;
  readonly rate: ReadonlySet<number>;
  readonly transient: ReadonlySet<number>;
  /** Numbers that mean a counted quota of the account is used up (not a momentary rate). */
  readonly quota?: ReadonlySet<number>;
}

/**
 * The typed error of a failed answer, by its HTTP status and the platform's error number: a 429 or
 * a rate number waits for Retry-After, a quota number says the account's quota is used up, a token number is AUTH_EXPIRED, a 5xx or a busy number is
 * TRANSIENT, anything else a refusal.
 */
export function platformFailure(
  response: AxiosResponse,
  code: number,
  reason: string,
  numbers: PlatformErrorNumbers,
  rateLimitWaitMs = 60_000,
): PlatformError {
  if (numbers.quota?.has(code)) return new PlatformError(PlatformErrorCode.QuotaExhausted, reason);
  if (response.status === 429 || numbers.rate.has(code)) {
    return new PlatformError(PlatformErrorCode.RateLimited, reason, retryAfterMs(response.headers['retry-after'], rateLimitWaitMs));
  }
  if (numbers.auth.has(code)) return new PlatformError(PlatformErrorCode.AuthExpired, reason);
  if (response.status >= 500 || numbers.transient.has(code)) return new PlatformError(PlatformErrorCode.Transient, reason);
  return new PlatformError(PlatformErrorCode.Rejected, reason);
}
