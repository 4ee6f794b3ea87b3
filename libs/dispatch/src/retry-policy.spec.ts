import { retryDelayMs } from './retry-policy';

describe('retry backoff', () => {
  const settings = { retryBaseDelayMs: 1000, retryMaxDelayMs: 60_000 };

  it('draws below base × 2^(attempt-1), capped (full jitter)', () => {
    expect(retryDelayMs(settings, 1, 0, () => 0.999)).toBe(999);
    expect(retryDelayMs(settings, 4, 0, () => 0.5)).toBe(4000);
    expect(retryDelayMs(settings, 30, 0, () => 0.999)).toBe(59_940);
    expect(retryDelayMs(settings, 3, 0, () => 0)).toBe(0);
  });

  it('never waits less than the platform Retry-After', () => {
    expect(retryDelayMs(settings, 1, 30_000, () => 0.1)).toBe(30_000);
  });
});
