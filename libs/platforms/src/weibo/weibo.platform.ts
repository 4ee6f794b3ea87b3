import { randomBytes } from 'node:crypto';
import { IsNotEmpty, IsOptional, IsString, Length } from 'class-validator';
import { Platform, PostingLane, QuotaWindow } from '@mb/vocabulary';
import type { PlatformDescriptor } from '../platform-descriptor';
import { WeiboAdapter } from './weibo.adapter';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export class WeiboCredentials {
  @IsString()
  @IsNotEmpty()
  @Length(8, 512)
  accessToken: string;

  /** Present when the account was authorised through the mobile SDK, which issues one. */
  @IsOptional()
  @IsString()
  @Length(8, 512)
  refreshToken?: string;
}

export const WEIBO: PlatformDescriptor = {
  platform: Platform.Weibo,
  callsPerPost: 1,
  simulatorPath: '/weibo',
  updateMode: 'comment',
  refreshesTokens: true,
  lanes: [
    {
      lane: PostingLane.Publish,
      pushesToFollowers: true,
      quotas: [{ window: QuotaWindow.Hour, limit: 30, basis: 'posts per authorised user per hour (20016 when reached)' }],
    },
  ],
  credentials: WeiboCredentials,
  createAdapter: ({ baseUrl, timeoutMs }) => new WeiboAdapter(baseUrl, timeoutMs),
  sampleAccount: (index) => {
    const credentials = { accessToken: `2.00${hex(16)}`, refreshToken: `2.10${hex(16)}` };
    return { platformAccountId: String(5_000_000_000 + index), credentials, simCredentials: credentials };
  },
};
