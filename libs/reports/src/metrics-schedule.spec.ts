import { nextPollAt } from './metrics-schedule';

describe('nextPollAt', () => {
  const posted = new Date('2026-11-01T00:00:00Z');
  const at = (minutes: number) => new Date(posted.getTime() + minutes * 60_000);

  it('reads every 5 minutes in the first hour, hourly for a day, daily until 30 days, then stops', () => {
    expect(nextPollAt(posted, at(5))).toEqual(at(10));
    expect(nextPollAt(posted, at(59))).toEqual(at(64));
    expect(nextPollAt(posted, at(60))).toEqual(at(120));
    expect(nextPollAt(posted, at(23 * 60 + 59))).toEqual(at(24 * 60 + 59));
    expect(nextPollAt(posted, at(24 * 60))).toEqual(at(48 * 60));
    expect(nextPollAt(posted, at(29 * 24 * 60))).toEqual(at(30 * 24 * 60));
    expect(nextPollAt(posted, at(30 * 24 * 60))).toBeNull();
  });
});
