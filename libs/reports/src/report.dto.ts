import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BulletinKind, ResolutionOutcome } from '@mb/vocabulary';

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
