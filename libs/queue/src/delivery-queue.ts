import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Platform } from '@mb/platforms';
import { DeliveryJob, DeliveryJobName, deliveryJobId, deliveryQueueName } from './queue-names';

const BULK_SIZE = 1000;
/** The database decides when a delivery has had enough attempts; the queue only waits between them. */
const QUEUE_ATTEMPTS = 1_000_000;

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

  queue(platform: Platform): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(deliveryQueueName(platform)), { strict: false });
  }

  private async add(name: DeliveryJobName, deliveries: QueuedDelivery[]): Promise<void> {
    const byPlatform = new Map<Platform, string[]>();
    for (const delivery of deliveries) {
      const ids = byPlatform.get(delivery.platform) ?? [];
      ids.push(delivery.id);
      byPlatform.set(delivery.platform, ids);
    }
    for (const [platform, ids] of byPlatform) {
      const queue = this.queue(platform);
      for (let start = 0; start < ids.length; start += BULK_SIZE) {
        await queue.addBulk(
          ids.slice(start, start + BULK_SIZE).map((deliveryId) => ({
            name,
            data: { deliveryId } satisfies DeliveryJob,
            opts: { jobId: deliveryJobId(name, deliveryId), attempts: QUEUE_ATTEMPTS, backoff: { type: 'platform' }, removeOnComplete: true, removeOnFail: true },
          })),
        );
      }
    }
  }
}
