/**
 * The platforms a unit's account can live on. Each value is also the row value in `account.platform`
 * and `delivery.platform`; the database's check is built from this list by `migrate`.
 */
export enum Platform {
  WechatMp = 'wechat_mp',
  Weibo = 'weibo',
  Douyin = 'douyin',
  Toutiao = 'toutiao',
  Webhook = 'webhook',
  Baijiahao = 'baijiahao',
}

export const PLATFORMS: readonly Platform[] = Object.values(Platform);

/** How staff and the public name each platform, in every screen, export and seeded account. */
export const PLATFORM_LABELS: Record<Platform, string> = {
  [Platform.WechatMp]: '微信公众号',
  [Platform.Weibo]: '微博',
  [Platform.Douyin]: '抖音',
  [Platform.Toutiao]: '头条号',
  [Platform.Webhook]: '单位网站',
  [Platform.Baijiahao]: '百家号',
};

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}
