import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { DeliveryQueue } from '@mb/queue';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryState } from './delivery.entity';

const BATCH = 5000;

/**
 * The database never loses work; the queue may (Redis flushed, a worker killed). The sweeper only
 * re-queues what is due and not done: every question it asks is a bounded, conditional query, and
 * queueing work whose job still exists is a no-op, so any number of sweepers can run.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperService.name);
  private running = false;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval('delivery-sweeper', setInterval(() => void this.sweepOnce(), this.config.sweepIntervalMs));
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'delivery-sweeper')) this.scheduler.deleteInterval('delivery-sweeper');
  }

  async sweepOnce(): Promise<{ leasesExpired: number; requeued: number; reconciling: number }> {
    if (this.running) return { leasesExpired: 0, requeued: 0, reconciling: 0 };
    this.running = true;
    try {
      const now = this.clock.now();
      const leasesExpired = await this.deliveries.expireLeases(now);
      const orphans = await this.deliveries.takeOrphanedLivePosts(now, BATCH);
      const due = [...orphans, ...(await this.deliveries.takeDueForQueue(now, this.config.queuedStaleSeconds, BATCH))];
      await this.queue.enqueueRemovals(due.filter((delivery) => delivery.state === DeliveryState.Removing));
      const toDeliver = due.filter((delivery) => delivery.state !== DeliveryState.Removing);
      await this.queue.enqueue(toDeliver);
      await this.deliveries.markQueued(toDeliver.filter((delivery) => delivery.state === DeliveryState.Pending).map((delivery) => delivery.id));
      const reconciling = await this.deliveries.takeDueForReconcile(now, this.config.reconcileAfterSeconds, BATCH);
      await this.queue.enqueueReconciles(reconciling);
      const result = { leasesExpired, requeued: due.length, reconciling: reconciling.length };
      if (leasesExpired + due.length + reconciling.length > 0) this.logger.log(result, 'sweep');
      return result;
    } catch (error) {
      this.logger.warn({ err: error }, 'sweep failed; the next one will try again');
      return { leasesExpired: 0, requeued: 0, reconciling: 0 };
    } finally {
      this.running = false;
    }
  }
}
