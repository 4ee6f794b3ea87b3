import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { LIVE_POST_STATES } from '@mb/vocabulary';
import { updatedRows } from '@mb/database';
import { accountFilterFor, ringOfAccountSql, type TargetSpecDto } from '@mb/targeting';
import { type DueDelivery, type ReviewRules, S, WRITES, lockedInIdOrder } from './delivery-sql';

/** The rows a publish, a ring, an update or a withdrawal creates or ends, in set-based statements. */
@Injectable()
export class FanOutRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One delivery per targeted account for this version, in one statement; existing ones are kept.
   * With rings, only accounts within ring `throughRing` are taken, each marked with its own ring.
   * An account whose policy is `review` waits for its unit operator (until the unit's window
   * closes), unless the bulletin is urgent and the unit has not opted out, or it already carries the
   * bulletin. An account whose operator declined the bulletin is not offered it again.
   */
  async insertForTarget(
    manager: EntityManager,
    bulletinId: string,
    version: number,
    target: TargetSpecDto,
    throughRing: number,
    review: ReviewRules,
  ): Promise<DueDelivery[]> {
    const filter = accountFilterFor(target, 10, throughRing);
    const ring = ringOfAccountSql(target, 10 + filter.parameters.length);
    return manager.query(
      `INSERT INTO delivery (bulletin_id, version, account_id, platform, ring, state, review_due_at)
       SELECT $1, $2, a.id, a.platform, ${ring.sql},
              (CASE WHEN needs_review THEN $6::delivery_state ELSE $7::delivery_state END),
              CASE WHEN needs_review THEN $3::timestamptz + make_interval(mins => coalesce(u.review_window_minutes, $5)) END
       FROM account a JOIN unit u ON u.id = a.unit_id
       CROSS JOIN LATERAL (SELECT a.repost_policy = 'review' AND NOT ($4 AND NOT u.urgent_opt_out)
         AND NOT EXISTS (SELECT 1 FROM delivery o WHERE o.bulletin_id = $1 AND o.account_id = a.id AND o.state = ANY ($8::delivery_state[]))
         AS needs_review) review
       WHERE ${filter.sql}
         AND NOT EXISTS (SELECT 1 FROM delivery o WHERE o.bulletin_id = $1 AND o.account_id = a.id AND o.state = $9::delivery_state)
       ORDER BY a.seq
       ON CONFLICT (bulletin_id, version, account_id) DO NOTHING
       RETURNING id, platform, state`,
      [
        bulletinId,
        version,
        review.now,
        review.urgent,
        review.defaultWindowMinutes,
        S.AwaitingReview,
        S.Pending,
        LIVE_POST_STATES,
        S.Declined,
        ...filter.parameters,
        ...ring.parameters,
      ],
    );
  }

  /** The rings after the first, each due some minutes after publishing; expanded once each by the scheduler. */
  async scheduleRings(manager: EntityManager, bulletinId: string, target: TargetSpecDto, publishedAt: Date): Promise<void> {
    const later = (target.rings?.steps ?? [])
      .map((step, ring) => ({ ring, at: new Date(publishedAt.getTime() + step.afterMinutes * 60_000) }))
      .filter(({ ring }) => ring > 0);
    if (later.length === 0) return;
    await manager.query(
      `INSERT INTO bulletin_ring (bulletin_id, ring, due_at) SELECT $1, r, d FROM unnest($2::int[], $3::timestamptz[]) AS t (r, d) ON CONFLICT DO NOTHING`,
      [bulletinId, later.map(({ ring }) => ring), later.map(({ at }) => at)],
    );
  }

  /** How far the alert has widened: the highest ring already expanded (0 before any expansion). */
  async expandedThrough(manager: EntityManager, bulletinId: string): Promise<number> {
    const [row] = await manager.query(
      `SELECT coalesce(max(ring), 0)::int AS ring FROM bulletin_ring WHERE bulletin_id = $1 AND expanded_at IS NOT NULL`,
      [bulletinId],
    );
    return row.ring;
  }

  /** Claims one due ring (once, whatever the number of schedulers) inside the caller's transaction. */
  async claimDueRing(manager: EntityManager, now: Date): Promise<{ bulletinId: string; ring: number } | null> {
    const rows = updatedRows<{ bulletin_id: string; ring: number }>(
      await manager.query(
        `UPDATE bulletin_ring SET expanded_at = $1
       WHERE (bulletin_id, ring) = (
         SELECT bulletin_id, ring FROM bulletin_ring WHERE expanded_at IS NULL AND due_at <= $1
         ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       RETURNING bulletin_id, ring`,
        [now],
      ),
    );
    return rows[0] ? { bulletinId: rows[0].bulletin_id, ring: rows[0].ring } : null;
  }

  /** A new version for exactly the accounts that hold a live post (used to carry a resolution to them). */
  async insertForLivePosts(manager: EntityManager, bulletinId: string, version: number): Promise<DueDelivery[]> {
    return manager.query(
      `INSERT INTO delivery (bulletin_id, version, account_id, platform)
       SELECT DISTINCT $1::uuid, $2::int, d.account_id, d.platform
       FROM delivery d WHERE d.bulletin_id = $1 AND d.state = ANY ($3::delivery_state[])
       ON CONFLICT (bulletin_id, version, account_id) DO NOTHING
       RETURNING id, platform, state`,
      [bulletinId, version, LIVE_POST_STATES],
    );
  }

  /** Work not started that a newer version or a withdrawal made pointless. */
  async cancelUnstarted(manager: EntityManager, bulletinId: string, belowVersion: number | null): Promise<number> {
    const [, count] = await manager.query(
      `UPDATE delivery SET state = $4, next_attempt_at = NULL, updated_at = now()
       WHERE id IN (${lockedInIdOrder('bulletin_id = $1 AND state = ANY ($2::delivery_state[]) AND ($3::int IS NULL OR version < $3)')})`,
      [bulletinId, WRITES.cancelUnstarted, belowVersion, S.Cancelled],
    );
    return count;
  }

  /** Every live post of a withdrawn bulletin is to be taken down. */
  async markLivePostsForRemoval(manager: EntityManager, bulletinId: string): Promise<DueDelivery[]> {
    return updatedRows<DueDelivery>(
      await manager.query(
        `UPDATE delivery SET state = $3, next_attempt_at = NULL, lease_until = NULL, updated_at = now()
       WHERE id IN (${lockedInIdOrder('bulletin_id = $1 AND state = ANY ($2::delivery_state[])')})
       RETURNING id, platform, state`,
        [bulletinId, WRITES.takeDown, S.Removing],
      ),
    );
  }

  /** A row a worker holds is being claimed already: the mark would be moot, and waiting for it could deadlock. */
  async markQueued(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE delivery SET state = $2, updated_at = now()
       WHERE id IN (SELECT id FROM delivery WHERE id = ANY ($1::uuid[]) AND state = ANY ($3::delivery_state[]) FOR UPDATE SKIP LOCKED)`,
      [ids, S.Queued, WRITES.markQueued],
    );
  }
}
