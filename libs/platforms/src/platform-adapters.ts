import { Injectable } from '@nestjs/common';
import { AppConfig, platformBaseUrl } from '@mb/config';
import { Platform, PLATFORMS } from '@mb/vocabulary';
import { ImageFetcher } from './http/images';
import { OutboundGuard } from './http/outbound-guard';
import { type PlatformAdapter } from './platform-adapter';
import { PLATFORM_REGISTRY } from './platform-registry';

/** The adapter of each platform, built once per process from the registry with the configured base URLs. */
@Injectable()
export class PlatformAdapters {
  private readonly adapters: Record<Platform, PlatformAdapter>;

  constructor(config: AppConfig) {
    // The platforms' hosts come from the configuration; a unit's site and a bulletin's pictures are URLs users typed,
    // but for the api's own public address, where the pictures uploaded from the console are served.
    const guard = new OutboundGuard([...config.outboundAllowList, ...(config.publicBaseUrl ? [new URL(config.publicBaseUrl).host] : [])]);
    const images = new ImageFetcher(guard);
    this.adapters = Object.fromEntries(
      PLATFORMS.map((platform) => {
        const descriptor = PLATFORM_REGISTRY[platform];
        const baseUrl = platformBaseUrl(config, platform, descriptor.simulatorPath);
        return [platform, descriptor.createAdapter({ baseUrl, timeoutMs: config.platformTimeoutMs, images, guard })];
      }),
    ) as Record<Platform, PlatformAdapter>;
  }

  for(platform: Platform): PlatformAdapter {
    return this.adapters[platform];
  }
}
