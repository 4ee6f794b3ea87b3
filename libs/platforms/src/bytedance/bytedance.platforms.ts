import { randomBytes } from 'node:crypto';
import { IsNotEmpty, IsString, Length } from 'class-validator';
import { Platform, PostingLane } from '@mb/vocabulary';
import type { PlatformDescriptor, SampleAccount } from '../platform-descriptor';
import { ByteDanceAdapter } from './bytedance.adapter';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export class DouyinCredentials {
  @IsString()
  @IsNotEmpty()
  clientKey: string;

  @IsString()
  @IsNotEmpty()
  clientSecret: string;

  @IsString()
  @Length(8, 512)
  accessToken: string;

  @IsString()
  @Length(8, 512)
  refreshToken: string;
}

function sampleAccount(platform: Platform, index: number): SampleAccount {
  const credentials = { clientKey: `aw${hex(7)}`, clientSecret: hex(16), accessToken: `act.${hex(16)}`, refreshToken: `rft.${hex(16)}` };
  return { platformAccountId: `${platform}-open-${index}`, credentials, simCredentials: credentials };
}

export const DOUYIN: PlatformDescriptor = {
  platform: Platform.Douyin,
  // image upload, then the post
  callsPerPost: 2,
  simulatorPath: '/douyin',
  updateMode: 'comment',
  refreshesTokens: true,
  lanes: [{ lane: PostingLane.Publish, pushesToFollowers: true, quotas: [] }],
  credentials: DouyinCredentials,
  createAdapter: ({ baseUrl, timeoutMs, images }) => new ByteDanceAdapter(Platform.Douyin, baseUrl, timeoutMs, images),
  sampleAccount: (index) => sampleAccount(Platform.Douyin, index),
};

export const TOUTIAO: PlatformDescriptor = {
  platform: Platform.Toutiao,
  callsPerPost: 2,
  simulatorPath: '/toutiao',
  updateMode: 'comment',
  refreshesTokens: true,
  lanes: [{ lane: PostingLane.Publish, pushesToFollowers: true, quotas: [] }],
  credentials: DouyinCredentials,
  createAdapter: ({ baseUrl, timeoutMs, images }) => new ByteDanceAdapter(Platform.Toutiao, baseUrl, timeoutMs, images),
  sampleAccount: (index) => sampleAccount(Platform.Toutiao, index),
};
