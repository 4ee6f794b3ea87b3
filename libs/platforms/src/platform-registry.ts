import { Platform } from '@mb/vocabulary';
import { BAIJIAHAO } from './baijiahao/baijiahao.platform';
import { DOUYIN, TOUTIAO } from './bytedance/bytedance.platforms';
import type { PlatformDescriptor } from './platform-descriptor';
import { WEBHOOK } from './webhook/webhook.platform';
import { WECHAT_MP } from './wechat/wechat-mp.platform';
import { WEIBO } from './weibo/weibo.platform';

/** Every platform the engine posts to, one line each. */
export const PLATFORM_REGISTRY: Record<Platform, PlatformDescriptor> = {
  [Platform.WechatMp]: WECHAT_MP,
  [Platform.Weibo]: WEIBO,
  [Platform.Douyin]: DOUYIN,
  [Platform.Toutiao]: TOUTIAO,
  [Platform.Webhook]: WEBHOOK,
  [Platform.Baijiahao]: BAIJIAHAO,
};
