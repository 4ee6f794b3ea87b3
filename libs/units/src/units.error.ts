import { domainErrorFor, ErrorKind } from '@mb/common';

export enum UnitErrorCode {
  NotFound = 'UNIT_NOT_FOUND',
  ParentNotFound = 'UNIT_PARENT_NOT_FOUND',
  WrongLevel = 'UNIT_WRONG_LEVEL',
  CodeTaken = 'UNIT_CODE_TAKEN',
}

const KIND: Record<UnitErrorCode, ErrorKind> = {
  [UnitErrorCode.NotFound]: ErrorKind.NotFound,
  [UnitErrorCode.ParentNotFound]: ErrorKind.Invalid,
  [UnitErrorCode.WrongLevel]: ErrorKind.Invalid,
  [UnitErrorCode.CodeTaken]: ErrorKind.Conflict,
};

export class UnitError extends domainErrorFor(KIND) {}
