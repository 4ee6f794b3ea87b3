import { domainErrorFor, ErrorKind } from '@mb/common';

export enum AccountErrorCode {
  NotFound = 'ACCOUNT_NOT_FOUND',
  AlreadyRegistered = 'ACCOUNT_ALREADY_REGISTERED',
  UnitNotFound = 'ACCOUNT_UNIT_NOT_FOUND',
  InvalidCredentials = 'ACCOUNT_INVALID_CREDENTIALS',
  InUse = 'ACCOUNT_IN_USE',
  ImportRejected = 'ACCOUNT_IMPORT_REJECTED',
}

const KIND: Record<AccountErrorCode, ErrorKind> = {
  [AccountErrorCode.NotFound]: ErrorKind.NotFound,
  [AccountErrorCode.AlreadyRegistered]: ErrorKind.Conflict,
  [AccountErrorCode.UnitNotFound]: ErrorKind.Invalid,
  [AccountErrorCode.InvalidCredentials]: ErrorKind.Invalid,
  [AccountErrorCode.InUse]: ErrorKind.Conflict,
  [AccountErrorCode.ImportRejected]: ErrorKind.Invalid,
};

export class AccountError extends domainErrorFor(KIND) {}
