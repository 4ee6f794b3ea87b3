import { SlidingWindowThrottlerStorage } from './sliding-window-throttler-storage';

const MINUTE = 60_000;

describe('SlidingWindowThrottlerStorage', () => {
  let now = 1_800_000_000_000;
  let storage: SlidingWindowThrottlerStorage;
  const hit = (key = 'client-a', limit = 5) => storage.increment(key, MINUTE, limit, MINUTE);

  beforeEach(() => {
    now = 1_800_000_000_000;
    storage = new SlidingWindowThrottlerStorage(() => now);
  });
  afterEach(() => storage.onModuleDestroy());

  it('lets the limit through, refuses the next hit and keeps the key blocked for the block duration', async () => {
    const answers = [];
    for (let index = 0; index < 7; index += 1) answers.push(await hit());
    expect(answers.map((answer) => answer.isBlocked)).toEqual([false, false, false, false, false, true, true]);
    expect(answers[4].totalHits).toBe(5);
    expect(answers[5].timeToBlockExpire).toBe(60);
    now += 59_000;
    expect((await hit()).isBlocked).toBe(true);
    now += 1_000;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('counts only the hits of the last minute, to the second', async () => {
    for (let index = 0; index < 3; index += 1) await hit();
    now += 30_000;
    for (let index = 0; index < 2; index += 1) await hit();
    expect((await hit()).isBlocked).toBe(true);

    storage = new SlidingWindowThrottlerStorage(() => now);
    for (let index = 0; index < 3; index += 1) await hit();
    now += 30_000;
    await hit();
    await hit();
    now += 31_000;
    // The first three have left the window; the two of 31 s ago are still in it.
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 3 });
    expect((await hit()).timeToExpire).toBe(29);
  });

  it('keeps keys apart', async () => {
    for (let index = 0; index < 6; index += 1) await hit('client-a');
    expect(await hit('client-b')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('forgets keys whose window has emptied, and keeps blocked ones until the block ends', async () => {
    await hit('quiet');
    for (let index = 0; index < 6; index += 1) await hit('flooding');
    now += MINUTE - 1;
    storage.sweep();
    expect(storage.size).toBe(2);
    now += 1;
    storage.sweep();
    expect(storage.size).toBe(0);
  });

  it('counts a long flood as the hits of its last minute only', async () => {
    const flood = 200_000;
    for (let index = 0; index < flood; index += 1) {
      now += 1;
      await hit('bulletin:7', 10_000_000);
    }
    const { totalHits } = await hit('bulletin:7', 10_000_000);
    expect(totalHits).toBeGreaterThanOrEqual(MINUTE - 1_000);
    expect(totalHits).toBeLessThanOrEqual(MINUTE + 1);
  });
});
