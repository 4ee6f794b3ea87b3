import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PartialType, PickType } from '@nestjs/swagger';
import { PageQuery } from '@mb/common';
import { PLATFORM_REGISTRY } from '@mb/platforms';
import { Platform, PLATFORMS } from '@mb/vocabulary';

import { RepostPolicy } from './account.entity';

/** Every kind of account any platform distinguishes; which ones a platform has is checked on registration. */
const ACCOUNT_CLASSES = [...new Set(PLATFORMS.flatMap((platform) => PLATFORM_REGISTRY[platform].accountClasses ?? []))];

const TAG = /^[\p{L}\p{N}_-]{1,32}$/u;

export class CreateAccountDto {
  /** The owning unit, by id or by its code (one of the two). */
  @ValidateIf((dto: CreateAccountDto) => dto.unitCode === undefined || dto.unitId !== undefined)
  @IsUUID(undefined, { message: 'unitId must be a UUID (or give unitCode)' })
  unitId?: string;

  @IsOptional()
  @Matches(/^\d{6}(P\d{2,4})?$/, { message: 'unitCode must be a GB/T 2260 unit code' })
  unitCode?: string;

  @IsEnum(Platform)
  platform: Platform;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  platformAccountId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  followers?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag must be 1-32 letters, digits, _ or -' })
  tags?: string[];

  @IsOptional()
  @IsEnum(RepostPolicy)
  repostPolicy?: RepostPolicy;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** The platform's kind of account where quotas differ: a WeChat `subscription` (the default) or `service` account. */
  @IsOptional()
  @IsIn(ACCOUNT_CLASSES, { message: `accountClass must be one of: ${ACCOUNT_CLASSES.join(', ')}` })
  accountClass?: string;

  /** Platform-specific fields (see CREDENTIALS_SHAPE); write-only. */
  @IsObject()
  credentials: Record<string, unknown>;
}

/** The changeable fields of an account; its unit, platform and platform id are fixed. */
export class UpdateAccountDto extends PartialType(
  PickType(CreateAccountDto, ['displayName', 'followers', 'tags', 'repostPolicy', 'active', 'accountClass', 'credentials'] as const),
) {}

export class ListAccountsQuery extends PageQuery {
  /** Accounts of this unit and every unit below it. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @IsEnum(Platform)
  platform?: Platform;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class ImportAccountsQuery {
  /** Insert the valid rows and report the rest, instead of refusing the whole file. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  skipInvalid?: boolean;

  /** Check every row and report, registering nothing. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class AccountBreakerView {
  state: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  openedAt: Date | null;
}

/** An account as the API shows it: the credentials never, only whether they are set. */
export class AccountView {
  id: string;
  unitId: string;
  platform: Platform;
  platformAccountId: string;
  displayName: string;
  followers: number;
  tags: string[];
  repostPolicy: RepostPolicy;
  active: boolean;
  /** The platform's kind of account where quotas differ; null for the platform's first kind. */
  accountClass: string | null;
  hasCredentials: boolean;
  tokenExpiresAt: Date | null;
  /** The per-account circuit breaker: open after repeated failures, then one probe at a time. */
  breaker: AccountBreakerView;
  createdAt: Date;
  updatedAt: Date;
}

export class ImportRowError {
  row: number;
  field?: string;
  message: string;
}

export class ImportReport {
  received: number;
  created: number;
  /** Rows that pass every check (registered unless the import was refused or a dry run). */
  acceptable: number;
  errors: ImportRowError[];
}
