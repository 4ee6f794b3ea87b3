import { TipRow } from './tips.repository';

export const TIP_STATUS_LABEL: Record<string, string> = {
  new: '已收到',
  triaged: '已初核',
  assigned: '已分派',
  verified: '已核实',
  rejected: '未采纳',
  duplicate: '重复线索',
  led_to_outcome: '已助破案',
};

/** A tip as staff see it: everything but the tipster's name and contact (those have their own, audited endpoint). */
export function toTipView(row: TipRow) {
  return {
    id: row.id,
    replyCode: row.reply_code,
    bulletinId: row.bulletin_id,
    bulletinTitle: row.bulletin_title,
    bulletinKind: row.bulletin_kind,
    source: row.source,
    accountId: row.account_id,
    platform: row.platform,
    sourceUnitId: row.source_unit_id,
    text: row.text,
    anonymous: row.anonymous,
    hasContact: row.contact_sealed !== null,
    location: row.latitude === null ? null : { latitude: row.latitude, longitude: row.longitude },
    locationText: row.location_text,
    photoCount: row.photo_count ?? 0,
    status: row.status,
    duplicateOf: row.duplicate_of,
    handlingUnitId: row.handling_unit_id,
    routedUnitId: row.routed_unit_id,
    replyDueAt: row.reply_due_at,
    reply: row.replied_at ? { text: row.reply_text, at: row.replied_at, delivery: row.reply_delivery } : null,
    escalations: row.escalations,
    reward: { eligible: row.reward_eligible, amount: row.reward_amount === null ? null : Number(row.reward_amount), status: row.reward_status },
    triageNote: row.triage_note,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

export type TipView = ReturnType<typeof toTipView>;

/** What the tipster sees with the reply code: progress and the reply, nothing about others. */
export function toPublicTipView(row: TipRow) {
  return {
    replyCode: row.reply_code,
    bulletinTitle: row.bulletin_title,
    status: row.status,
    statusLabel: TIP_STATUS_LABEL[row.status],
    receivedAt: row.received_at,
    reply: row.replied_at ? { text: row.reply_text, at: row.replied_at } : null,
  };
}
