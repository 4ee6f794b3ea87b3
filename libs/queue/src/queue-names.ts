import { Platform, PLATFORMS } from '@mb/vocabulary';

/** One delivery queue per platform, so each platform's rate limit is set in one place. */
export function deliveryQueueName(platform: Platform): string {
  return `deliver-${platform}`;
}

export const DELIVERY_QUEUES = PLATFORMS.map(deliveryQueueName);
