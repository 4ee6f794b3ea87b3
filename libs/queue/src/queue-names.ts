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

export const DELIVER_JOB = 'deliver';
