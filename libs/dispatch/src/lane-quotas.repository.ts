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
   * Takes one use of each quota for the delivery, all or none, and records the lane on it; or
   * says until when the lane is full. Takes of one account's lane queue behind each other.
   */
  take(request: QuotaTake): Promise<QuotaFull | null> {
    return this.transactions.run(async () => {
      await this.transactions.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2, 0))`, [
        request.accountId,
        request.lane,
      ]);
      const [block] = await this.transactions.query(
        `SELECT blocked_until FROM account_lane_block WHERE account_id = $1 AND lane = $2 AND blocked_until > $3`,
        [request.accountId, request.lane, request.at],
      );
      if (block) return { until: block.blocked_until, quota: null };
      for (const quota of request.quotas) {
        const [count] = await this.transactions.query(
          `SELECT count(*) FILTER (WHERE delivery_id <> $5)::int AS others, bool_or(delivery_id = $5) AS mine
           FROM lane_quota_use WHERE account_id = $1 AND lane = $2 AND quota_window = $3 AND window_start = $4`,
          [request.accountId, request.lane, quota.window, quotaWindowStart(quota.window, request.at), request.deliveryId],
        );
        if (!count.mine && count.others >= quota.limit) return { until: quotaWindowEnd(quota.window, request.at), quota };
      }
      if (request.quotas.length > 0)
        await this.transactions.query(
          `INSERT INTO lane_quota_use (delivery_id, account_id, lane, quota_window, window_start, used_at)
           SELECT $1, $2, $3, q.quota_window, q.window_start, $6 FROM unnest($4::text[], $5::timestamptz[]) AS q (quota_window, window_start)
           ON CONFLICT DO NOTHING`,
          [
            request.deliveryId,
            request.accountId,
            request.lane,
            request.quotas.map((quota) => quota.window),
            request.quotas.map((quota) => quotaWindowStart(quota.window, request.at)),
            request.at,
          ],
        );
      await this.transactions.query(`UPDATE delivery SET lane = $2, lane_reason = $3 WHERE id = $1`, [
        request.deliveryId,
        request.lane,
        request.reason,
      ]);
      return null;
    });
  }

  /** Gives back what an attempt took that the platform never counted (it refused, or never answered yes). */
  async release(deliveryId: string, lane: PostingLane): Promise<void> {
    await this.transactions.query(`DELETE FROM lane_quota_use WHERE delivery_id = $1 AND lane = $2`, [deliveryId, lane]);
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
