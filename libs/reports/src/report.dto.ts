import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BulletinKind, PersonStatus, ResolutionOutcome } from '@mb/vocabulary';

/** Filters every report takes: bulletins published in [from, to), of a kind; a city narrows to its part of the matrix. */
export class ReportFilters {
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @IsOptional()
  @IsEnum(BulletinKind)
  kind?: BulletinKind;

  @IsOptional()
  @IsUUID()
  cityId?: string;

  /** The bulletins of one case (the case number their notices carry). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  caseNumber?: string;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class PeriodReportQuery extends ReportFilters {
  @IsOptional()
  @IsIn(['month', 'quarter', 'year'])
  period: 'month' | 'quarter' | 'year' = 'month';
}

export class BulletinReportQuery {
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class RecordOutcomeDto {
  @IsEnum(ResolutionOutcome)
  outcome: ResolutionOutcome;

  @IsDateString({ strict: true })
  occurredAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;

  /** A short public note carried to every live post, e.g. "犯罪嫌疑人已落网，感谢广大网友". */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  @Type(() => String)
  contributingTipIds: string[] = [];

  /** The tip that decided the case; must be one of the contributing tips. */
  @IsOptional()
  @IsUUID()
  decisiveTipId?: string;
}

/** What became of one person the notice names. */
export class PersonOutcomeDto {
  /** The person's place in the notice's list, from 0. */
  @IsInt()
  @Min(0)
  @Max(29)
  person: number;

  @IsEnum(PersonStatus)
  status: PersonStatus;

  @IsDateString({ strict: true })
  occurredAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  @Type(() => String)
  contributingTipIds: string[] = [];
}

/** One or more persons resolved at once; they go public together as one update, once a second person approves it. */
export class RecordPersonOutcomesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PersonOutcomeDto)
  outcomes: PersonOutcomeDto[];
}
