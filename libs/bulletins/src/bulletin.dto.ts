import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsDefined,
  IsEnum,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { TargetSpecDto } from '@mb/targeting';
import { BULLETIN_KIND_REGISTRY } from './kinds/kind-registry';
import { BulletinKind, BulletinPriority, ResolutionOutcome } from '@mb/vocabulary';

/** The kind-specific block must be present for its kind, and absent for the others. */
function KindDetails(kind: BulletinKind): PropertyDecorator {
  return (target, propertyName) => {
    ValidateIf((dto: { kind?: string; [key: string]: unknown }) => dto.kind === kind || dto[propertyName as string] !== undefined)(
      target,
      propertyName,
    );
    IsDefined({ message: `$property is required for kind ${kind}` })(target, propertyName);
    registerDecorator({
      name: 'kindDetails',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property is only accepted for kind ${kind}` },
      validator: { validate: (_value, args) => (args?.object as { kind?: string }).kind === kind },
    });
  };
}

const IMAGE_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The versioned content of a bulletin: what the public reads. */
export class BulletinContentDto {
  @IsEnum(BulletinKind)
  kind: BulletinKind;

  /** At most 32 characters: the longest title every platform shows whole. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  title: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  body: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsUrl(IMAGE_URL, { each: true })
  images?: string[];

  /** Each kind's details, under its own field (`wanted`, `missingPerson`, `report`), declared below from the kind registry. */
  [detailsField: string]: unknown;
}

// A field per kind, from the registry, so a new kind needs no field here; unknown fields are refused as any other.
for (const descriptor of Object.values(BULLETIN_KIND_REGISTRY)) {
  const prototype = BulletinContentDto.prototype;
  KindDetails(descriptor.kind)(prototype, descriptor.detailsField);
  IsObject({ message: '$property must be an object' })(prototype, descriptor.detailsField);
  ValidateNested()(prototype, descriptor.detailsField);
  Type(() => descriptor.details)(prototype, descriptor.detailsField);
  ApiPropertyOptional({ type: () => descriptor.details })(prototype, descriptor.detailsField);
}

export class CreateBulletinDto extends BulletinContentDto {
  @IsUUID()
  issuerUnitId: string;

  /** Defaults to urgent for missing minors and vulnerable people, normal otherwise. */
  @IsOptional()
  @IsEnum(BulletinPriority)
  priority?: BulletinPriority;

  @IsOptional()
  @IsDateString({ strict: true })
  validFrom?: string;

  @IsOptional()
  @IsDateString({ strict: true })
  validUntil?: string;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => TargetSpecDto)
  target: TargetSpecDto;

  /** At the end of validity: mark every post expired (default) or take them all down. */
  @IsOptional()
  @IsIn(['mark', 'remove'])
  onExpiry?: 'mark' | 'remove';
}

/** A new version of a draft's content; the kind cannot change. */
export class ReviseBulletinDto extends BulletinContentDto {
  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => TargetSpecDto)
  target?: TargetSpecDto;
}

export class ListBulletinsQuery {
  @IsOptional()
  @IsEnum(BulletinKind)
  kind?: BulletinKind;

  /** One status, or several separated by commas. */
  @IsOptional()
  @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'status must be one or more statuses separated by commas' })
  @MaxLength(200)
  status?: string;

  /** Part of the title. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @IsOptional()
  @IsUUID()
  issuerUnitId?: string;

  /** The case number of a 微通缉, whole. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  caseNumber?: string;

  /** Created on or after this time. */
  @IsOptional()
  @IsDateString({ strict: true })
  createdFrom?: string;

  @IsOptional()
  @IsDateString({ strict: true })
  createdTo?: string;

  /** Only the bulletins the signed-in user wrote. */
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  /** Oldest first (a review queue) instead of newest first. */
  @IsOptional()
  @IsIn(['newest', 'oldest'])
  order?: 'newest' | 'oldest';
}

export class ResolveBulletinDto {
  @IsEnum(ResolutionOutcome)
  outcome: ResolutionOutcome;

  /** A short public note, e.g. "犯罪嫌疑人已于11月20日落网，感谢广大网友". */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class WithdrawBulletinDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class RejectBulletinDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ScheduleBulletinDto {
  @IsDateString({ strict: true })
  publishAt: string;
}
