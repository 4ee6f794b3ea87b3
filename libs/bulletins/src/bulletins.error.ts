import { domainErrorFor, ErrorKind } from '@mb/common';

export enum BulletinErrorCode {
  NotFound = 'BULLETIN_NOT_FOUND',
  IssuerNotFound = 'BULLETIN_ISSUER_NOT_FOUND',
  TargetUnitNotFound = 'BULLETIN_TARGET_UNIT_NOT_FOUND',
  KindChanged = 'BULLETIN_KIND_CHANGED',
  InvalidValidity = 'BULLETIN_INVALID_VALIDITY',
  NotEditable = 'BULLETIN_NOT_EDITABLE',
  InvalidTransition = 'BULLETIN_INVALID_TRANSITION',
  OwnBulletin = 'BULLETIN_OWN_REVIEW',
  ProposalNotFound = 'BULLETIN_PROPOSAL_NOT_FOUND',
  ProposalPending = 'BULLETIN_PROPOSAL_PENDING',
  ProposalDecided = 'BULLETIN_PROPOSAL_DECIDED',
}

const KIND: Record<BulletinErrorCode, ErrorKind> = {
  [BulletinErrorCode.NotFound]: ErrorKind.NotFound,
  [BulletinErrorCode.IssuerNotFound]: ErrorKind.Invalid,
  [BulletinErrorCode.TargetUnitNotFound]: ErrorKind.Invalid,
  [BulletinErrorCode.KindChanged]: ErrorKind.Invalid,
  [BulletinErrorCode.InvalidValidity]: ErrorKind.Invalid,
  [BulletinErrorCode.NotEditable]: ErrorKind.Conflict,
  [BulletinErrorCode.InvalidTransition]: ErrorKind.Conflict,
  [BulletinErrorCode.OwnBulletin]: ErrorKind.Forbidden,
  [BulletinErrorCode.ProposalNotFound]: ErrorKind.NotFound,
  [BulletinErrorCode.ProposalPending]: ErrorKind.Conflict,
  [BulletinErrorCode.ProposalDecided]: ErrorKind.Conflict,
};

export class BulletinError extends domainErrorFor(KIND) {}
