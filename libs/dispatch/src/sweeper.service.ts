import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, METRICS, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { DeliveryJobQueue } from './delivery-jobs';
import { FanOutRepository } from './fan-out.repository';
import { SweeperRepository } from './sweeper.repository';
import { DeliveryState } from '@mb/vocabulary';

const BATCH = 5000;

/**
 * The database never loses work; the queue may (Redis flushed, a worker killed). The sweeper only
 * re-queues what is due and not done: every question it asks is a bounded, conditional query, and
 * queueing work whose job still exists is a no-op, so any number of sweepers can run.
 */
@Injectable()
export class SweeperService extends RecurringWork {
  constructor(
    private readonly sweeper: SweeperRepository,
    private readonly fanOut: FanOutRepository,
    private readonly queue: DeliveryJobQueue,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected tasks(): RecurringTask[] {
    return [{ name: 'delivery-sweeper', everyMs: this.config.sweepIntervalMs, run: () => this.sweepOnce() }];
  }

  private async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    const leasesExpired = await this.sweeper.expireLeases(now);
    const abandoned = await this.sweeper.cancelAbandoned(now, BATCH);
    const orphans = await this.sweeper.takeOrphanedLivePosts(now, BATCH);
    const turnsTakenBefore = await this.queue.turnsTakenBefore(now);
    const due = [...orphans, ...(await this.sweeper.takeDueForQueue(now, this.config.queuedStaleSeconds, BATCH, turnsTakenBefore))];
    await this.queue.enqueueRemovals(due.filter((delivery) => delivery.state === DeliveryState.Removing));
    const toDeliver = due.filter((delivery) => delivery.state !== DeliveryState.Removing);
    await this.queue.enqueue(toDeliver);
    await this.fanOut.markQueued(toDeliver.filter((delivery) => delivery.state === DeliveryState.Pending).map((delivery) => delivery.id));
    const reconciling = await this.sweeper.takeDueForReconcile(now, this.config.reconcileAfterSeconds, BATCH);
    await this.queue.enqueueReconciles(reconciling);
    const result = { leasesExpired, abandoned, requeued: due.length, reconciling: reconciling.length };
    for (const [action, count] of Object.entries(result)) if (count > 0) METRICS.sweeperActions.inc({ action }, count);
    if (leasesExpired + abandoned + due.length + reconciling.length > 0) this.logger.log(result, 'sweep');
  }
}
