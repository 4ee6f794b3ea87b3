import type { BulletinKind, DeliveryState, Platform, ResolutionOutcome, RewardStatus, Role, TipStatus } from '@mb/vocabulary';
import type { components } from './schema.gen';

/**
 * Answers the OpenAPI document does not describe field by field yet (services return plain
 * objects there): the shapes the console reads, written once here. Requests, paths and queries
 * are all typed from the document itself.
 */
type Schemas = components['schemas'];

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

export interface StateCounts {
  total: number;
  finished: number;
  byState: Partial<Record<DeliveryState, number>>;
}

export interface FanOutProgress extends StateCounts {
  bulletinId: string;
  status: string;
  percentDone: number;
  byPlatform: Record<string, StateCounts>;
  firstPostedAt: string | null;
  lastPostedAt: string | null;
  rings: Array<{ ring: number; dueAt: string; expandedAt: string | null }>;
}

export interface TargetPreview {
  total: number;
  byRing: Array<{ ring: number; radiusKm: number | null; afterMinutes: number; accounts: number }>;
  byPlatform: Record<string, number>;
  byCity: Array<{ cityCode: string | null; cityName: string | null; accounts: number }>;
  sample: Array<{ accountId: string; displayName: string; platform: string; unitName: string; ring: number }>;
  reachGap: { credentialsExpired: number; breakerOpen: number };
}

export interface PlatformPreview {
  platform: Platform;
  title?: string;
  text: string;
  images: string[];
  tipUrl: string;
  warnings: string[];
  characters: number;
}

export interface ContentChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface Proposal {
  id: string;
  bulletinId: string;
  kind: 'update' | 'resolution';
  baseVersion: number;
  status: 'pending' | 'approved' | 'rejected' | 'superseded';
  proposedBy: string | null;
  proposedAt: string;
  decidedBy: string | null;
  reason: string | null;
  changes: ContentChange[];
}

export interface DeadLetter {
  id: string;
  bulletinId: string;
  version: number;
  platform: Platform;
  accountId: string;
  accountName: string;
  unitId: string;
  unitName: string;
  errorCode: string | null;
  reason: string | null;
  attempts: number;
  failedAt: string;
}

export interface Account {
  id: string;
  unitId: string;
  platform: Platform;
  platformAccountId: string;
  displayName: string;
  followers: number;
  tags: string[];
  repostPolicy: 'auto' | 'review';
  active: boolean;
  tokenExpiresAt: string | null;
  breaker: { state: 'closed' | 'open' | 'half_open'; consecutiveFailures: number; openedAt: string | null };
  createdAt: string;
}

export interface ImportReport {
  received: number;
  created: number;
  acceptable: number;
  errors: Array<{ row: number; field?: string; message: string }>;
}

export interface PendingRepost {
  id: string;
  bulletinId: string;
  title: string;
  kind: BulletinKind;
  priority: 'normal' | 'urgent';
  accountId: string;
  accountName: string;
  platform: Platform;
  unitName: string;
  reviewDueAt: string | null;
}

export interface Tip {
  id: string;
  replyCode: string;
  bulletinId: string;
  bulletinTitle: string;
  bulletinKind: BulletinKind;
  source: string;
  platform: Platform | null;
  text: string;
  anonymous: boolean;
  hasContact: boolean;
  hasLocation: boolean;
  location: { latitude: number; longitude: number } | null;
  locationText: string | null;
  photoCount: number;
  status: TipStatus;
  handlingUnitId: string;
  replyDueAt: string | null;
  reply: { text: string; at: string; delivery: string } | null;
  escalations: number;
  reward: { eligible: boolean; amount: number | null; status: RewardStatus };
  triageNote: string | null;
  receivedAt: string;
  overdue?: boolean;
  photos?: Array<{ id: string; contentType: string; sizeBytes: number }>;
}

export interface TipContact {
  name: string | null;
  contact: { phone?: string; wechatId?: string } | null;
}

export interface ReplyStats {
  unitId: string;
  unitName: string;
  assigned: number;
  replied: number;
  escalated: number;
  open: number;
  replyRate: number | null;
  medianReplySeconds: number | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  active: boolean;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

export type UploadedImage = Schemas['UploadedImageView'];
