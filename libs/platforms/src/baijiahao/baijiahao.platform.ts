import { randomBytes } from 'node:crypto';
import { IsNotEmpty, IsString, Length, Matches } from 'class-validator';
import { Platform, PostingLane } from '@mb/vocabulary';
import type { PlatformDescriptor } from '../platform-descriptor';
import { BaijiahaoAdapter } from './baijiahao.adapter';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The province's Baidu app (its API key and secret) and the tokens the account's authorisation gave it. */
export class BaijiahaoCredentials {
  @Matches(/^[A-Za-z0-9]{16,40}$/, { message: 'clientId must be the Baidu app API key (16 to 40 letters and digits)' })
  clientId: string;

  @IsString()
  @Length(16, 64)
  clientSecret: string;

  @IsString()
  @IsNotEmpty()
  @Length(8, 512)
  accessToken: string;

  @IsString()
  @Length(8, 512)
  refreshToken: string;
}

export const BAIJIAHAO: PlatformDescriptor = {
  platform: Platform.Baijiahao,
  // one publishing call; Baidu fetches the covers itself
  callsPerPost: 1,
  simulatorPath: '/baijiahao',
  updateMode: 'new_post',
  refreshesTokens: true,
  lanes: [{ lane: PostingLane.Publish, pushesToFollowers: true, quotas: [] }],
  credentials: BaijiahaoCredentials,
  createAdapter: ({ baseUrl, timeoutMs }) => new BaijiahaoAdapter(baseUrl, timeoutMs),
  sampleAccount: (index) => {
    const credentials = { clientId: `bd${hex(10)}`, clientSecret: hex(16), accessToken: `121.${hex(16)}`, refreshToken: `122.${hex(16)}` };
    return { platformAccountId: `bjh-${1_600_000_000 + index}`, credentials, simCredentials: credentials };
  },
};
