import { domainErrorFor, ErrorKind } from '@mb/common';

export enum AuthErrorCode {
  BadCredentials = 'AUTH_BAD_CREDENTIALS',
  Throttled = 'AUTH_THROTTLED',
  TokenReused = 'AUTH_TOKEN_REUSED',
  WeakPassword = 'AUTH_WEAK_PASSWORD',
  UserNotFound = 'AUTH_USER_NOT_FOUND',
  OwnUser = 'AUTH_OWN_USER',
  TokenInvalid = 'AUTH_TOKEN_INVALID',
  UsernameTaken = 'AUTH_USERNAME_TAKEN',
  UnitNotFound = 'AUTH_UNIT_NOT_FOUND',
}

const KIND: Record<AuthErrorCode, ErrorKind> = {
  [AuthErrorCode.BadCredentials]: ErrorKind.Unauthenticated,
  [AuthErrorCode.Throttled]: ErrorKind.TooMany,
  [AuthErrorCode.TokenReused]: ErrorKind.Unauthenticated,
  [AuthErrorCode.WeakPassword]: ErrorKind.Invalid,
  [AuthErrorCode.UserNotFound]: ErrorKind.NotFound,
  [AuthErrorCode.OwnUser]: ErrorKind.Conflict,
  [AuthErrorCode.TokenInvalid]: ErrorKind.Unauthenticated,
  [AuthErrorCode.UsernameTaken]: ErrorKind.Conflict,
  [AuthErrorCode.UnitNotFound]: ErrorKind.Invalid,
};

export class AuthError extends domainErrorFor(KIND) {}
