import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { Platform } from './platform';
import { PlatformAdapter } from './platform-adapter';
import { PlatformError, PlatformErrorCode } from './platform.error';
import { WebhookAdapter } from './webhook/webhook.adapter';
import { WeiboAdapter } from './weibo/weibo.adapter';

/** The adapter of each platform, built once per process with the configured base URLs. */
@Injectable()
export class PlatformAdapters {
  private readonly adapters = new Map<Platform, PlatformAdapter>();

  constructor(config: AppConfig) {
    this.adapters.set(Platform.Weibo, new WeiboAdapter(config.platformUrls.weibo, config.platformTimeoutMs));
    this.adapters.set(Platform.Webhook, new WebhookAdapter(config.platformTimeoutMs));
  }

  for(platform: Platform): PlatformAdapter {
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new PlatformError(PlatformErrorCode.Rejected, `no adapter for ${platform} in this version`);
    return adapter;
  }
}
