import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  BulletinStatus,
  CLAIMABLE_STATES,
  CLOSED_STATUSES,
  DELIVERABLE_STATUSES,
  deliveryTransition,
  DeliveryState,
  IN_FLIGHT_STATES,
  LIVE_POST_STATES,
  Platform,
  statesLeadingTo,
  UNSTARTED_STATES,
} from '@mb/vocabulary';

import { GroupWrites, preparedQuery, Transactions, updatedRows } from '@mb/database';
import { accountFilterFor, ringOfAccountSql, TargetSpecDto } from '@mb/targeting';
import { PostedListener } from './posted-listener';
import { Delivery } from './delivery.entity';

const S = DeliveryState;

/**
 * The state changes this repository writes, each declared with the states it moves from and
 * checked against the transition table when the module loads. Every UPDATE of `state` below
 * takes its from-states and its new state from here, as parameters.
 */
const WRITES = {
  reviewFallbackPost: deliveryTransition(S.AwaitingReview, S.Pending),
  reviewFallbackSkip: deliveryTransition(S.AwaitingReview, S.Declined),
  cancelUnstarted: deliveryTransition(UNSTARTED_STATES, S.Cancelled),
  takeDown: deliveryTransition(LIVE_POST_STATES, S.Removing),
  markQueued: deliveryTransition(S.Pending, S.Queued),
  claimToPost: deliveryTransition(CLAIMABLE_STATES, S.Publishing),
  claimToUpdate: deliveryTransition(CLAIMABLE_STATES, S.Updating),
  posted: deliveryTransition([S.Publishing, S.Unconfirmed], S.Published),
  postedAfterWithdrawal: deliveryTransition([S.Publishing, S.Unconfirmed], S.Removing),
  updated: deliveryTransition(S.Updating, S.Updated),
  updatedAfterWithdrawal: deliveryTransition(S.Updating, S.Removing),
  superseded: deliveryTransition(LIVE_POST_STATES, S.Superseded),
  removed: deliveryTransition(S.Removing, S.Removed),
  cancel: deliveryTransition(statesLeadingTo(S.Cancelled), S.Cancelled),
  backToPending: deliveryTransition(S.Unconfirmed, S.Pending),
  leaseLostWhilePosting: deliveryTransition(S.Publishing, S.Unconfirmed),
  leaseLostWhileUpdating: deliveryTransition(S.Updating, S.RetryWait),
};

/** The account and bulletin facts a worker needs with a delivery, read in the same round trip as the claim. */
export interface DeliveryContext {
  id: string;
  bulletinId: string;
  version: number;
  attempts: number;
  platform: Platform;
  accountId: string;
  accountSeq: number;
  platformAccountId: string;
  credentialsSealed: string;
  bulletinSeq: number;
  bulletinStatus: BulletinStatus;
  currentVersion: number;
  breakerState: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  platformPostId: string | null;
}

export interface ClaimedDelivery extends DeliveryContext {
  action: 'post' | 'update';
  /** For an update: the live post of the account's earlier delivery. */
  previousPostId: string | null;
  previousDeliveryId: string | null;
}

export type ClaimResult =
  | { kind: 'claimed'; delivery: ClaimedDelivery }
  /** Another delivery of this bulletin to this account is in flight: try later, never side by side. */
  | { kind: 'busy' }
  /** The work is no longer wanted (e.g. a resolution for an account that never had the post). */
  | { kind: 'not_wanted' };

export interface ProgressRow {
  platform: Platform;
  state: DeliveryState;
  count: number;
}

export interface ReviewRules {
  now: Date;
  urgent: boolean;
  defaultWindowMinutes: number;
}

export interface DueDelivery {
  id: string;
  platform: Platform;
  state: DeliveryState;
}

const CONTEXT_COLUMNS = `
  a.seq::int AS "accountSeq", a.platform_account_id AS "platformAccountId", a.credentials_sealed AS "credentialsSealed",
  a.breaker_state AS "breakerState", a.consecutive_failures AS "consecutiveFailures",
  b.seq::int AS "bulletinSeq", b.status AS "bulletinStatus", b.current_version AS "currentVersion"`;

/**
 * The bulletin's status, read under a key-share lock: a withdrawal in progress (which holds the row
 * for update) is waited for, so a post recorded at that moment still sees it and goes to removal.
 */
const bulletinStatusLocked = (deliveryIds: string) => `
  SELECT b.id, b.status FROM bulletin b WHERE b.id IN (SELECT bulletin_id FROM delivery WHERE id = ANY (${deliveryIds})) FOR KEY SHARE`;

/**
 * The rows of a change to many deliveries, locked in id order: the order claims take theirs in, so a
 * withdrawal or a new version meeting a claim in progress waits for it instead of deadlocking with it.
 */
const lockedInIdOrder = (condition: string) => `SELECT id FROM delivery WHERE ${condition} ORDER BY id FOR UPDATE`;

interface ClaimRequest {
  id: string;
  at: Date;
  leaseSeconds: number;
}

function claimResult(row: Record<string, any> | undefined): ClaimResult | null {
  if (!row) return null;
  if (row.busy) return { kind: 'busy' };
  if (!row.claimedState) return { kind: 'not_wanted' };
  const { busy: _busy, claimedState, ...delivery } = row;
  return {
    kind: 'claimed',
    delivery: { ...delivery, action: claimedState === DeliveryState.Updating ? 'update' : 'post' } as ClaimedDelivery,
  };
}

interface PostedRecord {
  id: string;
  from: DeliveryState;
  postId: string;
  url: string | undefined;
  at: Date;
}

@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly postedListener: PostedListener,
  ) {}

  private readonly postedWrites = new GroupWrites<PostedRecord, DeliveryState | null>((posts) => this.recordPostedRows(posts));
  private readonly claims = new GroupWrites<ClaimRequest, ClaimResult | null>((requests) => this.claimRows(requests));

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
              p.platform_post_id AS "previousPostId", p.id AS "previousDeliveryId", ${CONTEXT_COLUMNS}
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
  async claimForReconcile(id: string, now: Date, leaseSeconds: number): Promise<DeliveryContext | null> {
    return this.leaseInState(id, DeliveryState.Unconfirmed, now, leaseSeconds);
  }

  async claimForRemoval(id: string, now: Date, leaseSeconds: number): Promise<DeliveryContext | null> {
    return this.leaseInState(id, DeliveryState.Removing, now, leaseSeconds);
  }

  private async leaseInState(id: string, state: DeliveryState, now: Date, leaseSeconds: number): Promise<DeliveryContext | null> {
    const rows = await this.dataSource.query(
      `WITH leased AS (
         UPDATE delivery SET lease_until = $3::timestamptz + make_interval(secs => $4), attempts = attempts + 1, updated_at = $3
         WHERE id = $1 AND state = $2 AND (lease_until IS NULL OR lease_until < $3) AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
         RETURNING id, bulletin_id, version, attempts, platform, account_id, platform_post_id
       )
       SELECT l.id, l.bulletin_id AS "bulletinId", l.version, l.attempts, l.platform, l.account_id AS "accountId",
              l.platform_post_id AS "platformPostId", ${CONTEXT_COLUMNS}
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
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; state: DeliveryState; bulletinId: string; accountId: string; platform: Platform; postedAt: Date }> =
        await preparedQuery(
          manager,
          'delivery-record-posted',
          `WITH input AS (
             SELECT * FROM unnest($1::uuid[], $2::delivery_state[], $3::text[], $4::text[], $5::timestamptz[]) AS i (id, from_state, post_id, url, at)
           ),
           bulletin_now AS (${bulletinStatusLocked('$1::uuid[]')})
           UPDATE delivery d
           SET state = (CASE WHEN b.status = $6::bulletin_status THEN $7 ELSE $8 END)::delivery_state,
               platform_post_id = i.post_id, post_url = i.url, posted_at = i.at, lease_until = NULL, next_attempt_at = NULL,
               last_error_code = NULL, last_error_reason = NULL, updated_at = i.at
           FROM input i, bulletin_now b
           WHERE d.id = i.id AND d.state = i.from_state AND b.id = d.bulletin_id
           RETURNING d.id, d.state, d.bulletin_id AS "bulletinId", d.account_id AS "accountId", d.platform, d.posted_at AS "postedAt"`,
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
        ).then((result) => updatedRows(result));
      // The new post is measured from now on, in the transaction that records it.
      const published = rows.filter((row) => row.state === DeliveryState.Published);
      await this.postedListener.postsRecorded(
        manager,
        published.map((row) => ({
          deliveryId: row.id,
          bulletinId: row.bulletinId,
          accountId: row.accountId,
          platform: row.platform,
          postedAt: row.postedAt,
        })),
      );
      const states = new Map(rows.map((row) => [row.id, row.state]));
      return posts.map((post) => states.get(post.id) ?? null);
    });
  }

  /** The newer version reached the live post; an edited post now belongs to this row, a follow-up leaves both live. */
  async recordUpdated(
    claimed: ClaimedDelivery,
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

  // ---- the sweeper's questions; each answer is bounded and safe to act on twice ----

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
   * removals due. Their `updated_at` is touched so the next sweep does not take them again at once.
   */
  async takeDueForQueue(now: Date, staleSeconds: number, limit: number): Promise<DueDelivery[]> {
    return updatedRows<DueDelivery>(
      await this.dataSource.query(
        `UPDATE delivery SET updated_at = $1
       WHERE id IN (
         SELECT id FROM delivery
         WHERE (state = ANY ($4::delivery_state[]) AND updated_at < $1::timestamptz - make_interval(secs => $2))
            OR (state = $5::delivery_state AND next_attempt_at <= $1)
            OR (state = $6::delivery_state AND (lease_until IS NULL OR lease_until < $1) AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
                AND updated_at < $1::timestamptz - make_interval(secs => $2 / 4.0))
         ORDER BY updated_at LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       RETURNING id, platform, state`,
        [now, staleSeconds, limit, [S.Pending, S.Queued], S.RetryWait, S.Removing],
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

  // ---- reading ----

  progress(bulletinId: string): Promise<ProgressRow[]> {
    return this.dataSource.query(
      `SELECT platform, state, count(*)::int AS count FROM delivery WHERE bulletin_id = $1 GROUP BY platform, state`,
      [bulletinId],
    );
  }

  /** A page of a bulletin's deliveries, oldest first, with how many match in all. */
  async list(
    bulletinId: string,
    filter: { state?: DeliveryState; platform?: Platform },
    limit: number,
    offset: number,
  ): Promise<{ items: Delivery[]; total: number }> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Delivery, 'd')
      .where('d.bulletin_id = :bulletinId', { bulletinId })
      .orderBy('d.created_at')
      .addOrderBy('d.id')
      .take(limit)
      .skip(offset);
    if (filter.state) builder.andWhere('d.state = :state', { state: filter.state });
    if (filter.platform) builder.andWhere('d.platform = :platform', { platform: filter.platform });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }
}
