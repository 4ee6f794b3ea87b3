import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BulletinStatus, type Platform } from '@mb/vocabulary';
import { updatedRows } from '@mb/database';
import { type DueDelivery, S, WRITES } from './delivery-sql';

/** The sweeper's questions; each answer is bounded and safe to act on twice. */
@Injectable()
export class SweeperRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A posting whose worker vanished (lease over) may have reached the platform: treat it as unconfirmed. */
  async expireLeases(now: Date): Promise<number> {
    const [, unconfirmed] = await this.dataSource.query(
      `UPDATE delivery SET state = $2, lease_until = NULL, last_error_code = 'LEASE_EXPIRED',
              last_error_reason = 'the worker stopped while posting', updated_at = $1
       WHERE state = ANY ($3::delivery_state[]) AND lease_until < $1`,
      [now, S.Unconfirmed, WRITES.leaseLostWhilePosting],
    );
    const [, retried] = await this.dataSource.query(
      `UPDATE delivery SET state = $2, lease_until = NULL, next_attempt_at = $1, last_error_code = 'LEASE_EXPIRED',
              last_error_reason = 'the worker stopped while updating', updated_at = $1
       WHERE state = ANY ($3::delivery_state[]) AND lease_until < $1`,
      [now, S.RetryWait, WRITES.leaseLostWhileUpdating],
    );
    return unconfirmed + retried;
  }

  /**
   * Deliveries the queue should hold but may have lost: pending or queued for a while, retries due,
   * removals due, each only if its platform's queue has moved past it (`turnsTakenBefore`: the job
   * next in line there was added later), so a national backlog waiting its turn is not queued again
   * every sweep. Their `updated_at` is touched so the next sweep does not take them again at once.
   */
  async takeDueForQueue(now: Date, staleSeconds: number, limit: number, turnsTakenBefore: Map<Platform, Date>): Promise<DueDelivery[]> {
    return updatedRows<DueDelivery>(
      await this.dataSource.query(
        `UPDATE delivery SET updated_at = $1
       WHERE id IN (
         SELECT d.id FROM delivery d JOIN unnest($7::text[], $8::timestamptz[]) AS q (platform, turns_before) ON q.platform = d.platform
         WHERE (d.state = ANY ($4::delivery_state[]) AND d.updated_at < LEAST($1::timestamptz - make_interval(secs => $2), q.turns_before))
            OR (d.state = $5::delivery_state AND d.next_attempt_at <= LEAST($1, q.turns_before))
            OR (d.state = $6::delivery_state AND (d.lease_until IS NULL OR d.lease_until < $1) AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= $1)
                AND d.updated_at < LEAST($1::timestamptz - make_interval(secs => $2 / 4.0), q.turns_before))
         ORDER BY d.updated_at LIMIT $3
         FOR UPDATE OF d SKIP LOCKED
       )
       RETURNING id, platform, state`,
        [
          now,
          staleSeconds,
          limit,
          [S.Pending, S.Queued],
          S.RetryWait,
          S.Removing,
          [...turnsTakenBefore.keys()],
          [...turnsTakenBefore.values()],
        ],
      ),
    );
  }

  /**
   * Work that a withdrawal or a newer version made pointless but that came back after the change
   * committed (an attempt in flight then recorded its failure as a retry): it ends as cancelled
   * instead of waiting for ever, so every delivery of a withdrawn or superseded version ends final.
   */
  async cancelAbandoned(now: Date, limit: number): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE delivery SET state = $5, next_attempt_at = NULL, lease_until = NULL, updated_at = $1
       WHERE id IN (
         SELECT d.id FROM delivery d JOIN bulletin b ON b.id = d.bulletin_id
         WHERE d.state = ANY ($2::delivery_state[]) AND (b.status = $3 OR d.version < b.current_version)
         ORDER BY d.id LIMIT $4 FOR UPDATE OF d SKIP LOCKED
       )`,
      [now, WRITES.cancelUnstarted, BulletinStatus.Withdrawn, limit, S.Cancelled],
    );
    return count;
  }

  /** Safety net: a post that went live on a withdrawn bulletin is taken down. */
  async takeOrphanedLivePosts(now: Date, limit: number): Promise<DueDelivery[]> {
    return updatedRows<DueDelivery>(
      await this.dataSource.query(
        `UPDATE delivery SET state = $4, next_attempt_at = NULL, lease_until = NULL, updated_at = $1
       WHERE id IN (
         SELECT d.id FROM delivery d JOIN bulletin b ON b.id = d.bulletin_id
         WHERE b.status = $5 AND d.state = ANY ($2::delivery_state[]) LIMIT $3 FOR UPDATE OF d SKIP LOCKED
       )
       RETURNING id, platform, state`,
        [now, WRITES.takeDown, limit, S.Removing, BulletinStatus.Withdrawn],
      ),
    );
  }

  async takeDueForReconcile(now: Date, afterSeconds: number, limit: number): Promise<DueDelivery[]> {
    return this.dataSource.query(
      `SELECT id, platform, state FROM delivery
       WHERE state = $4 AND (lease_until IS NULL OR lease_until < $1)
         AND updated_at <= $1::timestamptz - make_interval(secs => $2)
       ORDER BY updated_at LIMIT $3`,
      [now, afterSeconds, limit, S.Unconfirmed],
    );
  }
}
