import { QuotaWindow, quotaWindowEnd, quotaWindowStart } from './lane';

describe('quota windows in Beijing time', () => {
  it('starts a day at Beijing midnight, which is 16:00 UTC the day before', () => {
    const at = new Date('2026-12-02T15:59:59Z');
    expect(quotaWindowStart(QuotaWindow.Day, at).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(quotaWindowEnd(QuotaWindow.Day, at).toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect(quotaWindowStart(QuotaWindow.Day, new Date('2026-12-02T16:00:00Z')).toISOString()).toBe('2026-12-02T16:00:00.000Z');
  });

  it('ends a month on the first of the next Beijing month, across a year', () => {
    const at = new Date('2026-12-31T17:00:00Z'); // already 1 January in Beijing
    expect(quotaWindowStart(QuotaWindow.Month, at).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(quotaWindowEnd(QuotaWindow.Month, new Date('2026-12-15T00:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('counts hours on the hour', () => {
    const at = new Date('2026-12-02T09:42:10Z');
    expect(quotaWindowStart(QuotaWindow.Hour, at).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(quotaWindowEnd(QuotaWindow.Hour, at).toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });
});
