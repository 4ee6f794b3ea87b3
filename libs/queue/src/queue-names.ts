import { Platform, PLATFORMS } from '@mb/vocabulary';

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

/**
 * Other work that calls a platform for one account or one tip rides the same platform queue, so
 * the platform's rate limit counts it too.
 */
export enum AccountJobName {
  /** Read the account's new comments and messages into tips. */
  CollectInbound = 'collect-inbound',
  /** Send a tip's reply through the platform it came from. */
  SendTipReply = 'send-tip-reply',
  /** Read the counters of the account's posts that are due. */
  CollectMetrics = 'collect-metrics',
}

export interface AccountJob {
  accountId?: string;
  tipId?: string;
}

/** A fixed job id per (kind, delivery): queueing the same work twice while it waits is a no-op. */
export function deliveryJobId(name: DeliveryJobName, deliveryId: string): string {
  return name === DeliveryJobName.Deliver ? deliveryId : `${name}-${deliveryId}`;
}
