import { domainErrorFor, ErrorKind } from '@mb/common';

export enum ReportErrorCode {
  BulletinNotFound = 'REPORT_BULLETIN_NOT_FOUND',
  CityNotFound = 'REPORT_CITY_NOT_FOUND',
  DecisiveNotContributing = 'OUTCOME_DECISIVE_NOT_CONTRIBUTING',
  NoPersons = 'PERSON_OUTCOME_NO_PERSONS',
  InvalidPersonOutcome = 'PERSON_OUTCOME_INVALID',
  PersonResolved = 'PERSON_ALREADY_RESOLVED',
}

const KIND: Record<ReportErrorCode, ErrorKind> = {
  [ReportErrorCode.BulletinNotFound]: ErrorKind.NotFound,
  [ReportErrorCode.CityNotFound]: ErrorKind.Invalid,
  [ReportErrorCode.DecisiveNotContributing]: ErrorKind.Invalid,
  [ReportErrorCode.NoPersons]: ErrorKind.Invalid,
  [ReportErrorCode.InvalidPersonOutcome]: ErrorKind.Invalid,
  [ReportErrorCode.PersonResolved]: ErrorKind.Conflict,
};

export class ReportError extends domainErrorFor(KIND) {}
