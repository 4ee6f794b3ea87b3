import { PLATFORM_REGISTRY } from '@mb/platforms';
import { Platform, PLATFORMS } from '@mb/vocabulary';

export interface PlatformFixture {
  platform: Platform;
  accountId: string;
  /** What the simulator is told the account holds (its app and tokens). */
  simCredentials: Record<string, string>;
  /** What the engine stores for the account. */
  credentials: Record<string, string>;
  /** Whether the platform has tokens that expire and can be refreshed. */
  refreshes: boolean;
}

/** One account per platform, with credentials of the platform's own shape. */
export function platformFixtures(simUrl: string): PlatformFixture[] {
  return PLATFORMS.map((platform, index) => {
    const descriptor = PLATFORM_REGISTRY[platform];
    const sample = descriptor.sampleAccount(index + 1, simUrl);
    return {
      platform,
      accountId: sample.platformAccountId,
      simCredentials: sample.simCredentials,
      credentials: sample.credentials,
      refreshes: descriptor.refreshesTokens,
    };
  });
}
