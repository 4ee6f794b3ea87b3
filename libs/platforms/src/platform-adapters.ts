import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { ByteDanceAdapter } from './bytedance/bytedance.adapter';
import { ImageFetcher } from './http/images';
import { OutboundGuard } from './http/outbound-guard';
import { Platform } from '@mb/vocabulary';

import { PlatformAdapter } from './platform-adapter';
import { WebhookAdapter } from './webhook/webhook.adapter';
import { WechatMpAdapter } from './wechat/wechat-mp.adapter';
import { WeiboAdapter } from './weibo/weibo.adapter';

/** The adapter of each platform, built once per process with the configured base URLs. */
@Injectable()
export class PlatformAdapters {
  private readonly adapters: Record<Platform, PlatformAdapter>;

  constructor(config: AppConfig) {
    const { platformUrls, platformTimeoutMs: timeout } = config;
    // The platforms' hosts come from the configuration; a unit's site and a bulletin's pictures are URLs users typed.
    const guard = new OutboundGuard(config.outboundAllowList);
    const images = new ImageFetcher(guard);
    this.adapters = {
      [Platform.WechatMp]: new WechatMpAdapter(platformUrls.wechat_mp, timeout, images),
      [Platform.Weibo]: new WeiboAdapter(platformUrls.weibo, timeout),
      [Platform.Douyin]: new ByteDanceAdapter(Platform.Douyin, platformUrls.douyin, timeout, images),
      [Platform.Toutiao]: new ByteDanceAdapter(Platform.Toutiao, platformUrls.toutiao, timeout, images),
      [Platform.Webhook]: new WebhookAdapter(timeout, guard),
    };
  }

  for(platform: Platform): PlatformAdapter {
    return this.adapters[platform];
  }
}
