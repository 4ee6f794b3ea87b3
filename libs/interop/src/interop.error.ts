import { domainErrorFor, ErrorKind } from '@mb/common';

export enum InteropErrorCode {
  /** Not one of our codes, or a bulletin the public never saw. */
  UnknownBulletin = 'PUBLIC_BULLETIN_UNKNOWN',
  VersionNotPublic = 'PUBLIC_VERSION_NOT_PUBLIC',
  NotWithdrawn = 'PUBLIC_BULLETIN_NOT_WITHDRAWN',
  UnknownUnit = 'PUBLIC_UNIT_UNKNOWN',
}

const KIND: Record<InteropErrorCode, ErrorKind> = {
  [InteropErrorCode.UnknownBulletin]: ErrorKind.NotFound,
  [InteropErrorCode.VersionNotPublic]: ErrorKind.NotFound,
  [InteropErrorCode.NotWithdrawn]: ErrorKind.NotFound,
  [InteropErrorCode.UnknownUnit]: ErrorKind.NotFound,
};

export class InteropError extends domainErrorFor(KIND) {}
