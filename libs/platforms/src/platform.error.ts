/** The only ways a platform call can fail, as far as the rest of the engine is concerned. */
export enum PlatformErrorCode {
  /** Too many calls; try again after `retryAfterMs`. */
  RateLimited = 'RATE_LIMITED',
  /**
   * The account used up a counted quota of this lane (posts a day, pushes a month): nothing was
   * made, and nothing will be until the quota's window starts afresh.
   */
  QuotaExhausted = 'QUOTA_EXHAUSTED',
  /** The token expired or was revoked; refresh it, then retry once. */
  AuthExpired = 'AUTH_EXPIRED',
  /** The platform refused the content or the request for good; retrying will not help. */
  Rejected = 'REJECTED',
  /** A failure with no effect on the platform (5xx, connection refused or reset); safe to retry. */
  Transient = 'TRANSIENT',
  /** The request may have been carried out (timeout after sending): the post may exist. */
  UnknownOutcome = 'UNKNOWN_OUTCOME',
}

/** A stored reason is a line for an operator, never a copy of whatever a server answered. */
const REASON_MAX_CHARACTERS = 160;

export class PlatformError extends Error {
  /** The platform's own reason, for operators; never shown to the public. */
  readonly reason: string;

  constructor(
    readonly code: PlatformErrorCode,
    reason: string,
    readonly retryAfterMs?: number,
  ) {
    const line = [...reason.replace(/\s+/g, ' ')].slice(0, REASON_MAX_CHARACTERS).join('');
    super(`${code}: ${line}`);
    this.reason = line;
    this.name = 'PlatformError';
  }

  get retriable(): boolean {
    return this.code === PlatformErrorCode.RateLimited || this.code === PlatformErrorCode.Transient;
  }
}
