import { BulletinKind } from '@mb/vocabulary';
import { type TipRow } from './tips.repository';
import { type PublicTipView, type TipView } from './tip.views';

/**
 * A tip as staff see it: everything but the tipster's name and contact (those have their own,
 * audited endpoint); the tipster's location only for the handling unit (`revealLocation`).
 */
export function toTipView(row: TipRow, revealLocation = false): TipView {
  return {
    id: row.id,
    replyCode: row.reply_code,
    bulletinId: row.bulletin_id,
    bulletinTitle: row.bulletin_title as string,
    bulletinKind: row.bulletin_kind as BulletinKind,
    source: row.source,
    accountId: row.account_id,
    platform: row.platform,
    sourceUnitId: row.source_unit_id,
    text: row.text,
    anonymous: row.anonymous,
    hasContact: row.contact_sealed !== null,
    hasLocation: row.latitude !== null || row.location_text !== null,
    location: revealLocation && row.latitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    locationText: revealLocation ? row.location_text : null,
    photoCount: row.photo_count ?? 0,
    status: row.status,
    duplicateOf: row.duplicate_of,
    handlingUnitId: row.handling_unit_id,
    routedUnitId: row.routed_unit_id,
    replyDueAt: row.reply_due_at,
    reply: row.replied_at ? { text: row.reply_text, at: row.replied_at, delivery: row.reply_delivery } : null,
    escalations: row.escalations,
    reward: {
      eligible: row.reward_eligible,
      amount: row.reward_amount === null ? null : Number(row.reward_amount),
      status: row.reward_status,
    },
    triageNote: row.triage_note,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    awaitingAnswerSince: row.awaiting_answer_since ?? null,
  };
}

/** The only progress the public is shown: none of these says anything about other tips. */
export const PUBLIC_TIP_STATUSES = ['received', 'in_progress', 'replied', 'closed'] as const;
export type PublicTipStatus = (typeof PUBLIC_TIP_STATUSES)[number];

export const PUBLIC_TIP_STATUS_LABEL: Record<PublicTipStatus, string> = {
  received: '已收到',
  in_progress: '办理中',
  replied: '已答复',
  closed: '已办结',
};

/**
 * A duplicate reads exactly as a first tip does: "duplicate" would tell anyone holding a reply code
 * that the same phone number or text had already informed on this bulletin.
 */
export function publicTipStatusOf(row: Pick<TipRow, 'status' | 'replied_at'>): PublicTipStatus {
  if (row.status === 'rejected' || row.status === 'led_to_outcome') return 'closed';
  if (row.replied_at) return 'replied';
  if (row.status === 'new' || row.status === 'duplicate') return 'received';
  return 'in_progress';
}

/** What the tipster sees with the reply code: progress and the reply, nothing about others. */
export function toPublicTipView(row: TipRow): PublicTipView {
  const status = publicTipStatusOf(row);
  return {
    replyCode: row.reply_code,
    bulletinTitle: row.bulletin_title,
    status,
    statusLabel: PUBLIC_TIP_STATUS_LABEL[status],
    receivedAt: row.received_at,
    reply: row.replied_at ? { text: row.reply_text, at: row.replied_at } : null,
  };
}
