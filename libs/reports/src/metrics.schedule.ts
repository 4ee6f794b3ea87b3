import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Platform } from '@mb/platforms';
import { DeliveryQueue } from '@mb/queue';
import { MetricsRepository } from './metrics.repository';

const ACCOUNTS_PER_RUN = 5000;

/** Finds accounts with posts due for a reading and enqueues one collection per account; nothing more. */
@Injectable()
export class MetricsSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsSchedule.name);
  private running = false;

  constructor(
    private readonly metrics: MetricsRepository,
    private readonly queue: DeliveryQueue,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval('metrics-due', setInterval(() => void this.enqueueDue(), this.config.sweepIntervalMs));
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'metrics-due')) this.scheduler.deleteInterval('metrics-due');
  }

  async enqueueDue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const due = await this.metrics.accountsDue(this.clock.now(), ACCOUNTS_PER_RUN);
      await this.queue.enqueueMetricsCollection(due.map((row) => ({ id: row.account_id, platform: row.platform as Platform })));
    } catch (error) {
      this.logger.warn({ err: error }, 'metrics collection not enqueued; the next run will try again');
    } finally {
      this.running = false;
    }
  }
}
