export interface BackoffSettings {
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

/** Exponential backoff with full jitter; never sooner than the platform's Retry-After. */
export function retryDelayMs(settings: BackoffSettings, attempt: number, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.retryMaxDelayMs, settings.retryBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryAfterMs, Math.floor(random() * ceiling));
}

/** Thrown by an attempt that must run again after `delayMs`; the queue's backoff reads it. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLater';
  }
}

/** Thrown when the platform said "too many calls": the whole platform queue waits `waitMs`, in every worker process. */
export class PlatformRateLimited extends Error {
  constructor(readonly waitMs: number) {
    super(`platform rate limited for ${waitMs} ms`);
    this.name = 'PlatformRateLimited';
  }
}
