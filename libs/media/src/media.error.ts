import { domainErrorFor, ErrorKind } from '@mb/common';

export enum MediaErrorCode {
  NotFound = 'MEDIA_NOT_FOUND',
  UnsupportedType = 'MEDIA_UNSUPPORTED_TYPE',
  InvalidImage = 'MEDIA_INVALID_IMAGE',
}

const KIND: Record<MediaErrorCode, ErrorKind> = {
  [MediaErrorCode.NotFound]: ErrorKind.NotFound,
  [MediaErrorCode.UnsupportedType]: ErrorKind.Invalid,
  [MediaErrorCode.InvalidImage]: ErrorKind.Invalid,
};

export class MediaError extends domainErrorFor(KIND) {}
