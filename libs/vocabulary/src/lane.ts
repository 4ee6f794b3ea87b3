/**
 * The ways a platform lets an account put a post out. `publish` is the platform's ordinary post;
 * `push` is the separate call that also pushes it into every follower's messages (WeChat's 群发),
 * scarcer and kept for urgent bulletins.
 */
export enum PostingLane {
  Publish = 'publish',
  Push = 'push',
}

export const POSTING_LANES = Object.values(PostingLane);

export const POSTING_LANE_LABELS: Record<PostingLane, string> = {
  [PostingLane.Publish]: '发布',
  [PostingLane.Push]: '群发推送',
};

/** The calendar span a platform counts a quota over, in Beijing time, which is the platforms' own. */
export enum QuotaWindow {
  Hour = 'hour',
  Day = 'day',
  Month = 'month',
}

export const QUOTA_WINDOW_LABELS: Record<QuotaWindow, string> = {
  [QuotaWindow.Hour]: '每小时',
  [QuotaWindow.Day]: '每天',
  [QuotaWindow.Month]: '每月',
};

/** Why a delivery went out in the lane it did, so an operator can tell a choice from a fallback. */
export enum LaneReason {
  /** An urgent bulletin, pushed within the account's quota. */
  UrgentPushed = 'urgent_pushed',
  /** An urgent bulletin whose account had no push left: published without pushing. */
  PushQuotaUsed = 'push_quota_used',
  /** Not urgent: the ordinary post, which keeps the push quota for urgent bulletins. */
  NotUrgent = 'not_urgent',
  /** The platform has one way to post. */
  OnlyLane = 'only_lane',
  /** An update goes out as the platform carries updates, never as a push. */
  Update = 'update',
}

export const LANE_REASON_LABELS: Record<LaneReason, string> = {
  [LaneReason.UrgentPushed]: '紧急通告，已群发推送给关注者',
  [LaneReason.PushQuotaUsed]: '群发额度已用完，改为发布，不推送给关注者',
  [LaneReason.NotUrgent]: '非紧急通告，以发布方式发出，群发额度留给紧急通告',
  [LaneReason.OnlyLane]: '该平台只有一种发布方式',
  [LaneReason.Update]: '更新按平台的更新方式发出，不群发',
};

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** When the window holding `at` began, in Beijing's calendar. */
export function quotaWindowStart(window: QuotaWindow, at: Date): Date {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  if (window === QuotaWindow.Month) local.setUTCDate(1);
  if (window === QuotaWindow.Hour) local.setUTCMinutes(0, 0, 0);
  else local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() - BEIJING_OFFSET_MS);
}

/** When the window holding `at` ends and its quota starts afresh. */
export function quotaWindowEnd(window: QuotaWindow, at: Date): Date {
  const start = new Date(quotaWindowStart(window, at).getTime() + BEIJING_OFFSET_MS);
  if (window === QuotaWindow.Hour) start.setUTCHours(start.getUTCHours() + 1);
  else if (window === QuotaWindow.Day) start.setUTCDate(start.getUTCDate() + 1);
  else start.setUTCMonth(start.getUTCMonth() + 1);
  return new Date(start.getTime() - BEIJING_OFFSET_MS);
}
