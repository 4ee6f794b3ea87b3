import { IsNotEmpty, IsOptional, IsString, IsUrl, Length, Matches } from 'class-validator';
import { Platform } from '@mb/vocabulary';

export class WechatMpCredentials {
  @Matches(/^wx[0-9a-f]{16}$/, { message: 'appId must look like wx followed by 16 hex digits' })
  appId: string;

  @IsString()
  @Length(16, 64)
  appSecret: string;
}

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

export class WebhookCredentials {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url: string;

  @IsString()
  @Length(16, 256)
  secret: string;
}

/** The credential fields each platform needs; validated on registration, stored only encrypted. */
export const CREDENTIALS_SHAPE: Record<Platform, new () => object> = {
  [Platform.WechatMp]: WechatMpCredentials,
  [Platform.Weibo]: WeiboCredentials,
  [Platform.Douyin]: DouyinCredentials,
  [Platform.Toutiao]: DouyinCredentials,
  [Platform.Webhook]: WebhookCredentials,
};
