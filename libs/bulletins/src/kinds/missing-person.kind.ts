import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEnum,
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
import { BulletinKind, BulletinPriority } from '@mb/vocabulary';
import type { BulletinKindDescriptor } from './kind-descriptor';
import { beijingTime, CONTACT_LINE, joined, PHOTO_URL, Sex, SEX_LABELS } from './shared-fields';

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

/** 微寻人: a missing person, where and when last seen; urgent by default for minors and vulnerable people. */
export const MISSING_PERSON: BulletinKindDescriptor<MissingPersonDetailsDto> = {
  kind: BulletinKind.MissingPerson,
  detailsField: 'missingPerson',
  details: MissingPersonDetailsDto,
  summary: (details) => {
    const person = details.person ?? ({} as MissingPersonDto);
    const lastSeen = details.lastSeen ?? ({} as LastSeenDto);
    const who = joined([person.name, SEX_LABELS[person.sex], `${person.age}岁`, person.heightCm && `身高约${person.heightCm}厘米`]);
    return `${joined([who, `${beijingTime(lastSeen.at)}在${lastSeen.place}走失`, person.clothing && `走失时穿${person.clothing}`])}。如有线索请联系${details.guardianContact}。`;
  },
  tipsGoTo: 'issuer',
  priority: (details) => {
    const person = details?.person;
    const vulnerable = person !== undefined && (person.age < 18 || (person.vulnerabilities ?? []).length > 0);
    return vulnerable ? BulletinPriority.Urgent : BulletinPriority.Normal;
  },
};
