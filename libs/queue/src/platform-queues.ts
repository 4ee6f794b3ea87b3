import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Platform } from '@mb/vocabulary';
import { deliveryQueueName } from './queue-names';

const BULK_SIZE = 500;
/** The database decides when a delivery has had enough attempts; the queue only waits between them. */
const QUEUE_ATTEMPTS = 1_000_000;

type BulkJob = Parameters<Queue['addBulk']>[0][number];

/** One job for one platform's queue: its fixed id (the same work is queued once) and what it carries (ids only). */
export interface PlatformJobOrder {
  platform: Platform;
  jobId: string;
  data: object;
}

/**
 * One kind of job that rides the platform queues, so the platform's rate limit counts it: declared
 * by the lib that owns the work, with its handler. The worker gives every platform queue all of them.
 */
export interface PlatformJobHandler<Data = any> {
  readonly name: string;
  handle(data: Data): Promise<unknown>;
}

/** A lib's jobs, as the worker collects them. */
export interface PlatformJobRegistry {
  readonly handlers: ReadonlyArray<PlatformJobHandler>;
}

/** Every registered job handler of the process, by name (provided by the worker from each lib's registry). */
export const PLATFORM_JOB_HANDLERS = 'PLATFORM_JOB_HANDLERS';

/** The platform queues: work goes on its platform's queue with a fixed job id, in bulks. */
@Injectable()
export class PlatformQueues {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** Work the queue retries with the platform's backoff until the database says it is over (a delivery). */
  addRetried(name: string, orders: PlatformJobOrder[]): Promise<void> {
    return this.addByPlatform(
      orders.map((order) => ({
        platform: order.platform,
        job: {
          name,
          data: order.data,
          opts: { jobId: order.jobId, attempts: QUEUE_ATTEMPTS, backoff: { type: 'platform' }, removeOnComplete: true, removeOnFail: true },
        },
      })),
    );
  }

  /** Work the database re-offers on every scheduler run: one attempt each, the next run tries again. */
  addOnce(name: string, orders: PlatformJobOrder[]): Promise<void> {
    return this.addByPlatform(
      orders.map((order) => ({
        platform: order.platform,
        job: { name, data: order.data, opts: { jobId: order.jobId, attempts: 1, removeOnComplete: true, removeOnFail: true } },
      })),
    );
  }

  /** Jobs per state on one platform's queue, and how long its oldest waiting job has waited. */
  async depth(platform: Platform, now: number): Promise<{ counts: Record<string, number>; oldestWaitingSeconds: number }> {
    const counts = await this.queue(platform).getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
    const oldest = await this.nextInLineSince(platform);
    return { counts, oldestWaitingSeconds: oldest ? Math.max(0, (now - oldest.getTime()) / 1000) : 0 };
  }

  /** When the job next in line on the platform's queue was added (null when none waits): work queued before it has had its turn. */
  async nextInLineSince(platform: Platform): Promise<Date | null> {
    const [next] = await this.queue(platform).getJobs(['waiting', 'prioritized'], 0, 0, true);
    return next ? new Date(next.timestamp) : null;
  }

  queue(platform: Platform): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(deliveryQueueName(platform)), { strict: false });
  }

  /**
   * Each platform's jobs on its own queue, in bulks taken from every platform in turn: a large
   * fan-out starts posting on all platforms at once instead of one platform after another.
   */
  private async addByPlatform(jobs: Array<{ platform: Platform; job: BulkJob }>): Promise<void> {
    const byPlatform = new Map<Platform, BulkJob[]>();
    for (const { platform, job } of jobs) {
      const list = byPlatform.get(platform) ?? [];
      list.push(job);
      byPlatform.set(platform, list);
    }
    const longest = Math.max(0, ...[...byPlatform.values()].map((list) => list.length));
    for (let start = 0; start < longest; start += BULK_SIZE) {
      await Promise.all(
        [...byPlatform]
          .filter(([, list]) => start < list.length)
          .map(([platform, list]) => this.queue(platform).addBulk(list.slice(start, start + BULK_SIZE))),
      );
    }
  }
}
