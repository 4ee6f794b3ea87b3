import { Injectable, Logger } from '@nestjs/common';
import { AccountSessions, AccountBreaker } from '@mb/accounts';
import { BulletinPriority, DeliveryState, LIVE_STATUSES, PostingLane } from '@mb/vocabulary';

import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { PlatformAdapters, PlatformError, PlatformErrorCode, PLATFORM_REGISTRY } from '@mb/platforms';
import { DeliveryJobQueue } from './delivery-jobs';
import { DeliveriesRepository } from './deliveries.repository';
import { type ClaimedDelivery, type DeliveryContext } from './delivery-sql';

import { RenderableBulletins } from './renderable-bulletins';
import { type RenderableBulletin } from '@mb/platforms';
import { TipLinks } from './tip-links';
import { type LaneRequest, PostingLanes } from './posting-lanes.service';
import { PlatformRateLimited, RetryLater, retryDelayMs } from './retry-policy';

export type DeliveryOutcome =
  'published' | 'updated' | 'removed' | 'skipped' | 'cancelled' | 'failed' | 'unconfirmed' | 'requeued' | 'quota_wait';

/** How long to wait for a sibling delivery of the same bulletin and account to finish. */
const BUSY_WAIT_MS = 2_000;

/**
 * Carries one delivery to its platform: claims it, posts or updates (or, for a withdrawn bulletin,
 * takes the post down), and records what happened. Every step re-reads the row, so a job that runs
 * twice, late, or after a withdrawal or a newer version does nothing to the platform.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly bulletins: RenderableBulletins,
    private readonly adapters: PlatformAdapters,
    private readonly sessions: AccountSessions,
    private readonly breaker: AccountBreaker,
    private readonly queue: DeliveryJobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly tipLinks: TipLinks,
    private readonly lanes: PostingLanes,
  ) {}

  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const claim = await this.deliveries.claim(deliveryId, this.clock.now(), this.config.deliveryLeaseSeconds);
    if (!claim) return 'skipped';
    if (claim.kind === 'busy') throw new RetryLater(BUSY_WAIT_MS, 'another delivery of this bulletin to this account is in flight');
    if (claim.kind === 'not_wanted') {
      await this.deliveries.cancel(deliveryId, this.clock.now());
      return 'cancelled';
    }
    const claimed = claim.delivery;
    const from = claimed.action === 'update' ? DeliveryState.Updating : DeliveryState.Publishing;
    if (!(await this.breakerAdmits(claimed, from))) return 'requeued';

    let attempt: () => Promise<DeliveryOutcome>;
    const inUse: LaneInUse = { lane: null };
    // Reading the bulletin is the database's work: if that fails the row stays in flight, like any other database failure.
    const bulletin = await this.bulletins.load(
      claimed.bulletinId,
      claimed.version,
      this.tipLinks.links(claimed.bulletinSeq, claimed.accountSeq),
    );
    try {
      attempt = await this.prepare(claimed, bulletin, inUse);
    } catch (error) {
      // Nothing was sent: a missing image or unreadable credentials need an operator, not a retry.
      const failure =
        error instanceof PlatformError
          ? error
          : new PlatformError(PlatformErrorCode.Rejected, `cannot prepare the post: ${(error as Error).message}`);
      return this.recordFailure(claimed, from, failure, inUse);
    }
    try {
      const outcome = await attempt();
      if (claimed.consecutiveFailures > 0 || claimed.breakerState !== 'closed') await this.breaker.recordSuccess(claimed.accountId);
      return outcome;
    } catch (error) {
      // Only the platform's answers are judged here. Anything else (the database gone mid-way)
      // leaves the row in flight: its lease runs out and the sweeper reconciles it.
      if (!(error instanceof PlatformError)) throw error;
      return this.recordFailure(claimed, from, error, inUse);
    }
  }

  /** An unconfirmed post is looked for on the platform by its marker before anything is posted again. */
  async reconcile(deliveryId: string): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    const context = await this.deliveries.claimForReconcile(deliveryId, now, this.config.deliveryLeaseSeconds);
    if (!context) return 'skipped';
    const marker = this.tipLinks.code(context.bulletinSeq, context.accountSeq);
    // A follow-up carries the same marker as the account's earlier posts of the bulletin: those are not it.
    const followUp = context.replacesDeliveryId !== null;
    const known = followUp ? await this.deliveries.otherPostIds(context) : [];
    let found;
    try {
      found = await this.adapters.for(context.platform).findPostByMarker(this.sessions.open(context), marker, known);
    } catch (error) {
      const failure = asPlatformError(error);
      await this.deliveries.recordFailure(
        deliveryId,
        DeliveryState.Unconfirmed,
        DeliveryState.Unconfirmed,
        failure.code,
        `reconciliation: ${failure.reason}`,
        null,
        this.clock.now(),
      );
      throw new RetryLater(retryDelayMs(this.config, context.attempts, failure.retryAfterMs), `reconciliation failed: ${failure.code}`);
    }
    if (found) {
      const state = followUp
        ? await this.deliveries.recordUpdated(
            { id: deliveryId, previousPostId: null, previousDeliveryId: null },
            found.postId,
            found.url,
            'follow_up',
            this.clock.now(),
          )
        : await this.deliveries.recordPosted(deliveryId, DeliveryState.Unconfirmed, found.postId, found.url, this.clock.now());
      if (state === DeliveryState.Removing) await this.queue.enqueueRemovals([{ id: deliveryId, platform: context.platform }]);
      this.logger.log({ deliveryId, found: true }, 'unconfirmed delivery reconciled');
      return 'published';
    }
    const stillWanted = LIVE_STATUSES.includes(context.bulletinStatus) && context.version === context.currentVersion;
    if (!stillWanted) {
      await this.deliveries.cancel(deliveryId, this.clock.now());
      return 'cancelled';
    }
    if (await this.deliveries.returnToPending(deliveryId, this.clock.now())) {
      await this.queue.enqueue([{ id: deliveryId, platform: context.platform }]);
      this.logger.log({ deliveryId, found: false }, 'unconfirmed delivery not on the platform; posting again');
    }
    return 'requeued';
  }

  /** Takes a post down (withdrawal). Removing what is already gone counts as done. */
  async remove(deliveryId: string): Promise<DeliveryOutcome> {
    const context = await this.deliveries.claimForRemoval(deliveryId, this.clock.now(), this.config.deliveryLeaseSeconds);
    if (!context) return 'skipped';
    if (!context.platformPostId) {
      await this.deliveries.recordRemoved(deliveryId, this.clock.now());
      return 'removed';
    }
    try {
      await this.adapters.for(context.platform).remove(this.sessions.open(context), context.platformPostId);
      await this.deliveries.recordRemoved(deliveryId, this.clock.now());
      return 'removed';
    } catch (error) {
      const failure = asPlatformError(error);
      if (failure.code === PlatformErrorCode.Rejected || context.attempts >= this.config.deliveryMaxAttempts) {
        await this.deliveries.recordFailure(
          deliveryId,
          DeliveryState.Removing,
          DeliveryState.Failed,
          failure.code,
          `removal: ${failure.reason}`,
          null,
          this.clock.now(),
        );
        return 'failed';
      }
      const delayMs = retryDelayMs(this.config, context.attempts, failure.retryAfterMs);
      await this.deliveries.recordFailure(
        deliveryId,
        DeliveryState.Removing,
        DeliveryState.Removing,
        failure.code,
        `removal: ${failure.reason}`,
        new Date(this.clock.now().getTime() + delayMs),
        this.clock.now(),
      );
      throw new RetryLater(delayMs, `removal ${failure.code}`);
    }
  }

  private async breakerAdmits(claimed: ClaimedDelivery, from: DeliveryState): Promise<boolean> {
    if (claimed.breakerState === 'closed') return true;
    const verdict = await this.breaker.admit(claimed.accountId, this.clock.now(), this.config.deliveryLeaseSeconds);
    if (verdict.allowed) return true;
    const nextAttempt = new Date(this.clock.now().getTime() + verdict.retryInMs);
    await this.deliveries.recordFailure(
      claimed.id,
      from,
      DeliveryState.RetryWait,
      'BREAKER_OPEN',
      'the account circuit breaker is open',
      nextAttempt,
      this.clock.now(),
      false,
    );
    throw new RetryLater(verdict.retryInMs, 'account circuit breaker open');
  }

  /** Renders and opens the credentials; returns the attempt: the lane chosen, then the one call that reaches the platform. */
  private async prepare(claimed: ClaimedDelivery, bulletin: RenderableBulletin, inUse: LaneInUse): Promise<() => Promise<DeliveryOutcome>> {
    const adapter = this.adapters.for(claimed.platform);
    const rendered = adapter.render(bulletin);
    const session = this.sessions.open(claimed);
    const laneRequest: LaneRequest = {
      deliveryId: claimed.id,
      accountId: claimed.accountId,
      platform: claimed.platform,
      accountClass: claimed.accountClass,
      urgent: claimed.bulletinPriority === BulletinPriority.Urgent,
      action: claimed.action,
      lane: claimed.lane,
    };
    // The lane is chosen in the attempt: a database failure there leaves the row in flight, like any other.
    const chooseLane = async () => {
      const choice = await this.lanes.choose(laneRequest);
      inUse.lane = choice.lane;
      inUse.request = laneRequest;
      return choice;
    };
    if (claimed.action === 'update') {
      return async () => {
        const choice = await chooseLane();
        const context = { idempotencyKey: claimed.id, lane: choice.lane };
        const updated = await adapter.update(session, claimed.previousPostId as string, rendered, context);
        const state = await this.deliveries.recordUpdated(claimed, updated.postId, updated.url, updated.mode, this.clock.now());
        if (state === DeliveryState.Removing) await this.queue.enqueueRemovals([{ id: claimed.id, platform: claimed.platform }]);
        return 'updated';
      };
    }
    return async () => {
      let choice = await chooseLane();
      let post;
      try {
        post = await adapter.post(session, rendered, { idempotencyKey: claimed.id, lane: choice.lane });
      } catch (error) {
        // No push left after all (the platform counts sends made outside the engine too): publish without one.
        if (!(error instanceof PlatformError) || error.code !== PlatformErrorCode.QuotaExhausted || choice.lane !== PostingLane.Push)
          throw error;
        await this.lanes.exhausted(laneRequest, PostingLane.Push, error.reason);
        choice = await chooseLane();
        post = await adapter.post(session, rendered, { idempotencyKey: claimed.id, lane: choice.lane });
      }
      const state = await this.deliveries.recordPosted(claimed.id, DeliveryState.Publishing, post.postId, post.url, this.clock.now());
      if (state === DeliveryState.Removing) await this.queue.enqueueRemovals([{ id: claimed.id, platform: claimed.platform }]);
      return 'published';
    };
  }

  private async recordFailure(
    claimed: DeliveryContext,
    from: DeliveryState,
    error: PlatformError,
    inUse: LaneInUse,
  ): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    this.logger.warn({ deliveryId: claimed.id, code: error.code, attempts: claimed.attempts }, 'delivery attempt failed');
    await this.breaker.recordFailure(claimed.accountId, error, now);
    // Only a post that may exist keeps its quota use; every other failure made nothing the platform counts
    // (a quota answer gives its use back as it blocks the lane, below).
    const givesBack = error.code !== PlatformErrorCode.UnknownOutcome && error.code !== PlatformErrorCode.QuotaExhausted;
    if (inUse.lane && givesBack) await this.lanes.release(claimed.id, inUse.lane);
    if (error.code === PlatformErrorCode.QuotaExhausted) {
      // The platform's own answer blocks the lane to the quota's reset; the ledger's comes with the wait.
      const until =
        inUse.lane && inUse.request
          ? await this.lanes.exhausted(inUse.request, inUse.lane, error.reason)
          : new Date(now.getTime() + (error.retryAfterMs ?? 0));
      // Hours-long waits stay in the database, not the queue: the sweeper offers the delivery again once the quota resets.
      await this.deliveries.recordFailure(claimed.id, from, DeliveryState.RetryWait, error.code, error.reason, until, now, false);
      return 'quota_wait';
    }
    if (error.code === PlatformErrorCode.RateLimited) {
      // The platform's limit is for the whole app: not this delivery's fault, so not an attempt.
      await this.deliveries.recordFailure(
        claimed.id,
        from,
        DeliveryState.RetryWait,
        error.code,
        error.reason,
        new Date(now.getTime() + (error.retryAfterMs ?? 1000)),
        now,
        false,
      );
      throw new PlatformRateLimited(error.retryAfterMs ?? 1000);
    }
    // An unanswered follow-up post may exist as a new post: it is looked for before anything is posted again,
    // so a retry makes no second one and a withdrawal meanwhile still takes it down.
    const mayHaveMadeAPost =
      from === DeliveryState.Publishing ||
      (from === DeliveryState.Updating && PLATFORM_REGISTRY[claimed.platform].updateMode === 'new_post');
    if (error.code === PlatformErrorCode.UnknownOutcome && mayHaveMadeAPost) {
      await this.deliveries.recordFailure(claimed.id, from, DeliveryState.Unconfirmed, error.code, error.reason, null, now);
      return 'unconfirmed';
    }
    if (!error.retriable && error.code !== PlatformErrorCode.UnknownOutcome) {
      await this.deliveries.recordFailure(claimed.id, from, DeliveryState.Failed, error.code, error.reason, null, now);
      return 'failed';
    }
    if (claimed.attempts >= this.config.deliveryMaxAttempts) {
      await this.deliveries.recordFailure(
        claimed.id,
        from,
        DeliveryState.Failed,
        error.code,
        `${error.reason} (gave up after ${claimed.attempts} attempts)`,
        null,
        now,
      );
      return 'failed';
    }
    const delayMs = retryDelayMs(this.config, claimed.attempts, error.retryAfterMs);
    await this.deliveries.recordFailure(
      claimed.id,
      from,
      DeliveryState.RetryWait,
      error.code,
      error.reason,
      new Date(now.getTime() + delayMs),
      now,
    );
    throw new RetryLater(delayMs, `${error.code}: retry in ${delayMs} ms`);
  }
}

/** Anything that is not a typed platform error may have happened after the request left: assume the post may exist. */
function asPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  return new PlatformError(PlatformErrorCode.UnknownOutcome, error instanceof Error ? error.message : String(error));
}

/** The lane an attempt took its quota in, once chosen, for the failure path to give back or block. */
interface LaneInUse {
  lane: PostingLane | null;
  request?: LaneRequest;
}
