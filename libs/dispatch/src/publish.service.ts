import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BulletinKind,
  BulletinPriority,
  BulletinStatus,
  DeliveryState,
  outcomeOfPersons,
  PERSON_STATUSES_OF_KIND,
  ResolutionOutcome,
} from '@mb/vocabulary';
import {
  Bulletin,
  type BulletinContent,
  BulletinError,
  BulletinErrorCode,
  BulletinContentDto,
  BulletinProposalsService,
  type ProposalView,
  type ProposedResolution,
  BulletinsRepository,
  BulletinsService,
  type BulletinView,
  contentOf,
  personsOf,
  ResolveBulletinDto,
  statusesNow,
} from '@mb/bulletins';
import { Clock, RequestContext, currentActorId } from '@mb/common';
import { DeliveryJobQueue } from './delivery-jobs';
import { AppConfig } from '@mb/config';
import { type DueDelivery, type ReviewRules } from './delivery-sql';
import { FanOutRepository } from './fan-out.repository';
import { type PublishResult, type ResolveResult, type WithdrawResult } from './dispatch.views';
import { UpdateApprovedListener } from './update-approved-listener';

/** Deliveries queued and then marked queued together: a large fan-out's first posts go out while the rest are still being queued. */
const QUEUEING_CHUNK = 5000;

/**
 * The bulletin's life on the platforms: publish, carry an update or a resolution to every live
 * post, withdraw. Each change commits the status and the delivery rows together; the queue is
 * told after the commit (it cannot join our transaction), and the sweeper covers a failed telling.
 */
@Injectable()
export class PublishService implements OnApplicationShutdown {
  private readonly logger = new Logger(PublishService.name);
  /** Publications whose deliveries are still going on the queue after the answer. */
  private readonly queueing = new Set<Promise<void>>();

  constructor(
    private readonly bulletins: BulletinsRepository,
    private readonly bulletinViews: BulletinsService,
    private readonly proposals: BulletinProposalsService,
    private readonly fanOut: FanOutRepository,
    private readonly queue: DeliveryJobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly approvals: UpdateApprovedListener,
  ) {}

  /** Publishes an approved (or due scheduled) bulletin: the first ring now, the later rings on their timers. */
  async publish(id: string): Promise<PublishResult> {
    const created = await this.changeStatus(id, BulletinStatus.Published, async (manager, bulletin) => {
      const now = this.clock.now();
      await this.bulletins.setPublishTimes(manager, id, { publishedAt: now, firstPublicVersion: bulletin.currentVersion });
      await this.fanOut.scheduleRings(manager, id, bulletin.target, now);
      return this.fanOut.insertForTarget(manager, id, bulletin.currentVersion, bulletin.target, 0, this.reviewRules(bulletin));
    });
    // The rows are on record: the editor has the answer while a national fan-out is still being queued.
    const bulletin = await this.bulletinViews.get(id);
    this.queueInBackground(created);
    return { bulletin, deliveriesCreated: created.length };
  }

  /** A stopping process finishes telling the queue what it started to (the sweeper would, later). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queueing]);
  }

  /** An approved bulletin waits for its time; the scheduler publishes it then (once). */
  async schedule(id: string, publishAt: Date): Promise<BulletinView> {
    if (publishAt.getTime() <= this.clock.now().getTime()) {
      throw new BulletinError(BulletinErrorCode.InvalidValidity, 'publishAt must be in the future', 'publishAt');
    }
    await this.changeStatus(
      id,
      BulletinStatus.Scheduled,
      async (manager) => {
        await this.bulletins.setPublishTimes(manager, id, { publishAt });
        return [];
      },
      { publishAt: publishAt.toISOString() },
    );
    return this.bulletinViews.get(id);
  }

  /** Widens a ring alert: the accounts of the next ring that were not reached yet. */
  async expandDueRing(): Promise<{ bulletinId: string; ring: number; deliveriesCreated: number } | null> {
    const result = await this.bulletins.transaction(async (manager) => {
      const due = await this.fanOut.claimDueRing(manager, this.clock.now());
      if (!due) return null;
      const bulletin = await this.bulletins.lockById(manager, due.bulletinId);
      const live = bulletin && [BulletinStatus.Published, BulletinStatus.Updated].includes(bulletin.status);
      const created = live
        ? await this.fanOut.insertForTarget(
            manager,
            bulletin.id,
            bulletin.currentVersion,
            bulletin.target,
            due.ring,
            this.reviewRules(bulletin),
          )
        : [];
      return { ...due, created };
    });
    if (!result) return null;
    await this.queueDeliveries(result.created);
    return { bulletinId: result.bulletinId, ring: result.ring, deliveriesCreated: result.created.length };
  }

  /** Someone proposes a new version of a live bulletin ("reward raised", "new photo"); nothing goes out until a second person approves. */
  proposeUpdate(id: string, input: BulletinContentDto): Promise<ProposalView> {
    return this.proposals.proposeUpdate(id, contentOf(input), input.kind);
  }

  /**
   * The case is solved. The outcome alone is structured text and goes out at once; a free-text
   * note is public writing, so a resolution with one waits for a second person like any update.
   */
  async resolve(id: string, input: ResolveBulletinDto): Promise<ResolveResult> {
    if (input.note)
      return {
        bulletin: await this.bulletinViews.get(id),
        deliveriesCreated: 0,
        proposal: await this.proposals.proposeResolution(id, input.outcome, input.note),
      };
    return { ...(await this.applyResolution(id, { outcome: input.outcome }, null)), proposal: null };
  }

  /** Resolves with the structured outcome only, with the caller's own records in the same transaction (the case's outcome and its tips). */
  resolveWithOutcome(id: string, outcome: ResolveBulletinDto['outcome'], alongside: () => Promise<void>): Promise<PublishResult> {
    return this.applyResolution(id, { outcome }, null, alongside);
  }

  /**
   * A second person approves a pending change: it becomes the live version and goes to every post,
   * in one call. An update that resolves the last person the notice names resolves the bulletin.
   */
  async approveProposal(id: string, proposalId: string): Promise<PublishResult> {
    const pending = await this.proposals.find(id, proposalId);
    if (pending.kind === 'resolution') return this.applyResolution(id, pending.content as ProposedResolution, proposalId);
    const bulletin = await this.bulletins.findById(id);
    const resolvedAs = bulletin ? everyPersonResolved(bulletin.kind, pending.content as BulletinContent) : null;
    const heard = () => this.approvals.approved({ bulletinId: id, proposalId, resolvedAs });
    if (resolvedAs) return this.applyResolution(id, { outcome: resolvedAs }, proposalId, heard, pending.content as BulletinContent);
    let changedFields: string[] = [];
    const created = await this.changeStatus(
      id,
      BulletinStatus.Updated,
      async (manager, bulletin) => {
        const proposal = await this.proposals.takeForApproval(id, proposalId);
        changedFields = (await this.proposals.changesOf(proposal)).map((change) => change.field);
        const content = proposal.content as BulletinContent;
        await heard();
        // The version is the proposer's writing; the approval is recorded on the proposal and in the audit row.
        const version = await this.bulletins.addVersion(manager, bulletin, content, { title: content.title }, proposal.proposedBy);
        await this.fanOut.cancelUnstarted(manager, id, version);
        return this.fanOut.insertForTarget(
          manager,
          id,
          version,
          bulletin.target,
          await this.fanOut.expandedThrough(manager, id),
          this.reviewRules(bulletin),
        );
      },
      () => ({ proposalId, changedFields }),
    );
    await this.queueDeliveries(created);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCreated: created.length };
  }

  private async applyResolution(
    id: string,
    resolutionOf: { outcome: ResolveBulletinDto['outcome']; note?: string },
    proposalId: string | null,
    alongside?: () => Promise<void>,
    resolvedContent?: BulletinContent,
  ): Promise<PublishResult> {
    const created = await this.changeStatus(
      id,
      BulletinStatus.Resolved,
      async (manager, bulletin) => {
        if (proposalId) await this.proposals.takeForApproval(id, proposalId);
        await this.proposals.supersedePending(id);
        // What else the resolution records (the case's outcome) commits or fails with it.
        await alongside?.();
        const base = resolvedContent ?? (await this.bulletins.findVersion(id, bulletin.currentVersion))!.content;
        const resolution = {
          outcome: resolutionOf.outcome,
          ...(resolutionOf.note ? { note: resolutionOf.note } : {}),
          resolvedAt: this.clock.now().toISOString(),
        };
        const version = await this.bulletins.addVersion(manager, bulletin, { ...base, resolution }, {}, currentActorId());
        await this.fanOut.cancelUnstarted(manager, id, version);
        return this.fanOut.insertForLivePosts(manager, id, version);
      },
      () => ({ outcome: resolutionOf.outcome, note: resolutionOf.note, ...(proposalId ? { proposalId } : {}) }),
    );
    await this.queueDeliveries(created);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCreated: created.length };
  }

  /** The end of validity: every live post is taken down or marked expired, as the bulletin says. */
  async expire(id: string): Promise<void> {
    let removals: DueDelivery[] = [];
    const created = await this.changeStatus(id, BulletinStatus.Expired, async (manager, bulletin) => {
      await this.proposals.supersedePending(id);
      if (bulletin.onExpiry === 'remove') {
        await this.fanOut.cancelUnstarted(manager, id, null);
        removals = await this.fanOut.markLivePostsForRemoval(manager, id);
        return [];
      }
      const current = await this.bulletins.findVersion(id, bulletin.currentVersion);
      const version = await this.bulletins.addVersion(
        manager,
        bulletin,
        { ...current!.content, expiredAt: this.clock.now().toISOString() },
        {},
        null,
      );
      await this.fanOut.cancelUnstarted(manager, id, version);
      return this.fanOut.insertForLivePosts(manager, id, version);
    });
    await this.tellQueue(() => this.queue.enqueueRemovals(removals), removals.length);
    await this.queueDeliveries(created);
  }

  /** Cancels every delivery not yet made and takes down every post already made. */
  async withdraw(id: string, reason: string): Promise<WithdrawResult> {
    let cancelled = 0;
    const removals = await this.changeStatus(
      id,
      BulletinStatus.Withdrawn,
      async (manager, bulletin) => {
        // Only a bulletin the public has seen has a withdrawal to announce (the CAP Cancel).
        if (bulletin.publishedAt) await this.bulletins.setPublishTimes(manager, id, { withdrawnAt: this.clock.now() });
        await this.proposals.supersedePending(id);
        cancelled = await this.fanOut.cancelUnstarted(manager, id, null);
        return this.fanOut.markLivePostsForRemoval(manager, id);
      },
      { reason },
    );
    await this.tellQueue(() => this.queue.enqueueRemovals(removals), removals.length);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCancelled: cancelled, postsToRemove: removals.length };
  }

  private changeStatus(
    id: string,
    to: BulletinStatus,
    work: (manager: EntityManager, bulletin: Bulletin) => Promise<DueDelivery[]>,
    auditDetails: Record<string, unknown> | (() => Record<string, unknown>) = {},
  ): Promise<DueDelivery[]> {
    return this.bulletinViews.transition(id, to, work, auditDetails);
  }

  /** Urgent bulletins (missing minors, vulnerable people) skip county review unless the unit opted out. */
  private reviewRules(bulletin: Bulletin): ReviewRules {
    return {
      now: this.clock.now(),
      urgent: bulletin.priority === BulletinPriority.Urgent,
      defaultWindowMinutes: this.config.reviewWindowMinutes,
    };
  }

  /** Queues the deliveries ready to go; those awaiting county review wait for their operator. */
  async queueDeliveries(deliveries: DueDelivery[]): Promise<void> {
    const ready = deliveries.filter((delivery) => delivery.state === DeliveryState.Pending);
    for (let start = 0; start < ready.length; start += QUEUEING_CHUNK) {
      const chunk = ready.slice(start, start + QUEUEING_CHUNK);
      const told = await this.tellQueue(async () => {
        await this.queue.enqueue(chunk);
        await this.fanOut.markQueued(chunk.map((delivery) => delivery.id));
      }, ready.length - start);
      if (!told) return;
    }
  }

  private queueInBackground(deliveries: DueDelivery[]): void {
    const work: Promise<void> = RequestContext.detached(() => this.queueDeliveries(deliveries)).finally(() => this.queueing.delete(work));
    this.queueing.add(work);
  }

  /** Whether the queue took the work; if not, the sweeper will queue what is on record. */
  private async tellQueue(work: () => Promise<void>, count: number): Promise<boolean> {
    if (count === 0) return true;
    try {
      await work();
      return true;
    } catch (error) {
      this.logger.error({ err: error, deliveries: count }, 'queueing failed; the deliveries are on record and the sweeper will queue them');
      return false;
    }
  }
}

/** The bulletin's outcome when the update leaves none of the persons it names open, else null. */
function everyPersonResolved(kind: BulletinKind, content: BulletinContent): ResolutionOutcome | null {
  const open = PERSON_STATUSES_OF_KIND[kind]?.open;
  const persons = personsOf(kind, content);
  if (!open || persons.length === 0 || !content.personStatuses?.length) return null;
  const statuses = statusesNow(kind, persons.length, content.personStatuses);
  return statuses.includes(open) ? null : outcomeOfPersons(kind, statuses);
}
