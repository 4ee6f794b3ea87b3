import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IMAGE_TYPES } from '@mb/common';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@mb/common';
import { REWARD_STATUSES, type RewardStatus, TIP_STATUSES, TipStatus } from '@mb/vocabulary';

export const PHOTO_TYPES = IMAGE_TYPES;
export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
/** Base64 of MAX_PHOTO_BYTES, so an oversize photo is refused before it is decoded. */
const MAX_PHOTO_BASE64 = Math.ceil(MAX_PHOTO_BYTES / 3) * 4;

export class TipContactDto {
  /** Mainland mobile or landline with area code; spaces and dashes allowed. */
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 -]{5,18}[0-9]$/, { message: 'must be a phone number' })
  phone?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z][-_A-Za-z0-9]{5,19}$/, { message: 'must be a WeChat id (6-20 letters, digits, - or _)' })
  wechatId?: string;
}

export class TipLocationDto {
  @IsNumber()
  @IsLatitude()
  latitude: number;

  @IsNumber()
  @IsLongitude()
  longitude: number;
}

export class TipPhotoDto {
  @IsIn(PHOTO_TYPES)
  contentType: (typeof PHOTO_TYPES)[number];

  @IsString()
  @MaxLength(MAX_PHOTO_BASE64, { message: `must be at most ${MAX_PHOTO_BYTES} bytes` })
  @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'must be base64' })
  dataBase64: string;
}

/** Photos a tipster attaches, at intake or later in the thread: at most MAX_PHOTOS, each checked as a TipPhotoDto. */
function TipPhotos(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_PHOTOS),
    ValidateNested({ each: true }),
    Type(() => TipPhotoDto),
  );
}

/** What the public sends through the tip page or the public API. */
export class SubmitTipDto {
  /** The attribution code from the link in the post (bulletin × account). */
  @IsString()
  @Matches(/^[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[0-9a-z]{6}$/, { message: 'must be the code from a tip link' })
  code: string;

  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  text: string;

  @IsBoolean()
  anonymous: boolean;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => TipContactDto)
  contact?: TipContactDto;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => TipLocationDto)
  location?: TipLocationDto;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  locationText?: string;

  @TipPhotos()
  photos?: TipPhotoDto[];
}

export const IDEMPOTENCY_KEY = /^[\w.:-]{8,100}$/;

export class ReplyCodeParam {
  /** 16 characters (80 bits) since threads were added; codes of 10 given before still open their tip. */
  @Matches(/^[A-Z0-9]{10}(?:[A-Z0-9]{6})?$/, { message: 'must be a reply code' })
  replyCode: string;
}

/** A message in a tip's thread: from the tipster (with photos, as at intake) or from the handling unit. */
export class ThreadMessageDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  text: string;

  @TipPhotos()
  photos?: TipPhotoDto[];
}

export class ThreadPhotoParams {
  @IsUUID()
  id: string;

  @IsUUID()
  messageId: string;

  @IsUUID()
  photoId: string;
}

export class AttributionCodeParam {
  @Matches(/^[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[0-9a-z]{6}$/, { message: 'must be the code from a tip link' })
  code: string;
}

export class ListTipsQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  bulletinId?: string;

  @IsOptional()
  @IsIn(TIP_STATUSES)
  status?: TipStatus;

  /** Tips handled within this unit's subtree. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** Only tips whose reply is still owed (never answered, or the tipster wrote again since), or only those answered. */
  @IsOptional()
  @IsIn(['true', 'false'])
  awaitingReply?: 'true' | 'false';

  /** `urgent`: overdue first, then new, then newest (an inbox); by default newest first. */
  @IsOptional()
  @IsIn(['newest', 'urgent'])
  order?: 'newest' | 'urgent';
}

export class TriageTipDto {
  @IsIn(TIP_STATUSES.filter((status) => status !== 'new'))
  status: Exclude<TipStatus, 'new'>;

  /** With `assigned`: the unit (within the handler's subtree) that takes the tip over. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** With `duplicate`: the earlier tip this one repeats. */
  @IsOptional()
  @IsUUID()
  duplicateOf?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ReplyTipDto {
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  text: string;
}

export class TipRewardDto {
  @IsBoolean()
  eligible: boolean;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amount?: number;

  @IsIn(REWARD_STATUSES)
  status: RewardStatus;
}

export class ReplyStatsQuery {
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
