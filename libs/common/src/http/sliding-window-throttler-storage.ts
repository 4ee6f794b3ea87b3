import type { OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** Slots a window is counted in: hits leave it one slot (a 60th of the window, a second for a minute) at a time. */
const SLOTS = 60;

interface Window {
  slotMs: number;
  /** Hits per slot, a ring indexed by slot number modulo SLOTS. */
  hits: Uint32Array;
  /** The newest slot counted so far (wall time / slotMs). */
  slot: number;
  total: number;
  blockedUntil: number;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Hits per key over a sliding window, for `@nestjs/throttler`, in constant time and memory per key.
 * The library's in-memory storage keeps one timestamp per hit and filters them all on every
 * request, so a flood of tips on one bulletin made each further tip slower (a minute's 60,000
 * hits were scanned twice a request). Semantics are the library's: the hit over the limit is
 * refused and the key stays blocked for blockDuration, after which it counts afresh.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || (window.blockedUntil > 0 && window.blockedUntil <= now)) {
      window = { slotMs: Math.max(1, Math.ceil(ttl / SLOTS)), hits: new Uint32Array(SLOTS), slot: 0, total: 0, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    this.slide(window, now);
    if (window.blockedUntil > now) return this.blocked(window, now, limit);
    window.hits[window.slot % SLOTS] += 1;
    window.total += 1;
    if (window.total > limit) {
      window.blockedUntil = now + blockDuration;
      return this.blocked(window, now, limit);
    }
    return { totalHits: window.total, timeToExpire: seconds(this.oldestHitLeavesAt(window) - now), isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Keys held now (idle ones are dropped once their window is empty). */
  get size(): number {
    return this.windows.size;
  }

  /** Drops keys with no hit left in their window and no block running. */
  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.blockedUntil > now) continue;
      this.slide(window, now);
      if (window.total === 0 || window.blockedUntil > 0) this.windows.delete(key);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Empties the slots that have left the window since the last hit. */
  private slide(window: Window, now: number): void {
    const slot = Math.floor(now / window.slotMs);
    const passed = Math.min(slot - window.slot, SLOTS);
    for (let step = 1; step <= passed; step += 1) {
      const index = (window.slot + step) % SLOTS;
      window.total -= window.hits[index];
      window.hits[index] = 0;
    }
    if (slot > window.slot) window.slot = slot;
  }

  private oldestHitLeavesAt(window: Window): number {
    for (let age = SLOTS - 1; age > 0; age -= 1) {
      if (window.hits[(window.slot - age + SLOTS) % SLOTS] > 0) return (window.slot - age + SLOTS) * window.slotMs;
    }
    return (window.slot + SLOTS) * window.slotMs;
  }

  private blocked(window: Window, now: number, limit: number): ThrottlerStorageRecord {
    const timeToBlockExpire = seconds(window.blockedUntil - now);
    return { totalHits: Math.max(window.total, limit + 1), timeToExpire: timeToBlockExpire, isBlocked: true, timeToBlockExpire };
  }
}

const seconds = (milliseconds: number) => Math.max(1, Math.ceil(milliseconds / 1000));
