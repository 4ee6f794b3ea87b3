import { Injectable } from '@nestjs/common';
import { PlatformQueues } from '@mb/queue';
import { Platform, PLATFORMS } from '@mb/vocabulary';

/** The closed set of delivery jobs; each has exactly one handler. */
export enum DeliveryJobName {
  Deliver = 'deliver',
  Reconcile = 'reconcile',
  Remove = 'remove',
}

/** Jobs carry ids only; the worker re-reads the row. */
export interface DeliveryJob {
  deliveryId: string;
}

export interface QueuedDelivery {
  id: string;
  platform: Platform;
}

/** A fixed job id per (kind, delivery): queueing the same work twice while it waits is a no-op. */
export function deliveryJobId(name: DeliveryJobName, deliveryId: string): string {
  return name === DeliveryJobName.Deliver ? deliveryId : `${name}-${deliveryId}`;
}

/** Puts delivery work on its platform's queue. */
@Injectable()
export class DeliveryJobQueue {
  constructor(private readonly queues: PlatformQueues) {}

  /** Per platform, the time before which a queued delivery's job would have had its turn (now, where nothing waits). */
  async turnsTakenBefore(now: Date): Promise<Map<Platform, Date>> {
    const since = await Promise.all(
      PLATFORMS.map(async (platform) => [platform, (await this.queues.nextInLineSince(platform)) ?? now] as const),
    );
    return new Map(since.map(([platform, at]) => [platform, at < now ? at : now]));
  }

  enqueue(deliveries: QueuedDelivery[]): Promise<void> {
    return this.add(DeliveryJobName.Deliver, deliveries);
  }

  enqueueReconciles(deliveries: QueuedDelivery[]): Promise<void> {
    return this.add(DeliveryJobName.Reconcile, deliveries);
  }

  enqueueRemovals(deliveries: QueuedDelivery[]): Promise<void> {
    return this.add(DeliveryJobName.Remove, deliveries);
  }

  private add(name: DeliveryJobName, deliveries: QueuedDelivery[]): Promise<void> {
    return this.queues.addRetried(
      name,
      deliveries.map((delivery) => ({
        platform: delivery.platform,
        jobId: deliveryJobId(name, delivery.id),
        data: { deliveryId: delivery.id } satisfies DeliveryJob,
      })),
    );
  }
}
