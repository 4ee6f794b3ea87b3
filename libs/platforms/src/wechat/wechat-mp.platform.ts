import { randomBytes } from 'node:crypto';
import { Length, Matches, IsString } from 'class-validator';
import { Platform, PostingLane, QuotaWindow } from '@mb/vocabulary';
import type { PlatformDescriptor } from '../platform-descriptor';
import { WechatMpAdapter } from './wechat-mp.adapter';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export class WechatMpCredentials {
  @Matches(/^wx[0-9a-f]{16}$/, { message: 'appId must look like wx followed by 16 hex digits' })
  appId: string;

  @IsString()
  @Length(16, 64)
  appSecret: string;
}

export const WECHAT_MP: PlatformDescriptor = {
  platform: Platform.WechatMp,
  // token, cover, draft, submit, status
  callsPerPost: 5,
  simulatorPath: '/wechat',
  updateMode: 'new_post',
  refreshesTokens: true,
  lanes: [
    {
      lane: PostingLane.Publish,
      pushesToFollowers: false,
      quotas: [{ window: QuotaWindow.Day, limit: 100, basis: 'freepublish/submit daily call quota (assumed; 45009 when reached)' }],
    },
    {
      lane: PostingLane.Push,
      pushesToFollowers: true,
      quotas: [
        { window: QuotaWindow.Day, limit: 1, accountClass: 'subscription', basis: 'mass send: one a day for a subscription account' },
        { window: QuotaWindow.Month, limit: 4, accountClass: 'service', basis: 'mass send: four a month for a service account' },
      ],
    },
  ],
  accountClasses: ['subscription', 'service'],
  credentials: WechatMpCredentials,
  createAdapter: ({ baseUrl, timeoutMs, images }) => new WechatMpAdapter(baseUrl, timeoutMs, images),
  sampleAccount: (index) => {
    const credentials = { appId: `wx${hex(8)}`, appSecret: hex(16) };
    return { platformAccountId: `gh_${(0x5a0000000 + index).toString(16)}`, credentials, simCredentials: credentials };
  },
};
