import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BulletinError, BulletinErrorCode } from '@mb/bulletins';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { PublishService } from './publish.service';

const BATCH = 50;

/**
 * Timed work: bulletins whose publishing time has come, and alert rings whose time has come. Each
 * due action is claimed in the database (a status change under a row lock, a conditional UPDATE),
 * so with any number of worker processes it happens once. Time is the injectable clock's.
 */
@Injectable()
export class ScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleService.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publishing: PublishService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval('bulletin-schedule', setInterval(() => void this.runDue(), this.config.sweepIntervalMs));
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'bulletin-schedule')) this.scheduler.deleteInterval('bulletin-schedule');
  }

  async runDue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.publishDue();
      for (let expanded = 0; expanded < BATCH; expanded += 1) {
        const ring = await this.publishing.expandDueRing();
        if (!ring) break;
        this.logger.log(ring, 'alert ring widened');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'scheduled work failed; the next run will try again');
    } finally {
      this.running = false;
    }
  }

  private async publishDue(): Promise<void> {
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM bulletin WHERE status = 'scheduled' AND publish_at <= $1 ORDER BY publish_at LIMIT $2`,
      [this.clock.now(), BATCH],
    );
    for (const { id } of due) {
      try {
        const result = await this.publishing.publish(id);
        this.logger.log({ bulletinId: id, deliveries: result.deliveriesCreated }, 'scheduled bulletin published');
      } catch (error) {
        // Another scheduler got there first: the bulletin is no longer scheduled.
        if (!(error instanceof BulletinError && error.code === BulletinErrorCode.InvalidTransition)) throw error;
      }
    }
  }
}
