import { domainErrorFor, ErrorKind } from '@mb/common';

export enum ReportErrorCode {
  BulletinNotFound = 'REPORT_BULLETIN_NOT_FOUND',
  CityNotFound = 'REPORT_CITY_NOT_FOUND',
  DecisiveNotContributing = 'OUTCOME_DECISIVE_NOT_CONTRIBUTING',
}

const KIND: Record<ReportErrorCode, ErrorKind> = {
  [ReportErrorCode.BulletinNotFound]: ErrorKind.NotFound,
  [ReportErrorCode.CityNotFound]: ErrorKind.Invalid,
  [ReportErrorCode.DecisiveNotContributing]: ErrorKind.Invalid,
};

export class ReportError extends domainErrorFor(KIND) {}
