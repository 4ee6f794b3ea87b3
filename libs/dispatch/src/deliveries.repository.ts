import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BulletinStatus,
  CLOSED_STATUSES,
  DELIVERABLE_STATUSES,
  deliveryTransition,
  DeliveryState,
  IN_FLIGHT_STATES,
  LIVE_POST_STATES,
} from '@mb/vocabulary';
import { GroupWrites, preparedQuery, updatedRows } from '@mb/database';
import { PostedListener } from './posted-listener';
import {
  CONTEXT_COLUMNS,
  type ClaimRequest,
  type ClaimResult,
  type ClaimedDelivery,
  type DeliveryContext,
  type PostedRecord,
  S,
  WRITES,
  bulletinStatusLocked,
  claimResult,
} from './delivery-sql';

/**
 * A delivery's attempts, on the hot path: the claim, the recorded post, update, removal or
 * failure. Claims and posts made at the same moment by many jobs go to the database together.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly postedListener: PostedListener,
  ) {}

  private readonly postedWrites = new GroupWrites<PostedRecord, DeliveryState | null>((posts) => this.recordPostedRows(posts));
  private readonly claims = new GroupWrites<ClaimRequest, ClaimResult | null>((requests) => this.claimRows(requests));

  /**
   * Takes a delivery for one attempt, only if its work is still wanted (a claimable state, this
   * version still current, the bulletin live or resolved) and no other delivery of the bulletin to
   * the account is in flight. Decides whether the attempt posts or updates the account's live post.
   * It waits out a brief row lock (the "queued" mark) instead of skipping: a skipped job would leave
   * the row to the sweeper. Claims made at the same moment by many jobs go to the database together.
   */
  claim(id: string, now: Date, leaseSeconds: number): Promise<ClaimResult | null> {
    return this.claims.write({ id, at: now, leaseSeconds });
  }

  private async claimRows(requests: readonly ClaimRequest[]): Promise<Array<ClaimResult | null>> {
    const rows: Array<Record<string, any>> = await preparedQuery(
      this.dataSource,
      'delivery-claim',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[]) AS i (id, at, lease_seconds)
       ),
       target AS (
         SELECT d.id, d.bulletin_id, d.account_id, d.version, b.status AS bulletin_status, i.at, i.lease_seconds
         FROM input i JOIN delivery d ON d.id = i.id JOIN bulletin b ON b.id = d.bulletin_id
         WHERE d.state = ANY ($4::delivery_state[]) AND b.current_version = d.version AND b.status = ANY ($5::bulletin_status[])
         ORDER BY d.id
         FOR UPDATE OF d
       ),
       previous AS (
         SELECT DISTINCT ON (t.id) t.id AS target_id, o.id, o.platform_post_id
         FROM target t JOIN delivery o ON o.bulletin_id = t.bulletin_id AND o.account_id = t.account_id
         WHERE o.version < t.version AND o.state = ANY ($7::delivery_state[]) AND o.platform_post_id IS NOT NULL
         ORDER BY t.id, o.version DESC
       ),
       busy AS (
         SELECT t.id, (
           EXISTS (SELECT 1 FROM delivery o WHERE o.bulletin_id = t.bulletin_id AND o.account_id = t.account_id AND o.id <> t.id AND o.state = ANY ($6::delivery_state[]))
           -- two versions for one account in the same group: the first goes, the other waits its turn
           OR EXISTS (SELECT 1 FROM target s WHERE s.bulletin_id = t.bulletin_id AND s.account_id = t.account_id AND s.id < t.id)
         ) AS busy
         FROM target t
       ),
       claimed AS (
         UPDATE delivery d
         SET state = (CASE WHEN p.id IS NULL THEN $8::delivery_state ELSE $9::delivery_state END),
             attempts = d.attempts + 1, lease_until = t.at + make_interval(secs => t.lease_seconds),
             next_attempt_at = NULL, replaces_delivery_id = p.id, updated_at = t.at
         FROM target t JOIN busy ON busy.id = t.id LEFT JOIN previous p ON p.target_id = t.id
         WHERE d.id = t.id AND NOT busy.busy AND (t.bulletin_status <> ALL ($10::bulletin_status[]) OR p.id IS NOT NULL)
         RETURNING d.id, d.state, d.attempts
       )
       SELECT t.id, t.bulletin_id AS "bulletinId", t.version, d.platform, t.account_id AS "accountId",
              busy.busy, c.state AS "claimedState", c.attempts, d.platform_post_id AS "platformPostId",
              p.platform_post_id AS "previousPostId", p.id AS "previousDeliveryId", d.lane, ${CONTEXT_COLUMNS}
       FROM target t JOIN busy ON busy.id = t.id
       JOIN delivery d ON d.id = t.id JOIN account a ON a.id = t.account_id JOIN bulletin b ON b.id = t.bulletin_id
       LEFT JOIN claimed c ON c.id = t.id LEFT JOIN previous p ON p.target_id = t.id`,
      [
        requests.map((request) => request.id),
        requests.map((request) => request.at),
        requests.map((request) => request.leaseSeconds),
        WRITES.claimToPost,
        DELIVERABLE_STATUSES,
        IN_FLIGHT_STATES,
        LIVE_POST_STATES,
        S.Publishing,
        S.Updating,
        CLOSED_STATUSES,
      ],
    );
    // The same delivery asked for twice in one group (a stalled job's rerun) is claimed once, as before.
    const unclaimed = new Map(rows.map((row) => [row.id as string, row]));
    return requests.map((request) => {
      const row = unclaimed.get(request.id);
      unclaimed.delete(request.id);
      return claimResult(row);
    });
  }

  /** Takes an unconfirmed delivery for reconciliation, once per lease. */
  /** An unanswered post, or an unanswered follow-up post of an update (its `replacesDeliveryId` set). */
  async claimForReconcile(
    id: string,
    now: Date,
    leaseSeconds: number,
  ): Promise<(DeliveryContext & { replacesDeliveryId: string | null }) | null> {
    return this.leaseInState(id, DeliveryState.Unconfirmed, now, leaseSeconds);
  }

  async claimForRemoval(id: string, now: Date, leaseSeconds: number): Promise<DeliveryContext | null> {
    return this.leaseInState(id, DeliveryState.Removing, now, leaseSeconds);
  }

  /** The posts this account already holds for the bulletin, by its other deliveries: what a follow-up being looked for is not. */
  async otherPostIds(context: Pick<DeliveryContext, 'id' | 'bulletinId' | 'accountId'>): Promise<string[]> {
    const rows: Array<{ post_id: string }> = await this.dataSource.query(
      `SELECT platform_post_id AS post_id FROM delivery
       WHERE bulletin_id = $1 AND account_id = $2 AND id <> $3 AND platform_post_id IS NOT NULL`,
      [context.bulletinId, context.accountId, context.id],
    );
    return rows.map((row) => row.post_id);
  }

  private async leaseInState(
    id: string,
    state: DeliveryState,
    now: Date,
    leaseSeconds: number,
  ): Promise<(DeliveryContext & { replacesDeliveryId: string | null }) | null> {
    const rows = await this.dataSource.query(
      `WITH leased AS (
         UPDATE delivery SET lease_until = $3::timestamptz + make_interval(secs => $4), attempts = attempts + 1, updated_at = $3
         WHERE id = $1 AND state = $2 AND (lease_until IS NULL OR lease_until < $3) AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
         RETURNING id, bulletin_id, version, attempts, platform, account_id, platform_post_id, replaces_delivery_id
       )
       SELECT l.id, l.bulletin_id AS "bulletinId", l.version, l.attempts, l.platform, l.account_id AS "accountId",
              l.platform_post_id AS "platformPostId", l.replaces_delivery_id AS "replacesDeliveryId", ${CONTEXT_COLUMNS}
       FROM leased l JOIN account a ON a.id = l.account_id JOIN bulletin b ON b.id = l.bulletin_id`,
      [id, state, now, leaseSeconds],
    );
    return rows[0] ?? null;
  }

  /**
   * Records a post (new or found by reconciliation). If the bulletin was withdrawn meanwhile the
   * post goes straight to removal; the returned state says which. Posts recorded at the same moment
   * by many jobs go to the database together.
   */
  recordPosted(id: string, from: DeliveryState, postId: string, url: string | undefined, now: Date): Promise<DeliveryState | null> {
    if (!WRITES.posted.includes(from)) throw new Error(`a post is recorded from ${WRITES.posted.join(' or ')}, not ${from}`);
    return this.postedWrites.write({ id, from, postId, url, at: now });
  }

  private async recordPostedRows(posts: readonly PostedRecord[]): Promise<Array<DeliveryState | null>> {
    // The new post is measured from now on: the reports lib's part of the statement writes its readings.
    const rows: Array<{ id: string; state: DeliveryState }> = await preparedQuery(
      this.dataSource,
      'delivery-record-posted',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::delivery_state[], $3::text[], $4::text[], $5::timestamptz[]) AS i (id, from_state, post_id, url, at)
       ),
       bulletin_now AS (${bulletinStatusLocked('$1::uuid[]')}),
       posted AS (
         UPDATE delivery d
         SET state = (CASE WHEN b.status = $6::bulletin_status THEN $7::delivery_state ELSE $8::delivery_state END),
             platform_post_id = i.post_id, post_url = i.url, posted_at = i.at, lease_until = NULL, next_attempt_at = NULL,
             last_error_code = NULL, last_error_reason = NULL, updated_at = i.at
         FROM input i, bulletin_now b
         WHERE d.id = i.id AND d.state = i.from_state AND b.id = d.bulletin_id
         RETURNING d.id, d.state, d.bulletin_id, d.account_id, d.platform, d.posted_at
       ),
       new_posts AS (SELECT * FROM posted WHERE state = $8::delivery_state),
       ${this.postedListener.newPostsSql('new_posts')}
       SELECT id, state FROM posted`,
      [
        posts.map((post) => post.id),
        posts.map((post) => post.from),
        posts.map((post) => post.postId),
        posts.map((post) => post.url ?? null),
        posts.map((post) => post.at),
        BulletinStatus.Withdrawn,
        DeliveryState.Removing,
        DeliveryState.Published,
      ],
    );
    const states = new Map(rows.map((row) => [row.id, row.state]));
    return posts.map((post) => states.get(post.id) ?? null);
  }

  /** The newer version reached the live post; an edited post now belongs to this row, a follow-up leaves both live. */
  async recordUpdated(
    claimed: Pick<ClaimedDelivery, 'id' | 'previousPostId' | 'previousDeliveryId'>,
    postId: string,
    url: string | undefined,
    mode: 'edited' | 'follow_up',
    now: Date,
  ): Promise<DeliveryState | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = updatedRows<{ state: DeliveryState }>(
        await manager.query(
          `WITH bulletin_now AS (${bulletinStatusLocked('ARRAY[$1::uuid]')})
         UPDATE delivery d
         SET state = (CASE WHEN (SELECT status FROM bulletin_now) = $6::bulletin_status THEN $7::delivery_state ELSE $8::delivery_state END),
             platform_post_id = $2, post_url = $3, update_mode = $4, posted_at = $5, lease_until = NULL,
             last_error_code = NULL, last_error_reason = NULL, updated_at = $5
         WHERE d.id = $1 AND d.state = ANY ($9::delivery_state[])
         RETURNING d.state`,
          [claimed.id, postId, url ?? null, mode, now, BulletinStatus.Withdrawn, S.Removing, S.Updated, WRITES.updated],
        ),
      );
      if (rows.length > 0 && postId === claimed.previousPostId && claimed.previousDeliveryId) {
        await manager.query(`UPDATE delivery SET state = $4, updated_at = $2 WHERE id = $1 AND state = ANY ($3::delivery_state[])`, [
          claimed.previousDeliveryId,
          now,
          WRITES.superseded,
          S.Superseded,
        ]);
      }
      return rows[0]?.state ?? null;
    });
  }

  async recordRemoved(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET state = $3, removed_at = $2, lease_until = NULL, next_attempt_at = NULL, updated_at = $2
       WHERE id = $1 AND state = ANY ($4::delivery_state[])`,
      [id, now, S.Removed, WRITES.removed],
    );
  }

  /** Ends an attempt that did not succeed, moving the row from the state the attempt held to `to`. */
  async recordFailure(
    id: string,
    from: DeliveryState,
    to: DeliveryState,
    errorCode: string,
    reason: string,
    nextAttemptAt: Date | null,
    now: Date,
    countAttempt = true,
  ): Promise<boolean> {
    deliveryTransition(from, to);
    const [, count] = await this.dataSource.query(
      `UPDATE delivery SET state = $3, last_error_code = $4, last_error_reason = $5, next_attempt_at = $6,
              lease_until = NULL, attempts = attempts - $8, updated_at = $7
       WHERE id = $1 AND state = $2`,
      [id, from, to, errorCode, reason.slice(0, 1000), nextAttemptAt, now, countAttempt ? 0 : 1],
    );
    return count === 1;
  }

  async cancel(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET state = $4, lease_until = NULL, next_attempt_at = NULL, updated_at = $2
       WHERE id = $1 AND state = ANY ($3::delivery_state[])`,
      [id, now, WRITES.cancel, S.Cancelled],
    );
  }

  /** An unconfirmed delivery whose post was not found: nothing was made, so it may be posted again. */
  async returnToPending(id: string, now: Date): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE delivery SET state = $3, lease_until = NULL, updated_at = $2 WHERE id = $1 AND state = ANY ($4::delivery_state[])`,
      [id, now, S.Pending, WRITES.backToPending],
    );
    return count === 1;
  }
}
