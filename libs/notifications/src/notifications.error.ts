import { domainErrorFor, ErrorKind } from '@mb/common';

export enum NotificationsErrorCode {
  UnitNotFound = 'NOTIFICATION_UNIT_NOT_FOUND',
  ChannelNotSet = 'NOTIFICATION_CHANNEL_NOT_SET',
}

const KIND: Record<NotificationsErrorCode, ErrorKind> = {
  [NotificationsErrorCode.UnitNotFound]: ErrorKind.NotFound,
  [NotificationsErrorCode.ChannelNotSet]: ErrorKind.NotFound,
};

export class NotificationsError extends domainErrorFor(KIND) {}
