import { IsBoolean, IsEnum, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery } from '@mb/common';
import { NotificationChannelKind } from '@mb/vocabulary';

/** A unit's channel: a signed webhook of its own, or the group robot of its 企业微信 or 钉钉 chat. */
export class SetNotificationChannelDto {
  @IsEnum(NotificationChannelKind)
  kind: NotificationChannelKind;

  /** The webhook address as the robot's settings show it (its key or access token included), or the unit's own endpoint. */
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false }, { message: 'url must be an http(s) address' })
  @MaxLength(1000)
  url: string;

  /** The signing secret: the HMAC key of a signed webhook, or a 钉钉 robot's 加签 secret (SEC…). */
  @IsOptional()
  @IsString()
  @Length(8, 200)
  secret?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListNotificationsQuery extends PageQuery {
  /** Notifications of this unit; a unit operator sees only their own unit's. */
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
