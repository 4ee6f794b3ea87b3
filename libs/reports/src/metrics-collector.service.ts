import { Injectable, Logger } from '@nestjs/common';
import { AccountSessions, AccountsRepository } from '@mb/accounts';
import { Clock } from '@mb/common';
import { PlatformAdapters, PlatformError } from '@mb/platforms';
import { nextPollAt } from './metrics-schedule';
import { MetricsRepository, type Reading } from './metrics.repository';

const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/**
 * Reads the counters of one account's due posts in as few platform calls as the platform allows
 * (the adapter batches), and records them. Run by the worker as a job on the platform's queue.
 */
@Injectable()
export class MetricsCollectorService {
  private readonly logger = new Logger(MetricsCollectorService.name);

  constructor(
    private readonly metrics: MetricsRepository,
    private readonly accounts: AccountsRepository,
    private readonly sessions: AccountSessions,
    private readonly adapters: PlatformAdapters,
    private readonly clock: Clock,
  ) {}

  async collect(accountId: string): Promise<{ read: number; stopped: number }> {
    const now = this.clock.now();
    const due = await this.metrics.duePostsOf(accountId, now);
    const gone = due.filter((post) => !post.live);
    await this.metrics.stopPolling(gone.map((post) => post.delivery_id));
    const live = due.filter((post) => post.live);
    const account = await this.accounts.sealedById(accountId);
    if (live.length === 0 || !account) return { read: 0, stopped: gone.length };
    let counters;
    try {
      counters = await this.adapters
        .for(account.platform)
        .fetchMetrics(this.sessions.open(account), [...new Set(live.map((post) => post.post_id))]);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      // A platform that refuses or fails is asked again later, not on every scheduler run.
      const retryAt = new Date(now.getTime() + Math.max(error.retryAfterMs ?? 0, RETRY_AFTER_FAILURE_MS));
      await this.metrics.postpone(live.map((post) => ({ deliveryId: post.delivery_id, at: retryAt })));
      this.logger.warn({ accountId, platform: account.platform, code: error.code }, 'counters not read; trying again later');
      return { read: 0, stopped: gone.length };
    }
    const byPost = new Map(counters.map((metrics) => [metrics.postId, metrics]));
    const readings: Reading[] = live.flatMap((post) => {
      const metrics = byPost.get(post.post_id);
      return metrics ? [{ post, metrics, nextPollAt: nextPollAt(new Date(post.posted_at), now) }] : [];
    });
    await this.metrics.record(readings, now);
    const missing = live.filter((post) => !byPost.has(post.post_id));
    if (missing.length > 0) {
      await this.metrics.postpone(missing.map((post) => ({ deliveryId: post.delivery_id, at: nextPollAt(new Date(post.posted_at), now) })));
      this.logger.warn({ accountId, missing: missing.length }, 'platform gave no counters for some posts');
    }
    return { read: readings.length, stopped: gone.length };
  }
}
