import { Platform, PLATFORMS } from '@mb/platforms';

/** One delivery queue per platform, so each platform's rate limit is set in one place. */
export function deliveryQueueName(platform: Platform): string {
  return `deliver-${platform}`;
}

export const DELIVERY_QUEUES = PLATFORMS.map(deliveryQueueName);

/** Jobs carry ids only; the worker re-reads the row. */
export interface DeliveryJob {
  deliveryId: string;
}

/** The closed set of delivery jobs; each has exactly one handler. */
export enum DeliveryJobName {
  Deliver = 'deliver',
  Reconcile = 'reconcile',
  Remove = 'remove',
}

/** A fixed job id per (kind, delivery): queueing the same work twice while it waits is a no-op. */
export function deliveryJobId(name: DeliveryJobName, deliveryId: string): string {
  return name === DeliveryJobName.Deliver ? deliveryId : `${name}-${deliveryId}`;
}
