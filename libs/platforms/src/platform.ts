import { Platform, PLATFORMS } from '@mb/vocabulary';

/**
 * Calls one post makes to its platform, one after another: WeChat's token, cover, draft, submit
 * and status; an image upload then the post on Douyin and Toutiao; one call on Weibo and a site.
 */
const CALLS_PER_POST: Record<Platform, number> = {
  [Platform.WechatMp]: 5,
  [Platform.Weibo]: 1,
  [Platform.Douyin]: 2,
  [Platform.Toutiao]: 2,
  [Platform.Webhook]: 1,
};

/**
 * Deliveries a worker keeps in flight on one platform, given its concurrency for a one-call
 * platform: a platform whose post takes several calls gets as many times more, so a bulletin's
 * posts on every platform finish at about the same time rather than WeChat's trailing the rest.
 */
export function deliveriesInFlight(platform: Platform, concurrency: number): number {
  return concurrency * CALLS_PER_POST[platform];
}

/** Deliveries a worker keeps in flight over all platforms at this concurrency. */
export function deliveriesInFlightOnAllPlatforms(concurrency: number): number {
  return PLATFORMS.reduce((sum, platform) => sum + deliveriesInFlight(platform, concurrency), 0);
}
