import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Transactions, updatedRows } from '@mb/database';
import { type DueDelivery, S, WRITES } from './delivery-sql';

/** Reposts waiting for a unit operator's review, and the window's fallback. */
@Injectable()
export class RepostReviewsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** Closes review windows: each waiting repost follows its unit's fallback (post or skip). */
  async applyReviewFallbacks(now: Date, limit: number): Promise<DueDelivery[]> {
    return updatedRows<DueDelivery>(
      await this.dataSource.query(
        `UPDATE delivery d
       SET state = (CASE WHEN u.review_fallback = 'post' THEN $3::delivery_state ELSE $4::delivery_state END),
           last_error_code = CASE WHEN u.review_fallback = 'post' THEN NULL ELSE 'REVIEW_WINDOW_CLOSED' END, updated_at = $1
       FROM account a JOIN unit u ON u.id = a.unit_id
       WHERE a.id = d.account_id AND d.id IN (
         SELECT id FROM delivery WHERE state = ANY ($5::delivery_state[]) AND review_due_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       RETURNING d.id, d.platform, d.state`,
        [now, limit, S.Pending, S.Declined, WRITES.reviewFallbackPost],
      ),
    );
  }

  /** An operator's decision on one waiting repost; null when it is not waiting (or not theirs to see). */
  async decideReview(id: string, approve: boolean, now: Date, confinedTo: string | null): Promise<DueDelivery | null> {
    const rows = updatedRows<DueDelivery>(
      await this.transactions.manager().query(
        `UPDATE delivery d SET state = $2::delivery_state, updated_at = $3
       FROM account a JOIN unit u ON u.id = a.unit_id
       WHERE d.id = $1 AND a.id = d.account_id AND d.state = ANY ($5::delivery_state[]) AND ($4::text IS NULL OR u.path LIKE $4 || '%')
       RETURNING d.id, d.platform, d.state`,
        [id, approve ? S.Pending : S.Declined, now, confinedTo, approve ? WRITES.reviewFallbackPost : WRITES.reviewFallbackSkip],
      ),
    );
    return rows[0] ?? null;
  }

  /** Reposts waiting for review in a unit operator's subtree (all of them for other roles). */
  pendingReviews(confinedTo: string | null, limit: number, offset: number) {
    return this.dataSource.query(
      `SELECT d.id, d.bulletin_id AS "bulletinId", b.title, b.kind, b.priority, d.account_id AS "accountId",
              a.display_name AS "accountName", d.platform, u.name AS "unitName", d.review_due_at AS "reviewDueAt"
       FROM delivery d JOIN account a ON a.id = d.account_id JOIN unit u ON u.id = a.unit_id JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.state = $4::delivery_state AND ($1::text IS NULL OR u.path LIKE $1 || '%')
       ORDER BY d.review_due_at, d.id LIMIT $2 OFFSET $3`,
      [confinedTo, limit, offset, S.AwaitingReview],
    );
  }
}
