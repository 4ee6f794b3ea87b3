/** A tip's place in triage. A plain object, not an enum: DTOs and views compare with the literals. */
export const TipStatus = {
  New: 'new',
  Triaged: 'triaged',
  Assigned: 'assigned',
  Verified: 'verified',
  Rejected: 'rejected',
  Duplicate: 'duplicate',
  LedToOutcome: 'led_to_outcome',
} as const;
export type TipStatus = (typeof TipStatus)[keyof typeof TipStatus];

export const TIP_STATUSES: readonly TipStatus[] = Object.values(TipStatus);

const T = TipStatus;

/** Which triage decisions may follow which; `assigned` may follow itself (handing on again). */
export const TIP_TRANSITIONS: Record<TipStatus, readonly TipStatus[]> = {
  [T.New]: [T.Triaged, T.Assigned, T.Verified, T.Rejected, T.Duplicate],
  [T.Triaged]: [T.Assigned, T.Verified, T.Rejected, T.Duplicate],
  [T.Assigned]: [T.Assigned, T.Verified, T.Rejected, T.Duplicate],
  [T.Verified]: [T.LedToOutcome, T.Rejected],
  [T.Rejected]: [T.Triaged],
  [T.Duplicate]: [T.Triaged],
  [T.LedToOutcome]: [],
};

export function canTipTransition(from: TipStatus, to: TipStatus): boolean {
  return TIP_TRANSITIONS[from].includes(to);
}

/** The states from which a tip may move to `to`. */
export function tipStatesLeadingTo(to: TipStatus): TipStatus[] {
  return TIP_STATUSES.filter((from) => canTipTransition(from, to));
}

export const TIP_STATUS_LABELS: Record<TipStatus, string> = {
  [T.New]: '已收到',
  [T.Triaged]: '已初核',
  [T.Assigned]: '已分派',
  [T.Verified]: '已核实',
  [T.Rejected]: '未采纳',
  [T.Duplicate]: '重复线索',
  [T.LedToOutcome]: '已助破案',
};

export const REWARD_STATUSES = ['none', 'eligible', 'approved', 'paid', 'declined'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

/** How a tip's reply reaches the tipster: on the tip page, or through the platform it came from (pending until sent). */
export const ReplyDelivery = {
  Page: 'page',
  Pending: 'pending',
  Sent: 'sent',
  Failed: 'failed',
} as const;
export type ReplyDelivery = (typeof ReplyDelivery)[keyof typeof ReplyDelivery];

export const REWARD_STATUS_LABELS: Record<RewardStatus, string> = {
  none: '不涉及',
  eligible: '符合条件',
  approved: '已批准',
  paid: '已发放',
  declined: '不予发放',
};

export const REPLY_DELIVERY_LABELS: Record<ReplyDelivery, string> = {
  [ReplyDelivery.Page]: '线索页可见',
  [ReplyDelivery.Pending]: '待发送',
  [ReplyDelivery.Sent]: '已通过平台发送',
  [ReplyDelivery.Failed]: '平台发送失败',
};
