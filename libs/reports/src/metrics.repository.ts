import { Injectable } from '@nestjs/common';
import { BulletinStatus, DeliveryState } from '@mb/vocabulary';

import { Transactions } from '@mb/database';

import { type PostMetrics } from '@mb/platforms';

export interface DuePost {
  delivery_id: string;
  bulletin_id: string;
  unit_id: string;
  platform: string;
  posted_at: Date;
  post_id: string;
  reads: string;
  shares: string;
  likes: string;
  comments: string;
  /** False once the post is gone or its bulletin is closed: it is not read again. */
  live: boolean;
}

export interface Reading {
  post: DuePost;
  metrics: PostMetrics;
  nextPollAt: Date | null;
}

/**
 * A resolved bulletin's posts stay up, marked solved, and the public keeps reading them: their
 * counters are read on the same decaying schedule until the post is removed or 30 days pass, so
 * "reads per outcome" rests on whole figures.
 */
const READ_BULLETIN_STATUSES = [BulletinStatus.Published, BulletinStatus.Updated, BulletinStatus.Resolved];
/** A post is there to read while some delivery of it holds it live (an update in flight included). */
const READABLE_POST_STATES = [DeliveryState.Published, DeliveryState.Updated, DeliveryState.Updating];

@Injectable()
export class MetricsRepository {
  constructor(private readonly transactions: Transactions) {}

  async accountsDue(now: Date, limit: number): Promise<Array<{ account_id: string; platform: string }>> {
    return this.transactions.query(
      `SELECT DISTINCT account_id, platform::text AS platform FROM post_metrics WHERE next_poll_at <= $1 LIMIT $2`,
      [now, limit],
    );
  }

  /** The account's posts due for a reading, each with whether it is still there to read. */
  async duePostsOf(accountId: string, now: Date): Promise<DuePost[]> {
    return this.transactions.query(
      `SELECT pm.delivery_id, pm.bulletin_id, pm.unit_id, pm.platform, pm.posted_at, d.platform_post_id AS post_id,
         pm.reads, pm.shares, pm.likes, pm.comments,
         b.status = ANY($3::bulletin_status[]) AND EXISTS (
           SELECT 1 FROM delivery holder WHERE holder.account_id = pm.account_id AND holder.platform_post_id = d.platform_post_id
             AND holder.state = ANY($4::delivery_state[])
         ) AS live
       FROM post_metrics pm JOIN delivery d ON d.id = pm.delivery_id JOIN bulletin b ON b.id = pm.bulletin_id
       WHERE pm.account_id = $1 AND pm.next_poll_at <= $2`,
      [accountId, now, READ_BULLETIN_STATUSES, READABLE_POST_STATES],
    );
  }

  async stopPolling(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length > 0)
      await this.transactions.query(`UPDATE post_metrics SET next_poll_at = NULL WHERE delivery_id = ANY($1)`, [deliveryIds]);
  }

  async postpone(posts: Array<{ deliveryId: string; at: Date | null }>): Promise<void> {
    await this.transactions.query(
      `UPDATE post_metrics pm SET next_poll_at = r.at FROM unnest($1::uuid[], $2::timestamptz[]) AS r(delivery_id, at) WHERE pm.delivery_id = r.delivery_id`,
      [posts.map((post) => post.deliveryId), posts.map((post) => post.at)],
    );
  }

  /**
   * One transaction: the snapshots, the latest counters and next reading time, and the gains
   * added to the per-unit reach and the per-hour series (counters never go down in a report).
   */
  async record(readings: Reading[], now: Date): Promise<void> {
    if (readings.length === 0) return;
    await this.transactions.run(async () => {
      const column = <T>(pick: (reading: Reading) => T) => readings.map(pick);
      await this.transactions.query(
        `INSERT INTO post_snapshot (delivery_id, bulletin_id, taken_at, reads, shares, likes, comments)
         SELECT delivery_id, bulletin_id, $1, reads, shares, likes, comments
         FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) AS r(delivery_id, bulletin_id, reads, shares, likes, comments)`,
        [
          now,
          column((r) => r.post.delivery_id),
          column((r) => r.post.bulletin_id),
          column((r) => r.metrics.reads),
          column((r) => r.metrics.shares),
          column((r) => r.metrics.likes),
          column((r) => r.metrics.comments),
        ],
      );
      const gains = readings.map((reading) => ({
        reads: Math.max(0, reading.metrics.reads - Number(reading.post.reads)),
        shares: Math.max(0, reading.metrics.shares - Number(reading.post.shares)),
      }));
      await this.transactions.query(
        `UPDATE post_metrics pm SET reads = GREATEST(pm.reads, r.reads), shares = GREATEST(pm.shares, r.shares), likes = GREATEST(pm.likes, r.likes),
           comments = GREATEST(pm.comments, r.comments), next_poll_at = r.next_poll_at, polls = pm.polls + 1, last_polled_at = $1
         FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::timestamptz[]) AS r(delivery_id, reads, shares, likes, comments, next_poll_at)
         WHERE pm.delivery_id = r.delivery_id`,
        [
          now,
          column((r) => r.post.delivery_id),
          column((r) => r.metrics.reads),
          column((r) => r.metrics.shares),
          column((r) => r.metrics.likes),
          column((r) => r.metrics.comments),
          column((r) => r.nextPollAt),
        ],
      );
      await this.transactions.query(
        `INSERT INTO bulletin_reach (bulletin_id, unit_id, platform, reads, shares)
         SELECT bulletin_id, unit_id, platform::platform, sum(reads), sum(shares)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[]) AS g(bulletin_id, unit_id, platform, reads, shares)
         GROUP BY bulletin_id, unit_id, platform
         ON CONFLICT (bulletin_id, unit_id, platform) DO UPDATE SET reads = bulletin_reach.reads + excluded.reads, shares = bulletin_reach.shares + excluded.shares`,
        [
          column((r) => r.post.bulletin_id),
          column((r) => r.post.unit_id),
          column((r) => r.post.platform),
          gains.map((g) => g.reads),
          gains.map((g) => g.shares),
        ],
      );
      await this.transactions.query(
        `INSERT INTO bulletin_reads_hourly (bulletin_id, hour, reads_gained)
         SELECT bulletin_id, date_trunc('hour', $1::timestamptz), sum(reads) FROM unnest($2::uuid[], $3::bigint[]) AS g(bulletin_id, reads)
         GROUP BY bulletin_id
         ON CONFLICT (bulletin_id, hour) DO UPDATE SET reads_gained = bulletin_reads_hourly.reads_gained + excluded.reads_gained`,
        [now, column((r) => r.post.bulletin_id), gains.map((g) => g.reads)],
      );
    });
  }
}
