import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  Bulletin,
  BulletinError,
  BulletinErrorCode,
  BulletinContentDto,
  BulletinStatus,
  BulletinsRepository,
  BulletinsService,
  BulletinView,
  contentOf,
  ResolveBulletinDto,
} from '@mb/bulletins';
import { Clock, RequestContext } from '@mb/common';
import { DeliveryQueue, QueuedDelivery } from '@mb/queue';
import { DeliveriesRepository, DueDelivery } from './deliveries.repository';

export interface PublishResult {
  bulletin: BulletinView;
  deliveriesCreated: number;
}

export interface WithdrawResult {
  bulletin: BulletinView;
  deliveriesCancelled: number;
  postsToRemove: number;
}

/**
 * The bulletin's life on the platforms: publish, carry an update or a resolution to every live
 * post, withdraw. Each change commits the status and the delivery rows together; the queue is
 * told after the commit (it cannot join our transaction), and the sweeper covers a failed telling.
 */
@Injectable()
export class PublishService {
  private readonly logger = new Logger(PublishService.name);

  constructor(
    private readonly bulletins: BulletinsRepository,
    private readonly bulletinViews: BulletinsService,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly clock: Clock,
  ) {}

  async publish(id: string): Promise<PublishResult> {
    const created = await this.changeStatus(id, BulletinStatus.Published, async (manager, bulletin) => {
      await manager.query(`UPDATE bulletin SET published_at = $2 WHERE id = $1`, [id, this.clock.now()]);
      return this.deliveries.insertForTarget(manager, id, bulletin.currentVersion, bulletin.target);
    });
    await this.queueDeliveries(created);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCreated: created.length };
  }

  /** A new version of a live bulletin ("reward raised", "new photo"): edits or follow-ups on every live post, posts where none is yet. */
  async publishUpdate(id: string, input: BulletinContentDto): Promise<PublishResult> {
    const created = await this.changeStatus(id, BulletinStatus.Updated, async (manager, bulletin) => {
      if (bulletin.kind !== input.kind) {
        throw new BulletinError(BulletinErrorCode.KindChanged, `a ${bulletin.kind} bulletin cannot become ${input.kind}`, 'kind');
      }
      const version = await this.bulletins.addVersion(manager, bulletin, contentOf(input), { title: input.title }, RequestContext.current().actor?.userId ?? null);
      await this.deliveries.cancelUnstarted(manager, id, version);
      return this.deliveries.insertForTarget(manager, id, version, bulletin.target);
    });
    await this.queueDeliveries(created);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCreated: created.length };
  }

  /** The case is solved: a last version saying so goes to every live post; nothing new is posted. */
  async resolve(id: string, input: ResolveBulletinDto): Promise<PublishResult> {
    const created = await this.changeStatus(id, BulletinStatus.Resolved, async (manager, bulletin) => {
      const current = await this.bulletins.findVersion(id, bulletin.currentVersion);
      const resolution = { outcome: input.outcome, ...(input.note ? { note: input.note } : {}), resolvedAt: this.clock.now().toISOString() };
      const version = await this.bulletins.addVersion(manager, bulletin, { ...current!.content, resolution }, {}, RequestContext.current().actor?.userId ?? null);
      await this.deliveries.cancelUnstarted(manager, id, version);
      return this.deliveries.insertForLivePosts(manager, id, version);
    }, { outcome: input.outcome, note: input.note });
    await this.queueDeliveries(created);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCreated: created.length };
  }

  /** Cancels every delivery not yet made and takes down every post already made. */
  async withdraw(id: string, reason: string): Promise<WithdrawResult> {
    let cancelled = 0;
    const removals = await this.changeStatus(id, BulletinStatus.Withdrawn, async (manager) => {
      cancelled = await this.deliveries.cancelUnstarted(manager, id, null);
      return this.deliveries.markLivePostsForRemoval(manager, id);
    }, { reason });
    await this.tellQueue(() => this.queue.enqueueRemovals(removals), removals.length);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCancelled: cancelled, postsToRemove: removals.length };
  }

  private changeStatus(
    id: string,
    to: BulletinStatus,
    work: (manager: EntityManager, bulletin: Bulletin) => Promise<DueDelivery[]>,
    auditDetails: Record<string, unknown> = {},
  ): Promise<DueDelivery[]> {
    return this.bulletinViews.transition(id, to, work, auditDetails);
  }

  private async queueDeliveries(deliveries: QueuedDelivery[]): Promise<void> {
    await this.tellQueue(async () => {
      await this.queue.enqueue(deliveries);
      await this.deliveries.markQueued(deliveries.map((delivery) => delivery.id));
    }, deliveries.length);
  }

  private async tellQueue(work: () => Promise<void>, count: number): Promise<void> {
    if (count === 0) return;
    try {
      await work();
    } catch (error) {
      this.logger.error({ err: error, deliveries: count }, 'queueing failed; the deliveries are on record and the sweeper will queue them');
    }
  }
}
