import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const SIM_PLATFORMS = ['weibo', 'webhook', 'wechat_mp', 'douyin', 'toutiao'] as const;

export class SimAccountDto {
  @IsIn(SIM_PLATFORMS)
  platform: (typeof SIM_PLATFORMS)[number];

  @IsString()
  @MaxLength(128)
  accountId: string;

  @IsObject()
  credentials: Record<string, string>;
}

export class RegisterAccountsDto {
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => SimAccountDto)
  accounts: SimAccountDto[];
}

export class FaultsDto {
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
}

export class ResetDto {
  @IsOptional()
  @IsInt()
  seed?: number;
}

export class PostsQuery {
  @IsOptional()
  @IsIn(SIM_PLATFORMS)
  platform?: (typeof SIM_PLATFORMS)[number];
}
