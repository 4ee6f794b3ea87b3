import { PLATFORMS } from '@mb/vocabulary';
import { PLATFORM_REGISTRY } from './platform-registry';

/** The credential fields each platform needs; validated on registration, stored only encrypted. */
export const CREDENTIALS_SHAPE = Object.fromEntries(
  PLATFORMS.map((platform) => [platform, PLATFORM_REGISTRY[platform].credentials]),
) as Record<(typeof PLATFORMS)[number], new () => object>;
