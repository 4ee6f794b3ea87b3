import { BulletinKind, ReplyDelivery, RewardStatus, TipStatus } from '@mb/vocabulary';
import { TipContactDto } from './tip.dto';

/** The answers of the tip endpoints, as described classes. */

export class TipLocationView {
  latitude: number;
  longitude: number | null;
}

export class TipReplyView {
  text: string | null;
  at: Date;
  delivery: ReplyDelivery | null;
}

export class TipRewardView {
  eligible: boolean;
  amount: number | null;
  status: RewardStatus;
}

/** A tip as staff see it: never the tipster's name or contact; the location only for the handling unit. */
export class TipView {
  id: string;
  replyCode: string;
  bulletinId: string;
  bulletinTitle: string;
  bulletinKind: BulletinKind;
  source: 'page' | 'api' | 'platform';
  accountId: string | null;
  platform: string | null;
  sourceUnitId: string | null;
  text: string;
  anonymous: boolean;
  hasContact: boolean;
  hasLocation: boolean;
  location: TipLocationView | null;
  locationText: string | null;
  photoCount: number;
  status: TipStatus;
  duplicateOf: string | null;
  handlingUnitId: string;
  routedUnitId: string;
  replyDueAt: Date;
  reply: TipReplyView | null;
  escalations: number;
  reward: TipRewardView;
  triageNote: string | null;
  receivedAt: Date;
  updatedAt: Date;
  /** The tipster wrote in the thread and the unit has not answered since then. */
  awaitingAnswerSince: Date | null;
  /** In lists: the reply deadline has passed without a reply. */
  overdue?: boolean;
}

export class TipPhotoView {
  id: string;
  contentType: string;
  sizeBytes: number;
}

export class TipDetail extends TipView {
  photos: TipPhotoView[];
}

/** The tipster's name and contact, for the handling unit's operator (each look is audited). */
export class TipContactView {
  name: string | null;
  contact: TipContactDto | null;
}

export class TipReceiptView {
  /** The code the tipster keeps to read the progress and the reply. */
  replyCode: string;
  replyDueAt: Date;
}

export class PublicReplyView {
  text: string | null;
  at: Date;
}

/** What the tipster sees with the reply code: progress and the reply, nothing about others. */
export class PublicTipView {
  replyCode: string;
  bulletinTitle?: string;
  status: 'received' | 'in_progress' | 'replied' | 'closed';
  statusLabel: string;
  receivedAt: Date;
  reply: PublicReplyView | null;
}

export class ThreadPhotoView {
  id: string;
  contentType: string;
  sizeBytes: number;
}

/** One message of the thread between tipster and handling unit. */
export class ThreadMessageView {
  id: string;
  /** Who wrote it: the tipster, or the handling unit (never which operator, on the public side). */
  from: 'tipster' | 'unit';
  text: string;
  at: Date;
  photos: ThreadPhotoView[];
}

/** The tipster's view with the reply code: progress, the first reply, and the thread since. */
export class PublicThreadView extends PublicTipView {
  tipText: string;
  messages: ThreadMessageView[];
}

/** What a tip link stands for, for the tip page. */
export class TipLinkView {
  kind: string;
  kindLabel: string;
  title: string;
  summary: string;
  body: string;
  issuerName: string;
  /** The platform of the account the link came through (none for the bulletin's own link). */
  via: string | null;
  asksForLocation: boolean;
}

export class UnitReplyStats {
  unitId: string;
  unitName: string;
  assigned: number;
  replied: number;
  escalated: number;
  open: number;
  replyRate: number | null;
  medianReplySeconds: number | null;
  meanReplySeconds: number | null;
}
