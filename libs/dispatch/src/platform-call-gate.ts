import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig, platformRatePerSecond } from '@mb/config';
import { Transactions } from '@mb/database';
import type { Platform } from '@mb/vocabulary';
import { RetryLater } from './retry-policy';

/** How long a process waits to ask again when the database did not answer a take. */
const RETRY_AFTER_FAILED_TAKE_MS = 1000;
/** A process takes at least this share of a platform's second at once, so a busy fan-out asks a few times a second, not once a call. */
const SHARE_TAKEN_AT_ONCE = 1 / 10;
/**
 * No call starts in a second's last part, as long as a job's platform work takes: a platform
 * counts a post when its publishing call arrives, one or more round trips after the job starts,
 * and a job begun late lands in the next second's count. Bounded so that a slow platform still
 * gets most of each second.
 */
const SECOND_EDGE_MS = { least: 100, most: 600 };
/** Weight of the latest job in the running mean of a platform's job time. */
const JOB_TIME_WEIGHT = 0.05;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The calls this process holds for one platform's running second, and the jobs waiting for one. */
interface Allowance {
  /** Calls held for the running second. */
  held: number;
  /** When the calls held may no longer start (the second's edge), by this process's clock. */
  expiresAt: number;
  /** Running mean of how long this platform's jobs take from the gate to their end, in ms. */
  jobMs: number;
  /** When the database's running second ended, by this process's clock: where its seconds fall on ours. */
  secondEndsAt: number;
  waiters: Waiter[];
  asking: boolean;
  timer?: NodeJS.Timeout;
}

interface TakeAnswer {
  granted: number;
  waitMs: number;
  windowLeftMs: number;
}

/**
 * Each platform's configured call rate, held across every worker process by the engine itself: a
 * process takes a block of the running second's calls from the database in one statement and hands
 * them to its jobs at once, so a second's calls start early in it and none in its last part; a job
 * finding none waits for the next second. A platform's "too many calls" pauses it for every
 * process. The queue's own limiter did the same, but on the PostgreSQL backend its claim took a
 * per-queue lock, so one platform's jobs were claimed one at a time.
 */
@Injectable()
export class PlatformCallGate implements OnModuleDestroy {
  private readonly logger = new Logger(PlatformCallGate.name);
  private readonly allowances = new Map<Platform, Allowance>();
  private closed = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /** Resolves when the platform may be called once more; rejects with RetryLater if the count cannot be read. */
  take(platform: Platform): Promise<void> {
    const allowance = this.allowance(platform);
    if (Date.now() >= allowance.expiresAt) allowance.held = 0;
    if (allowance.held > 0) {
      allowance.held -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      allowance.waiters.push({ resolve, reject });
      this.ask(platform, allowance);
    });
  }

  /** A job let through at `startedAt` is done: its time sets how early in a second the platform's jobs must start. */
  finished(platform: Platform, startedAt: number): void {
    const allowance = this.allowance(platform);
    const took = Date.now() - startedAt;
    allowance.jobMs = allowance.jobMs === 0 ? took : allowance.jobMs + (took - allowance.jobMs) * JOB_TIME_WEIGHT;
  }

  /** The platform said "too many calls": no process calls it for `ms`. */
  async pause(platform: Platform, ms: number): Promise<void> {
    this.allowance(platform).held = 0;
    await this.transactions.query(`SELECT pause_platform_calls($1, $2)`, [platform, Math.max(1, Math.ceil(ms))]);
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const allowance of this.allowances.values()) {
      clearTimeout(allowance.timer);
      for (const waiter of allowance.waiters.splice(0)) waiter.reject(new RetryLater(RETRY_AFTER_FAILED_TAKE_MS, 'worker stopping'));
    }
  }

  private allowance(platform: Platform): Allowance {
    let allowance = this.allowances.get(platform);
    if (!allowance)
      this.allowances.set(platform, (allowance = { held: 0, expiresAt: 0, jobMs: 0, secondEndsAt: 0, waiters: [], asking: false }));
    return allowance;
  }

  /** One take in flight per platform: the waiters that gather meanwhile are served by the next. */
  private ask(platform: Platform, allowance: Allowance): void {
    if (allowance.asking || allowance.timer || this.closed) return;
    const edgeIn = msToSecondEdge(allowance.secondEndsAt, edgeOf(allowance));
    if (edgeIn !== null) return this.askAgainIn(platform, allowance, edgeIn);
    allowance.asking = true;
    const perSecond = platformRatePerSecond(this.config, platform);
    const wanted = Math.min(perSecond, Math.max(allowance.waiters.length, Math.ceil(perSecond * SHARE_TAKEN_AT_ONCE)));
    this.transactions
      .prepared<TakeAnswer[]>(
        'take-platform-calls',
        `SELECT granted, wait_ms AS "waitMs", window_left_ms AS "windowLeftMs" FROM take_platform_calls($1, $2, $3)`,
        [platform, wanted, perSecond],
      )
      .then(
        ([answer]) => {
          allowance.asking = false;
          const now = Date.now();
          allowance.secondEndsAt = now + answer.windowLeftMs;
          allowance.expiresAt = allowance.secondEndsAt - edgeOf(allowance);
          allowance.held = answer.granted;
          // Calls go as soon as they are granted: a second's calls early in it, clear of its edge.
          while (allowance.held > 0 && allowance.waiters.length > 0) {
            allowance.held -= 1;
            (allowance.waiters.shift() as Waiter).resolve();
          }
          if (allowance.waiters.length > 0) this.askAgainIn(platform, allowance, answer.waitMs);
        },
        (error: Error) => {
          allowance.asking = false;
          this.logger.warn({ err: error, platform }, 'platform call rate could not be read; waiting jobs retry later');
          for (const waiter of allowance.waiters.splice(0))
            waiter.reject(new RetryLater(RETRY_AFTER_FAILED_TAKE_MS, 'platform call rate could not be read'));
        },
      );
  }

  private askAgainIn(platform: Platform, allowance: Allowance, ms: number): void {
    if (ms <= 0) return this.ask(platform, allowance);
    allowance.timer = setTimeout(() => {
      allowance.timer = undefined;
      this.ask(platform, allowance);
    }, ms);
  }
}

/**
 * How long until the next second begins when now is within its edge, by where the database's
 * seconds end on this process's clock (known from the last take); null when a call may start now.
 */
function msToSecondEdge(lastSecondEndsAt: number, edgeMs: number): number | null {
  if (lastSecondEndsAt === 0) return null;
  const left = (((lastSecondEndsAt - Date.now()) % 1000) + 1000) % 1000;
  return left < edgeMs ? left + 1 : null;
}

/** The last part of a second in which no job of the platform starts. */
function edgeOf(allowance: Allowance): number {
  return Math.min(SECOND_EDGE_MS.most, Math.max(SECOND_EDGE_MS.least, allowance.jobMs));
}
