import { Injectable } from '@nestjs/common';
import { Transactions } from '@mb/database';
import { type LaneReason, type PostingLane, QuotaWindow, quotaWindowEnd, quotaWindowStart } from '@mb/vocabulary';

/** A counted quota as the ledger needs it. */
export interface CountedQuota {
  window: QuotaWindow;
  limit: number;
}

/** The lane's quota is used up until `until`; `limit` and `window` name which one. */
export interface QuotaFull {
  until: Date;
  quota: CountedQuota | null;
}

export interface QuotaTake {
  deliveryId: string;
  accountId: string;
  lane: PostingLane;
  quotas: readonly CountedQuota[];
  reason: LaneReason;
  at: Date;
}

/** One account's use of one lane's quota in the window now running. */
export interface LaneUse {
  lane: PostingLane;
  window: QuotaWindow;
  used: number;
  windowStart: Date;
}

/**
 * The ledger of quota use: one row per delivery and quota window, so a retried attempt finds its
 * own row instead of counting again, and every process sees the same count. A lane the platform
 * itself reported as used up is blocked until its window ends.
 */
@Injectable()
export class LaneQuotasRepository {
  constructor(private readonly transactions: Transactions) {}

  /**
   * Takes one use of the lane's quota for the delivery and records the lane on it, in one
   * statement; or says until when the lane is full or blocked. The take raises the window's
   * counter row conditionally, so concurrent takes of one account queue on that row and never both
   * pass a full quota; a delivery that already holds its use (a retry) takes nothing again.
   */
  async take(request: QuotaTake): Promise<QuotaFull | null> {
    const quota = request.quotas[0];
    if (!quota) {
      await this.transactions.query(`UPDATE delivery SET lane = $2, lane_reason = $3 WHERE id = $1`, [
        request.deliveryId,
        request.lane,
        request.reason,
      ]);
      return null;
    }
    const [result] = await this.transactions.query(
      `WITH blocked AS (
         SELECT blocked_until FROM account_lane_block WHERE account_id = $2 AND lane = $3 AND blocked_until > $6
       ),
       held AS (
         SELECT 1 FROM lane_quota_use WHERE delivery_id = $1 AND lane = $3 AND quota_window = $4 AND window_start = $5
       ),
       mine AS (
         INSERT INTO lane_quota_use (delivery_id, account_id, lane, quota_window, window_start, used_at)
         SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM blocked) AND NOT EXISTS (SELECT 1 FROM held)
         ON CONFLICT DO NOTHING RETURNING 1
       ),
       counted AS (
         INSERT INTO lane_quota_count AS c (account_id, lane, quota_window, window_start, used)
         SELECT $2, $3, $4, $5, 1 FROM mine
         ON CONFLICT (account_id, lane, quota_window, window_start) DO UPDATE SET used = c.used + 1 WHERE c.used < $7
         RETURNING 1
       ),
       chosen AS (
         UPDATE delivery SET lane = $3, lane_reason = $8
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM blocked) AND (EXISTS (SELECT 1 FROM held) OR EXISTS (SELECT 1 FROM counted))
         RETURNING 1
       )
       SELECT (SELECT blocked_until FROM blocked) AS "blockedUntil", (SELECT count(*) FROM mine)::int AS fresh,
              (SELECT count(*) FROM chosen)::int AS chosen`,
      [
        request.deliveryId,
        request.accountId,
        request.lane,
        quota.window,
        quotaWindowStart(quota.window, request.at),
        request.at,
        quota.limit,
        request.reason,
      ],
    );
    if (result.blockedUntil) return { until: result.blockedUntil, quota: null };
    if (result.chosen === 1) return null;
    // Full: the use row this take wrote is not counted, so it goes.
    if (result.fresh === 1) await this.releaseOne(request.deliveryId, request.lane, quota.window, false);
    return { until: quotaWindowEnd(quota.window, request.at), quota };
  }

  /** Gives back what an attempt took that the platform never counted (it refused, or never answered yes). */
  async release(deliveryId: string, lane: PostingLane): Promise<void> {
    await this.releaseOne(deliveryId, lane, null, true);
  }

  /** Deletes the delivery's use rows and, for uses that were counted, lowers their window's counter. */
  private async releaseOne(deliveryId: string, lane: PostingLane, window: QuotaWindow | null, counted: boolean): Promise<void> {
    await this.transactions.query(
      `WITH gone AS (
         DELETE FROM lane_quota_use WHERE delivery_id = $1 AND lane = $2 AND ($3::text IS NULL OR quota_window = $3)
         RETURNING account_id, lane, quota_window, window_start
       )
       UPDATE lane_quota_count c SET used = c.used - 1 FROM gone g
       WHERE $4 AND c.account_id = g.account_id AND c.lane = g.lane AND c.quota_window = g.quota_window
         AND c.window_start = g.window_start AND c.used > 0`,
      [deliveryId, lane, window, counted],
    );
  }

  /** The platform said the lane's quota is used up, whatever our count: nothing goes in it until `until`. */
  async block(accountId: string, lane: PostingLane, until: Date, reason: string): Promise<void> {
    await this.transactions.query(
      `INSERT INTO account_lane_block (account_id, lane, blocked_until, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, lane) DO UPDATE SET blocked_until = GREATEST(account_lane_block.blocked_until, EXCLUDED.blocked_until),
         reason = EXCLUDED.reason`,
      [accountId, lane, until, reason.slice(0, 300)],
    );
  }

  /** The account's use of each lane and window now running, and any block in force. */
  async usage(
    accountId: string,
    at: Date,
  ): Promise<{ uses: LaneUse[]; blocks: Array<{ lane: PostingLane; until: Date; reason: string }> }> {
    const uses = await this.transactions.query(
      `SELECT lane, quota_window AS window, window_start AS "windowStart", count(*)::int AS used
       FROM lane_quota_use WHERE account_id = $1 AND window_start >= $2
       GROUP BY lane, quota_window, window_start`,
      [accountId, quotaWindowStart(QuotaWindow.Month, at)],
    );
    const blocks = await this.transactions.query(
      `SELECT lane, blocked_until AS until, reason FROM account_lane_block WHERE account_id = $1 AND blocked_until > $2`,
      [accountId, at],
    );
    return { uses, blocks };
  }
}
