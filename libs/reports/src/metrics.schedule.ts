import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Platform } from '@mb/vocabulary';

import { MetricsJobQueue } from './metrics-jobs';
import { MetricsRepository } from './metrics.repository';

const ACCOUNTS_PER_RUN = 5000;

/** Finds accounts with posts due for a reading and enqueues one collection per account; nothing more. */
@Injectable()
export class MetricsSchedule extends RecurringWork {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly queue: MetricsJobQueue,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected tasks(): RecurringTask[] {
    return [{ name: 'metrics-due', everyMs: this.config.sweepIntervalMs, run: () => this.enqueueDue() }];
  }

  private async enqueueDue(): Promise<void> {
    const due = await this.metrics.accountsDue(this.clock.now(), ACCOUNTS_PER_RUN);
    await this.queue.enqueueMetricsCollection(due.map((row) => ({ id: row.account_id, platform: row.platform as Platform })));
  }
}
