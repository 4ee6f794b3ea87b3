import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsNotEmpty,
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
import { maskIdNumber } from '@mb/platforms';
import { ArrayMinSize } from 'class-validator';
import { BulletinKind, BulletinPriority, PERSONS_PER_NOTICE } from '@mb/vocabulary';
import { IsResidentIdNumber } from '../resident-id';
import type { BulletinKindDescriptor } from './kind-descriptor';
import { personsSummary } from './persons-summary';
import { CONTACT_LINE, joined, OneOrMany, OnlyWithout, PHOTO_URL, Sex, SEX_LABELS, THIS_YEAR } from './shared-fields';

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
  /** The one suspect of a notice; a notice naming several gives `suspects` instead. */
  @OnlyWithout('suspects')
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SuspectDto)
  suspect?: SuspectDto;

  /** Several suspects of one case in one notice (up to 30), each with their own facts and photos. */
  @OneOrMany('suspect')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PERSONS_PER_NOTICE.wanted!)
  @ValidateNested({ each: true })
  @Type(() => SuspectDto)
  suspects?: SuspectDto[];

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

/** 微通缉: a suspect sought, with the offence, the case number and a hotline; tips go to the issuing unit. */
export const WANTED: BulletinKindDescriptor<WantedDetailsDto> = {
  kind: BulletinKind.Wanted,
  detailsField: 'wanted',
  details: WantedDetailsDto,
  summary: (details, statuses = []) => {
    const reward = details.reward?.amountCny ? `悬赏${details.reward.amountCny}元` : null;
    const tail = `${joined([`涉嫌${details.offence}`, details.dangerWarning, reward])}。线索请拨${details.contactLine}。`;
    const suspects = suspectsOf(details);
    if (suspects.length <= 1) return `${joined([`犯罪嫌疑人${describe(suspects[0] ?? ({} as SuspectDto))}`, tail])}`;
    return `${personsSummary(BulletinKind.Wanted, suspects.map(describe), statuses, '犯罪嫌疑人')}${tail}`;
  },
  persons: (details) => (details ? suspectsOf(details) : []),
  caseNumber: (details) => details?.caseNumber ?? null,
  tipsGoTo: 'issuer',
  priority: () => BulletinPriority.Normal,
};

function suspectsOf(details: WantedDetailsDto): SuspectDto[] {
  return details.suspects ?? (details.suspect ? [details.suspect] : []);
}

function describe(suspect: SuspectDto): string {
  return joined([
    suspect.name,
    suspect.aliases?.length ? `别名${suspect.aliases.join('、')}` : null,
    SEX_LABELS[suspect.sex],
    suspect.birthYear && `${suspect.birthYear}年生`,
    suspect.idNumber && `身份证号${maskIdNumber(suspect.idNumber)}`,
    suspect.heightCm && `身高约${suspect.heightCm}厘米`,
  ]);
}
