import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

export interface RecurringTask {
  /** Unique in the process: the interval's name in the scheduler registry. */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Timed work of a process: each task is registered by name when the application starts, never
 * overlaps a run of itself still going in this process, logs and waits for its next turn when it
 * fails, and is removed on shutdown. Work shared by several processes claims its rows in the
 * database; this only keeps one process from stacking runs on itself.
 */
export abstract class RecurringWork implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  protected abstract readonly scheduler: SchedulerRegistry;
  private readonly busy = new Set<string>();

  protected abstract tasks(): RecurringTask[];

  onApplicationBootstrap(): void {
    for (const task of this.tasks())
      this.scheduler.addInterval(
        task.name,
        setInterval(() => void this.runOnce(task), task.everyMs),
      );
  }

  onApplicationShutdown(): void {
    for (const task of this.tasks()) {
      if (this.scheduler.doesExist('interval', task.name)) this.scheduler.deleteInterval(task.name);
    }
  }

  private async runOnce(task: RecurringTask): Promise<void> {
    if (this.busy.has(task.name)) return;
    this.busy.add(task.name);
    try {
      await task.run();
    } catch (error) {
      this.logger.warn({ err: error, task: task.name }, 'timed work failed; the next run will try again');
    } finally {
      this.busy.delete(task.name);
    }
  }
}
