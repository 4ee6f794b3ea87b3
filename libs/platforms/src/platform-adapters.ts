import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { ByteDanceAdapter } from './bytedance/bytedance.adapter';
import { Platform } from './platform';
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
    this.adapters = {
      [Platform.WechatMp]: new WechatMpAdapter(platformUrls.wechat_mp, timeout),
      [Platform.Weibo]: new WeiboAdapter(platformUrls.weibo, timeout),
      [Platform.Douyin]: new ByteDanceAdapter(Platform.Douyin, platformUrls.douyin, timeout),
      [Platform.Toutiao]: new ByteDanceAdapter(Platform.Toutiao, platformUrls.toutiao, timeout),
      [Platform.Webhook]: new WebhookAdapter(timeout),
    };
  }

  for(platform: Platform): PlatformAdapter {
    return this.adapters[platform];
  }
}
