import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsResidentIdNumber } from './resident-id';

const PHOTO_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const CONTACT_LINE = /^[0-9+\-() ]{3,32}$/;
const THIS_YEAR = new Date().getUTCFullYear();

export enum Sex {
  Male = 'male',
  Female = 'female',
  Unknown = 'unknown',
}

export class SuspectDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  aliases?: string[];

  @IsEnum(Sex)
  sex: Sex;

  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(THIS_YEAR)
  birthYear?: number;

  /** Stored whole for the police; every published text masks it. */
  @IsOptional()
  @IsResidentIdNumber()
  idNumber?: string;

  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(250)
  heightCm?: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  features?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsUrl(PHOTO_URL, { each: true })
  photos?: string[];
}

export class RewardDto {
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amountCny: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  conditions?: string;
}

export class WantedDetailsDto {
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SuspectDto)
  suspect: SuspectDto;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  offence: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  caseNumber: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  dangerWarning?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  lastKnownWhereabouts: string;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => RewardDto)
  reward?: RewardDto;

  @Matches(CONTACT_LINE, { message: 'contactLine must be a telephone number' })
  contactLine: string;
}

export enum Vulnerability {
  Minor = 'minor',
  Dementia = 'dementia',
  IntellectualDisability = 'intellectual_disability',
}

export class MissingPersonDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @IsEnum(Sex)
  sex: Sex;

  @IsInt()
  @Min(0)
  @Max(120)
  age: number;

  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(250)
  heightCm?: number;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  clothing?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  features?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsUrl(PHOTO_URL, { each: true })
  photos?: string[];

  @IsOptional()
  @IsArray()
  @IsEnum(Vulnerability, { each: true })
  vulnerabilities?: Vulnerability[];
}

export class LastSeenDto {
  @IsDateString({ strict: true })
  at: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  place: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude({ message: 'latitude must be a number between -90 and 90' })
  latitude: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude({ message: 'longitude must be a number between -180 and 180' })
  longitude: number;
}

export class MissingPersonDetailsDto {
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => MissingPersonDto)
  person: MissingPersonDto;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => LastSeenDto)
  lastSeen: LastSeenDto;

  @Matches(CONTACT_LINE, { message: 'guardianContact must be a telephone number' })
  guardianContact: string;
}

export const REPORT_TOPICS = ['drug_trafficking', 'telecom_fraud', 'gang_crime', 'public_danger', 'other'] as const;

export class ReportDetailsDto {
  @IsIn(REPORT_TOPICS)
  topic: (typeof REPORT_TOPICS)[number];

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  sought: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  rewardRules: string;

  @IsDateString({ strict: true })
  deadline: string;
}
