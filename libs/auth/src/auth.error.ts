import { domainErrorFor, ErrorKind } from '@mb/common';

export enum AuthErrorCode {
  BadCredentials = 'AUTH_BAD_CREDENTIALS',
  Locked = 'AUTH_LOCKED',
  TokenInvalid = 'AUTH_TOKEN_INVALID',
  UsernameTaken = 'AUTH_USERNAME_TAKEN',
  UnitNotFound = 'AUTH_UNIT_NOT_FOUND',
}

const KIND: Record<AuthErrorCode, ErrorKind> = {
  [AuthErrorCode.BadCredentials]: ErrorKind.Unauthenticated,
  [AuthErrorCode.Locked]: ErrorKind.Unauthenticated,
  [AuthErrorCode.TokenInvalid]: ErrorKind.Unauthenticated,
  [AuthErrorCode.UsernameTaken]: ErrorKind.Conflict,
  [AuthErrorCode.UnitNotFound]: ErrorKind.Invalid,
};

export class AuthError extends domainErrorFor(KIND) {}
