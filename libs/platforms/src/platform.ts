import { Platform, PLATFORMS } from '@mb/vocabulary';
import { PLATFORM_REGISTRY } from './platform-registry';

/**
 * Deliveries a worker keeps in flight on one platform, given its concurrency for a one-call
 * platform: a platform whose post takes several calls gets as many times more, so a bulletin's
 * posts on every platform finish at about the same time rather than WeChat's trailing the rest.
 */
export function deliveriesInFlight(platform: Platform, concurrency: number): number {
  return concurrency * PLATFORM_REGISTRY[platform].callsPerPost;
}

/** Deliveries a worker keeps in flight over all platforms at this concurrency. */
export function deliveriesInFlightOnAllPlatforms(concurrency: number): number {
  return PLATFORMS.reduce((sum, platform) => sum + deliveriesInFlight(platform, concurrency), 0);
}
