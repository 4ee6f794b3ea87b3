import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SIM_PLATFORMS, type SimPlatform } from '../sim-state';

export class SimAccountDto {
  @IsIn(SIM_PLATFORMS)
  platform: SimPlatform;

  @IsString()
  @MaxLength(128)
  accountId: string;

  @IsObject()
  credentials: Record<string, string>;

  @IsOptional()
  @IsInt()
  @Min(0)
  followers?: number;

  /** A WeChat account's kind: `subscription` (one mass send a day) or `service` (four a month). */
  @IsOptional()
  @IsIn(['subscription', 'service'])
  accountClass?: string;
}

export class RegisterAccountsDto {
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => SimAccountDto)
  accounts: SimAccountDto[];
}

/** Faults for every platform, one platform, or one account of a platform. */
export class FaultsDto {
  @IsOptional()
  @IsIn(SIM_PLATFORMS)
  platform?: SimPlatform;

  @IsOptional()
  @IsString()
  accountId?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  jitterMs?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  dropRate?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  rateLimitPerSecond?: number;

  /** Limits only the call that creates a post (share, freepublish/submit, create_image_text, POST bulletins). */
  @IsOptional()
  @IsInt()
  @Min(0)
  publishRateLimitPerSecond?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  tokenTtlSeconds?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  refreshTokenTtlSeconds?: number;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  bannedWords?: string[];

  /** Replaces the platform's counted post quota (WeChat freepublish a day, Weibo posts an hour); 0 restores it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  postQuota?: number;
}

export class ResetDto {
  @IsOptional()
  @IsInt()
  seed?: number;
}

export class ClockDto {
  /** Freeze the simulator's clock at this time; null returns it to real time. */
  @IsOptional()
  @IsDateString()
  at?: string | null;

  @IsOptional()
  @IsNumber()
  advanceSeconds?: number;
}

export class ExpireTokensDto {
  @IsIn(SIM_PLATFORMS)
  platform: SimPlatform;

  @IsString()
  accountId: string;

  /** The refresh tokens too: the account is as good as unauthorised until an operator authorises it again. */
  @IsOptional()
  @IsBoolean()
  refreshTokens?: boolean;
}

/** A comment or message from the public, as if someone had written it on the platform. */
export class InboundDto {
  @IsIn(SIM_PLATFORMS)
  platform: SimPlatform;

  @IsString()
  accountId: string;

  @IsOptional()
  @IsString()
  postId?: string;

  @IsString()
  @MaxLength(2000)
  text: string;

  @IsString()
  @MaxLength(128)
  from: string;
}

export class CommentsQuery {
  @IsOptional()
  @IsIn(SIM_PLATFORMS)
  platform?: SimPlatform;
}

export class PostsQuery {
  @IsOptional()
  @IsIn(SIM_PLATFORMS)
  platform?: SimPlatform;
}

/** A group robot (or a unit's own endpoint) notifications may be sent to. */
export class RobotDto {
  @IsIn(['wecom_robot', 'dingtalk_robot', 'webhook'])
  kind: 'wecom_robot' | 'dingtalk_robot' | 'webhook';

  /** The robot's key (企业微信), access token (钉钉) or the endpoint's name. */
  @IsString()
  @MaxLength(128)
  id: string;

  /** 钉钉's 加签 secret, or the endpoint's HMAC secret. */
  @IsOptional()
  @IsString()
  secret?: string;
}
