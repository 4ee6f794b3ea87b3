export enum DeliveryState {
  /** Written with the publish; not yet on the queue. */
  Pending = 'pending',
  /** The account reposts after its unit operator's review (or the unit's fallback when the window closes). */
  AwaitingReview = 'awaiting_review',
  /** The unit operator (or the fallback) declined the repost. */
  Declined = 'declined',
  Queued = 'queued',
  /** A worker holds the lease and is posting. */
  Publishing = 'publishing',
  /** The post is live on the platform (this row holds it). */
  Published = 'published',
  RetryWait = 'retry_wait',
  /** Failed for good; shown as a dead letter until retried or cancelled. */
  Failed = 'failed',
  /** The post may exist: the answer was lost. Reconciled by looking for the marker, never blindly retried. */
  Unconfirmed = 'unconfirmed',
  Cancelled = 'cancelled',
  /** A worker is carrying a newer version to the account's live post. */
  Updating = 'updating',
  /** The live post shows this version (edited, or a follow-up points to it). */
  Updated = 'updated',
  Removing = 'removing',
  Removed = 'removed',
  /** The post this row made is now held by a newer version's delivery. */
  Superseded = 'superseded',
}

export const DELIVERY_STATES: readonly DeliveryState[] = Object.values(DeliveryState);

const S = DeliveryState;

/**
 * Every allowed change of a delivery's state; the repositories write no other. A state that may
 * follow itself is an attempt that failed and waits for the next (a reconcile that could not look,
 * a take-down the platform refused for now).
 */
export const DELIVERY_TRANSITIONS: Record<DeliveryState, readonly DeliveryState[]> = {
  [S.Pending]: [S.Queued, S.Publishing, S.Updating, S.Cancelled],
  [S.AwaitingReview]: [S.Pending, S.Declined, S.Cancelled],
  [S.Declined]: [],
  [S.Queued]: [S.Publishing, S.Updating, S.Cancelled],
  [S.RetryWait]: [S.Publishing, S.Updating, S.Cancelled],
  [S.Publishing]: [S.Published, S.RetryWait, S.Failed, S.Unconfirmed, S.Removing],
  [S.Updating]: [S.Updated, S.RetryWait, S.Failed, S.Unconfirmed, S.Removing],
  [S.Unconfirmed]: [S.Unconfirmed, S.Published, S.Updated, S.Pending, S.Removing, S.Cancelled],
  [S.Published]: [S.Removing, S.Superseded],
  [S.Updated]: [S.Removing, S.Superseded],
  [S.Removing]: [S.Removing, S.Removed, S.Failed],
  [S.Failed]: [S.Pending, S.Removing, S.Cancelled],
  [S.Cancelled]: [],
  [S.Removed]: [],
  [S.Superseded]: [],
};

export function canDeliveryTransition(from: DeliveryState, to: DeliveryState): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}

/** The states from which a change to `to` is allowed: what a conditional UPDATE may match. */
export function statesLeadingTo(to: DeliveryState): DeliveryState[] {
  return DELIVERY_STATES.filter((from) => canDeliveryTransition(from, to));
}

/**
 * The gate of one write: the states it may move from, checked against the table. A write the table
 * does not allow throws where it is declared (module load), so it fails every test that loads it.
 */
export function deliveryTransition(from: DeliveryState | readonly DeliveryState[], to: DeliveryState): DeliveryState[] {
  const sources = typeof from === 'string' ? [from] : [...from];
  const refused = sources.filter((state) => !canDeliveryTransition(state, to));
  if (refused.length > 0) throw new Error(`delivery transition not in the table: ${refused.join(', ')} → ${to}`);
  return sources;
}

/** Work not begun on the platform: what a withdrawal or a newer version cancels. */
export const UNSTARTED_STATES: readonly DeliveryState[] = [S.Pending, S.Queued, S.RetryWait, S.AwaitingReview];

/** States a delivery job may claim. */
export const CLAIMABLE_STATES: readonly DeliveryState[] = [S.Pending, S.Queued, S.RetryWait];

/** A worker is talking to the platform for this row (or may have been: unconfirmed). */
export const IN_FLIGHT_STATES: readonly DeliveryState[] = [S.Publishing, S.Updating, S.Removing, S.Unconfirmed];

/** The row holds a post that the public can see. */
export const LIVE_POST_STATES: readonly DeliveryState[] = [S.Published, S.Updated];

/** States in which a delivery's work is over, for progress. */
export const FINISHED_STATES: readonly DeliveryState[] = [
  S.Published,
  S.Failed,
  S.Cancelled,
  S.Updated,
  S.Removed,
  S.Superseded,
  S.Declined,
];

/** States no change leaves. */
export const FINAL_STATES: readonly DeliveryState[] = DELIVERY_STATES.filter((state) => DELIVERY_TRANSITIONS[state].length === 0);

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  [S.Pending]: '待排队',
  [S.AwaitingReview]: '待单位审核',
  [S.Declined]: '单位未转发',
  [S.Queued]: '排队中',
  [S.Publishing]: '发布中',
  [S.Published]: '已发布',
  [S.RetryWait]: '等待重试',
  [S.Failed]: '失败',
  [S.Unconfirmed]: '待确认',
  [S.Cancelled]: '已取消',
  [S.Updating]: '更新中',
  [S.Updated]: '已更新',
  [S.Removing]: '撤下中',
  [S.Removed]: '已撤下',
  [S.Superseded]: '已被新版本替代',
};
