import { canTransition, CLAIMABLE_STATES, DeliveryState, statesLeadingTo } from './delivery.entity';
import { retryDelayMs } from './retry-policy';

describe('delivery state machine', () => {
  it('never leaves a final state', () => {
    for (const final of [DeliveryState.Removed, DeliveryState.Cancelled, DeliveryState.Superseded]) {
      for (const to of Object.values(DeliveryState)) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('never posts again from unconfirmed without reconciling: only back to pending, or to a found post', () => {
    expect(statesLeadingTo(DeliveryState.Publishing)).toEqual(CLAIMABLE_STATES);
    expect(canTransition(DeliveryState.Unconfirmed, DeliveryState.Publishing)).toBe(false);
    expect(canTransition(DeliveryState.Unconfirmed, DeliveryState.Pending)).toBe(true);
    expect(canTransition(DeliveryState.Unconfirmed, DeliveryState.Published)).toBe(true);
  });

  it('takes a live post down only through removing', () => {
    expect(statesLeadingTo(DeliveryState.Removed)).toEqual([DeliveryState.Removing]);
  });
});

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
