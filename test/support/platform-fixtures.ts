import { randomBytes } from 'node:crypto';
import { Platform } from '@mb/vocabulary';

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

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** One account per platform, with credentials of the platform's own shape. */
export function platformFixtures(simUrl: string): PlatformFixture[] {
  const wechat = { appId: `wx${hex(8)}`, appSecret: hex(16) };
  const weibo = { accessToken: `2.00${hex(16)}`, refreshToken: `2.10${hex(16)}` };
  const douyin = { clientKey: `aw${hex(7)}`, clientSecret: hex(16), accessToken: `act.${hex(16)}`, refreshToken: `rft.${hex(16)}` };
  const toutiao = { clientKey: `tt${hex(7)}`, clientSecret: hex(16), accessToken: `act.${hex(16)}`, refreshToken: `rft.${hex(16)}` };
  const webhook = { url: `${simUrl}/webhook/sites/site-longkou/bulletins`, secret: `whsec${hex(16)}` };
  return [
    { platform: Platform.WechatMp, accountId: 'gh_longkou', simCredentials: wechat, credentials: wechat, refreshes: true },
    { platform: Platform.Weibo, accountId: '5000000001', simCredentials: weibo, credentials: weibo, refreshes: true },
    { platform: Platform.Douyin, accountId: 'douyin-open-1', simCredentials: douyin, credentials: douyin, refreshes: true },
    { platform: Platform.Toutiao, accountId: 'toutiao-open-1', simCredentials: toutiao, credentials: toutiao, refreshes: true },
    {
      platform: Platform.Webhook,
      accountId: 'site-longkou',
      simCredentials: { secret: webhook.secret },
      credentials: webhook,
      refreshes: false,
    },
  ];
}
