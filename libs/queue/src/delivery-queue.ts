import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Platform } from '@mb/vocabulary';

import { AccountJob, AccountJobName, DeliveryJob, DeliveryJobName, deliveryJobId, deliveryQueueName } from './queue-names';

const BULK_SIZE = 500;
/** The database decides when a delivery has had enough attempts; the queue only waits between them. */
const QUEUE_ATTEMPTS = 1_000_000;

type BulkJob = Parameters<Queue['addBulk']>[0][number];

export interface QueuedDelivery {
  id: string;
  platform: Platform;
}

/** Puts delivery work on its platform's queue with a fixed job id, so the same work is queued once. */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  enqueue(deliveries: QueuedDelivery[]): Promise<void> {
    return this.add(DeliveryJobName.Deliver, deliveries);
  }

  enqueueReconciles(deliveries: QueuedDelivery[]): Promise<void> {
    return this.add(DeliveryJobName.Reconcile, deliveries);
  }

  enqueueRemovals(deliveries: QueuedDelivery[]): Promise<void> {
    return this.add(DeliveryJobName.Remove, deliveries);
  }

  /** One collection per account at a time: while one waits, asking again adds nothing. */
  enqueueInboundCollection(accounts: Array<{ id: string; platform: Platform }>): Promise<void> {
    return this.addOnce(
      AccountJobName.CollectInbound,
      accounts.map((account) => ({ platform: account.platform, jobId: `inbound-${account.id}`, data: { accountId: account.id } })),
    );
  }

  enqueueMetricsCollection(accounts: Array<{ id: string; platform: Platform }>): Promise<void> {
    return this.addOnce(
      AccountJobName.CollectMetrics,
      accounts.map((account) => ({ platform: account.platform, jobId: `metrics-${account.id}`, data: { accountId: account.id } })),
    );
  }

  enqueueTipReplies(tips: Array<{ id: string; platform: Platform }>): Promise<void> {
    return this.addOnce(
      AccountJobName.SendTipReply,
      tips.map((tip) => ({ platform: tip.platform, jobId: `reply-${tip.id}`, data: { tipId: tip.id } })),
    );
  }

  queue(platform: Platform): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(deliveryQueueName(platform)), { strict: false });
  }

  /** Jobs the database re-offers on every scheduler run: one attempt each, the next run tries again. */
  private addOnce(name: AccountJobName, jobs: Array<{ platform: Platform; jobId: string; data: AccountJob }>): Promise<void> {
    return this.addByPlatform(
      jobs.map((job) => ({
        platform: job.platform,
        job: { name, data: job.data, opts: { jobId: job.jobId, attempts: 1, removeOnComplete: true, removeOnFail: true } },
      })),
    );
  }

  private add(name: DeliveryJobName, deliveries: QueuedDelivery[]): Promise<void> {
    return this.addByPlatform(
      deliveries.map((delivery) => ({
        platform: delivery.platform,
        job: {
          name,
          data: { deliveryId: delivery.id } satisfies DeliveryJob,
          opts: {
            jobId: deliveryJobId(name, delivery.id),
            attempts: QUEUE_ATTEMPTS,
            backoff: { type: 'platform' },
            removeOnComplete: true,
            removeOnFail: true,
          },
        },
      })),
    );
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
