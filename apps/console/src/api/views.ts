import type { ContentChange } from '@mb/bulletins/content-diff';
import type { BulletinKind, ResolutionOutcome } from '@mb/vocabulary';
import type { components } from './schema.gen';

/**
 * Answers the OpenAPI document does not describe field by field yet (services return plain
 * objects there): the shapes the console reads, written once here. Requests, paths and queries
 * are all typed from the document itself.
 */
export type Schemas = components['schemas'];

export type Bulletin = Schemas['Bulletin'];
export type Unit = Schemas['Unit'];
export type TargetSpec = Schemas['TargetSpecDto'];
export type BulletinVersion = Schemas['BulletinVersion'];
export type CreateBulletin = Schemas['CreateBulletinDto'];

export interface BulletinContent {
  title: string;
  body: string;
  images: string[];
  wanted?: Schemas['WantedDetailsDto'];
  missingPerson?: Schemas['MissingPersonDetailsDto'];
  report?: Schemas['ReportDetailsDto'];
  resolution?: { outcome: ResolutionOutcome; note?: string; resolvedAt: string };
}

export interface BulletinView extends Omit<Bulletin, 'kind'> {
  kind: BulletinKind;
  content: BulletinContent;
  /** Once published: the public page every share opens (its CAP and feeds use the same code). */
  publicCode: string | null;
  publicUrl: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type StateCounts = Schemas['StateCounts'];

export type FanOutProgress = Schemas['FanOutProgress'];

export type TargetPreview = Schemas['TargetPreview'];

export type PlatformPreview = Schemas['PlatformPreview'];

export type { ContentChange };

/** The proposal's changes are computed by the same diff the console runs itself. */
export type Proposal = Omit<Schemas['ProposalView'], 'changes'> & { changes: ContentChange[] };

export type DeadLetter = Schemas['DeadLetter'];

export type DeliveryListItem = Schemas['DeliveryListItem'];

export type LaneQuota = Schemas['LaneQuotaView'];

export type UnitRepost = Schemas['UnitRepost'];

export type Notification = Schemas['NotificationView'];

export type Account = Schemas['AccountView'];

export type ImportReport = Schemas['ImportReport'];

export type PendingRepost = Schemas['PendingRepost'];

export type Tip = Schemas['TipDetail'];

export type TipContact = Schemas['TipContactView'];

export type ReplyStats = Schemas['UnitReplyStats'];

export type User = Schemas['UserView'];

export type AuditEvent = Schemas['AuditEvent'];

export type UploadedImage = Schemas['UploadedImageView'];
