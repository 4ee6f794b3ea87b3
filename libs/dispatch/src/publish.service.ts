import { Injectable, Logger } from '@nestjs/common';
import {
  BulletinError,
  BulletinErrorCode,
  BulletinStatus,
  BulletinsRepository,
  BulletinsService,
  BulletinView,
  canTransition,
} from '@mb/bulletins';
import { Clock } from '@mb/common';
import { Platform } from '@mb/platforms';
import { DeliveryQueue } from '@mb/queue';
import { DeliveriesRepository } from './deliveries.repository';

export interface PublishResult {
  bulletin: BulletinView;
  deliveriesCreated: number;
}

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

  /**
   * Publishes the current version: the status change and one delivery per targeted account are
   * committed together, then the deliveries are queued. The queue cannot join our transaction, so
   * a delivery left `pending` by a failed enqueue is still on record for the sweeper.
   */
  async publish(id: string): Promise<PublishResult> {
    const created = await this.bulletins.transaction(async (manager) => {
      const bulletin = await this.bulletins.lockById(manager, id);
      if (!bulletin) throw new BulletinError(BulletinErrorCode.NotFound, `bulletin ${id} does not exist`, 'id');
      if (!canTransition(bulletin.status, BulletinStatus.Published)) {
        throw new BulletinError(BulletinErrorCode.InvalidTransition, `a ${bulletin.status} bulletin cannot be published`, 'status');
      }
      await manager.query(`UPDATE bulletin SET status = 'published', published_at = $2, updated_at = $2 WHERE id = $1`, [id, this.clock.now()]);
      return this.deliveries.insertForTarget(manager, id, bulletin.currentVersion, bulletin.target);
    });
    await this.queueDeliveries(created);
    return { bulletin: await this.bulletinViews.get(id), deliveriesCreated: created.length };
  }

  private async queueDeliveries(deliveries: Array<{ id: string; platform: Platform }>): Promise<void> {
    try {
      await this.queue.enqueue(deliveries);
      await this.deliveries.markQueued(deliveries.map((delivery) => delivery.id));
    } catch (error) {
      this.logger.error({ err: error, deliveries: deliveries.length }, 'queueing failed; deliveries stay pending for the sweeper');
    }
  }
}
