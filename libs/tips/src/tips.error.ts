import { domainErrorFor, ErrorKind } from '@mb/common';

export enum TipErrorCode {
  NotFound = 'TIP_NOT_FOUND',
  UnknownLink = 'TIP_UNKNOWN_LINK',
  BulletinClosed = 'TIP_BULLETIN_CLOSED',
  InvalidPhoto = 'TIP_INVALID_PHOTO',
  IdempotencyMismatch = 'TIP_IDEMPOTENCY_KEY_REUSED',
  InvalidTransition = 'TIP_INVALID_TRANSITION',
  NotHandlingUnit = 'TIP_NOT_HANDLING_UNIT',
  UnitNotFound = 'TIP_UNIT_NOT_FOUND',
  Markup = 'TIP_MARKUP',
  Invalid = 'TIP_INVALID',
  NotStored = 'TIP_NOT_STORED',
  NotOfBulletin = 'OUTCOME_TIP_NOT_OF_BULLETIN',
  ThreadFull = 'TIP_THREAD_FULL',
}

const KIND: Record<TipErrorCode, ErrorKind> = {
  [TipErrorCode.NotFound]: ErrorKind.NotFound,
  [TipErrorCode.UnknownLink]: ErrorKind.NotFound,
  [TipErrorCode.BulletinClosed]: ErrorKind.Conflict,
  [TipErrorCode.InvalidPhoto]: ErrorKind.Invalid,
  [TipErrorCode.IdempotencyMismatch]: ErrorKind.Conflict,
  [TipErrorCode.InvalidTransition]: ErrorKind.Conflict,
  [TipErrorCode.NotHandlingUnit]: ErrorKind.Forbidden,
  [TipErrorCode.UnitNotFound]: ErrorKind.Invalid,
  [TipErrorCode.Markup]: ErrorKind.Invalid,
  [TipErrorCode.Invalid]: ErrorKind.Invalid,
  [TipErrorCode.NotStored]: ErrorKind.Unavailable,
  [TipErrorCode.NotOfBulletin]: ErrorKind.Invalid,
  [TipErrorCode.ThreadFull]: ErrorKind.Conflict,
};

export class TipError extends domainErrorFor(KIND) {}
