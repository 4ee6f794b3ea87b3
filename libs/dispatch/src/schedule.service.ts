import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BulletinError, BulletinErrorCode, BulletinsRepository } from '@mb/bulletins';
import { Clock, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { RepostReviewsRepository } from './repost-reviews.repository';
import { PublishService } from './publish.service';

const BATCH = 50;

/**
 * Timed work: bulletins whose publishing time has come, and alert rings whose time has come. Each
 * due action is claimed in the database (a status change under a row lock, a conditional UPDATE),
 * so with any number of worker processes it happens once. Time is the injectable clock's.
 */
@Injectable()
export class ScheduleService extends RecurringWork {
  constructor(
    private readonly bulletins: BulletinsRepository,
    private readonly publishing: PublishService,
    private readonly reviews: RepostReviewsRepository,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected tasks(): RecurringTask[] {
    return [{ name: 'bulletin-schedule', everyMs: this.config.sweepIntervalMs, run: () => this.runDue() }];
  }

  private async runDue(): Promise<void> {
    await this.publishDue();
    await this.closeReviewWindows();
    await this.expireDue();
    for (let expanded = 0; expanded < BATCH; expanded += 1) {
      const ring = await this.publishing.expandDueRing();
      if (!ring) break;
      this.logger.log(ring, 'alert ring widened');
    }
  }

  /** Reposts nobody reviewed in time follow their unit's fallback. */
  private async closeReviewWindows(): Promise<void> {
    const decided = await this.reviews.applyReviewFallbacks(this.clock.now(), 1000);
    if (decided.length > 0) {
      await this.publishing.queueDeliveries(decided);
      this.logger.log({ reposts: decided.length }, 'review windows closed');
    }
  }

  private async expireDue(): Promise<void> {
    const due = await this.bulletins.pastValidity(this.clock.now(), BATCH);
    for (const { id } of due) {
      await this.once(() => this.publishing.expire(id));
      this.logger.log({ bulletinId: id }, 'bulletin expired');
    }
  }

  /** Another scheduler may have done it first; then the bulletin is no longer in the status the action needs. */
  private async once(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof BulletinError && error.code === BulletinErrorCode.InvalidTransition)) throw error;
    }
  }

  private async publishDue(): Promise<void> {
    const due = await this.bulletins.dueToPublish(this.clock.now(), BATCH);
    for (const { id } of due) {
      await this.once(() => this.publishing.publish(id));
      this.logger.log({ bulletinId: id }, 'scheduled bulletin published');
    }
  }
}
