import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { BulletinKind, BulletinPriority, PERSONS_PER_NOTICE } from '@mb/vocabulary';
import type { BulletinKindDescriptor } from './kind-descriptor';
import { personsSummary } from './persons-summary';
import { beijingTime, CONTACT_LINE, joined, OneOrMany, OnlyWithout, PHOTO_URL, Sex, SEX_LABELS } from './shared-fields';

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
  /** The one missing person; a notice for several (siblings, a group of hikers) gives `persons` instead. */
  @OnlyWithout('persons')
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => MissingPersonDto)
  person?: MissingPersonDto;

  @OneOrMany('person')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PERSONS_PER_NOTICE.missing_person!)
  @ValidateNested({ each: true })
  @Type(() => MissingPersonDto)
  persons?: MissingPersonDto[];

  /** The police case the search belongs to, where there is one. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  caseNumber?: string;

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
  summary: (details, statuses = []) => {
    const people = personsOf(details);
    const lastSeen = details.lastSeen ?? ({} as LastSeenDto);
    const contact = `如有线索请联系${details.guardianContact}。`;
    if (people.length <= 1) {
      const person = people[0] ?? ({} as MissingPersonDto);
      return `${joined([describe(person), `${beijingTime(lastSeen.at)}在${lastSeen.place}走失`, person.clothing && `走失时穿${person.clothing}`])}。${contact}`;
    }
    const described = people.map((person) => joined([describe(person), person.clothing && `走失时穿${person.clothing}`]));
    return `${personsSummary(BulletinKind.MissingPerson, described, statuses, '走失人员')}${beijingTime(lastSeen.at)}在${lastSeen.place}走失。${contact}`;
  },
  persons: (details) => (details ? personsOf(details) : []),
  caseNumber: (details) => details?.caseNumber ?? null,
  tipsGoTo: 'issuer',
  priority: (details) => {
    const vulnerable = personsOf(details ?? ({} as MissingPersonDetailsDto)).some(
      (person) => person.age < 18 || (person.vulnerabilities ?? []).length > 0,
    );
    return vulnerable ? BulletinPriority.Urgent : BulletinPriority.Normal;
  },
};

function personsOf(details: MissingPersonDetailsDto): MissingPersonDto[] {
  return details.persons ?? (details.person ? [details.person] : []);
}

function describe(person: MissingPersonDto): string {
  return joined([person.name, SEX_LABELS[person.sex], `${person.age}岁`, person.heightCm && `身高约${person.heightCm}厘米`]);
}
