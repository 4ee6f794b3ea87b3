import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';

/** Months of reading partitions made ahead of time, so a reading lands in its month, not in the default partition. */
const MONTHS_AHEAD = 2;

export interface ReadingMonthsKept {
  monthsMade: number;
  monthsDropped: number;
}

/**
 * The counter readings' months: the coming ones made before their readings arrive, and those past
 * `readingsRetentionMonths` dropped whole. The database function runs one upkeep at a time, so
 * every worker may run it.
 */
@Injectable()
export class ReadingMonths extends RecurringWork {
  constructor(
    private readonly transactions: Transactions,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected tasks(): RecurringTask[] {
    return [{ name: 'reading-months', everyMs: this.config.readingsUpkeepIntervalMs, run: () => this.keep() }];
  }

  async keep(): Promise<ReadingMonthsKept> {
    const [kept] = await this.transactions.query<ReadingMonthsKept[]>(
      `SELECT months_made AS "monthsMade", months_dropped AS "monthsDropped" FROM keep_reading_months($1, $2, $3)`,
      [this.clock.now(), MONTHS_AHEAD, this.config.readingsRetentionMonths],
    );
    if (kept.monthsMade > 0 || kept.monthsDropped > 0)
      this.logger.log({ ...kept, retentionMonths: this.config.readingsRetentionMonths }, 'reading months kept');
    return kept;
  }
}
