export enum Platform {
  WechatMp = 'wechat_mp',
  Weibo = 'weibo',
  Douyin = 'douyin',
  Toutiao = 'toutiao',
  Webhook = 'webhook',
}

export const PLATFORMS = Object.values(Platform);
