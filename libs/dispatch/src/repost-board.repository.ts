import { Injectable } from '@nestjs/common';
import { Transactions } from '@mb/database';
import { DeliveryState, LIVE_STATUSES } from '@mb/vocabulary';
import { type UnitRepost } from './dispatch.views';

/** One unit's reposts of a bulletin, as counted from its accounts' first deliveries; the board adds the times. */
export type UnitRepostRow = Omit<UnitRepost, 'takenSeconds' | 'overdue'>;

/** A unit whose reposts are past the deadline, and what it still owes. */
export interface LateUnit {
  bulletinId: string;
  title: string;
  publishedAt: Date;
  deadlineSeconds: number;
  unitId: string;
  unitName: string;
  parentId: string | null;
  unposted: number;
  awaitingReview: number;
  failed: number;
  nudged: boolean;
  escalated: boolean;
}

/** Deliveries that have not reached their account yet, in whatever way an operator can act on. */
const OWED = [
  DeliveryState.Pending,
  DeliveryState.Queued,
  DeliveryState.RetryWait,
  DeliveryState.AwaitingReview,
  DeliveryState.Publishing,
  DeliveryState.Unconfirmed,
  DeliveryState.Failed,
];

/** The repost board of a bulletin (per unit) and the units past their repost deadline. */
@Injectable()
export class RepostBoardRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Only each account's first delivery counts: an update's delivery is not a repost. */
  board(bulletinId: string, unitPath: string | null): Promise<UnitRepostRow[]> {
    return this.transactions.query(
      `SELECT u.id AS "unitId", u.code AS "unitCode", u.name AS "unitName", count(*)::int AS accounts,
              count(*) FILTER (WHERE d.posted_at IS NOT NULL)::int AS posted,
              count(*) FILTER (WHERE d.state = $3)::int AS "awaitingReview",
              count(*) FILTER (WHERE d.state = $4)::int AS failed,
              count(*) FILTER (WHERE d.state = $5)::int AS declined,
              count(*) FILTER (WHERE d.posted_at IS NULL AND d.state = ANY ($6::delivery_state[]) AND d.state NOT IN ($3, $4))::int AS "notYetReached",
              min(d.posted_at) AS "firstPostedAt", max(d.posted_at) AS "lastPostedAt",
              (array_agg(d.last_error_reason ORDER BY d.updated_at DESC) FILTER (WHERE d.state = $4))[1] AS "failureReason",
              (SELECT max(n.level) FROM repost_nudge n WHERE n.bulletin_id = $1 AND n.unit_id = u.id)::int AS "nudgeLevel"
       FROM delivery d JOIN account a ON a.id = d.account_id JOIN unit u ON u.id = a.unit_id
       WHERE d.bulletin_id = $1 AND d.replaces_delivery_id IS NULL AND d.state <> $7
         AND ($2::text IS NULL OR u.path LIKE $2 || '%')
       GROUP BY u.id
       ORDER BY count(*) FILTER (WHERE d.posted_at IS NOT NULL)::float / count(*), u.code`,
      [bulletinId, unitPath, DeliveryState.AwaitingReview, DeliveryState.Failed, DeliveryState.Declined, OWED, DeliveryState.Cancelled],
    );
  }

  /**
   * Units of live bulletins that still owe reposts past the deadline and have not been nudged, or
   * past twice the deadline and whose parent has not been told.
   */
  late(now: Date, urgentSeconds: number, normalSeconds: number, limit: number): Promise<LateUnit[]> {
    return this.transactions.query(
      `WITH owed AS (
         SELECT d.bulletin_id, a.unit_id, count(*)::int AS unposted,
                count(*) FILTER (WHERE d.state = $6)::int AS "awaitingReview", count(*) FILTER (WHERE d.state = $7)::int AS failed
         FROM delivery d JOIN bulletin b ON b.id = d.bulletin_id JOIN account a ON a.id = d.account_id
         WHERE b.status = ANY ($2::bulletin_status[]) AND b.published_at IS NOT NULL
           AND b.published_at + make_interval(secs => CASE WHEN b.priority = 'urgent' THEN $3::int ELSE $4::int END) <= $1
           AND d.replaces_delivery_id IS NULL AND d.posted_at IS NULL AND d.state = ANY ($5::delivery_state[])
         GROUP BY d.bulletin_id, a.unit_id
       )
       SELECT o.bulletin_id AS "bulletinId", b.title, b.published_at AS "publishedAt",
              (CASE WHEN b.priority = 'urgent' THEN $3::int ELSE $4::int END)::int AS "deadlineSeconds",
              o.unit_id AS "unitId", u.name AS "unitName", u.parent_id AS "parentId", o.unposted, o."awaitingReview", o.failed,
              EXISTS (SELECT 1 FROM repost_nudge n WHERE n.bulletin_id = o.bulletin_id AND n.unit_id = o.unit_id AND n.level = 1) AS nudged,
              EXISTS (SELECT 1 FROM repost_nudge n WHERE n.bulletin_id = o.bulletin_id AND n.unit_id = o.unit_id AND n.level = 2) AS escalated
       FROM owed o JOIN bulletin b ON b.id = o.bulletin_id JOIN unit u ON u.id = o.unit_id
       WHERE NOT EXISTS (SELECT 1 FROM repost_nudge n WHERE n.bulletin_id = o.bulletin_id AND n.unit_id = o.unit_id AND n.level = 1)
          OR (u.parent_id IS NOT NULL
              AND b.published_at + make_interval(secs => 2 * CASE WHEN b.priority = 'urgent' THEN $3::int ELSE $4::int END) <= $1
              AND NOT EXISTS (SELECT 1 FROM repost_nudge n WHERE n.bulletin_id = o.bulletin_id AND n.unit_id = o.unit_id AND n.level = 2))
       ORDER BY b.published_at LIMIT $8`,
      [now, LIVE_STATUSES, urgentSeconds, normalSeconds, OWED, DeliveryState.AwaitingReview, DeliveryState.Failed, limit],
    );
  }

  /** Records a nudge once: false when another process recorded it first. */
  async recordNudge(bulletinId: string, unitId: string, level: 1 | 2, notifiedUnitId: string, at: Date): Promise<boolean> {
    const rows = await this.transactions.query(
      `INSERT INTO repost_nudge (bulletin_id, unit_id, level, notified_unit_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING level`,
      [bulletinId, unitId, level, notifiedUnitId, at],
    );
    return rows.length > 0;
  }
}
