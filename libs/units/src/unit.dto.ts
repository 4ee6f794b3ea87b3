import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  Max,
  Min,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '@mb/common';
import { UnitLevel } from './unit.entity';

export class CreateUnitDto {
  @Matches(/^\d{6}(P\d{2,4})?$/, { message: 'code must be a 6-digit GB/T 2260 code, or a county code followed by P and a number' })
  code: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @IsEnum(UnitLevel)
  level: UnitLevel;

  /** Required for every level below the province. */
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Type(() => Number)
  @IsLatitude({ message: 'latitude must be a number between -90 and 90' })
  latitude: number;

  @Type(() => Number)
  @IsLongitude({ message: 'longitude must be a number between -180 and 180' })
  longitude: number;
}

export class ListUnitsQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @IsOptional()
  @IsEnum(UnitLevel)
  level?: UnitLevel;

  @IsOptional()
  @Matches(/^\d{6}/, { message: 'codePrefix must start with digits of a GB/T 2260 code' })
  @MaxLength(16)
  codePrefix?: string;
}

/** How the unit reviews reposts of its accounts whose policy is `review`. */
export class ReviewSettingsDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  reviewWindowMinutes?: number;

  @IsOptional()
  @IsIn(['post', 'skip'])
  reviewFallback?: 'post' | 'skip';

  @IsOptional()
  @IsBoolean()
  urgentOptOut?: boolean;
}
