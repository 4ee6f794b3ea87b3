/** The delivery repositories' shared pieces: the declared state changes, the row shapes, the locking sub-statements. */
import {
  type BulletinPriority,
  BulletinStatus,
  type PostingLane,
  CLAIMABLE_STATES,
  deliveryTransition,
  DeliveryState,
  LIVE_POST_STATES,
  type Platform,
  statesLeadingTo,
  UNSTARTED_STATES,
} from '@mb/vocabulary';

export const S = DeliveryState;

/**
 * The state changes the delivery repositories write, each declared with the states it moves from
 * and checked against the transition table when the module loads. Every UPDATE of `state` takes
 * its from-states and its new state from here, as parameters.
 */
export const WRITES = {
  reviewFallbackPost: deliveryTransition(S.AwaitingReview, S.Pending),
  reviewFallbackSkip: deliveryTransition(S.AwaitingReview, S.Declined),
  cancelUnstarted: deliveryTransition(UNSTARTED_STATES, S.Cancelled),
  takeDown: deliveryTransition(LIVE_POST_STATES, S.Removing),
  markQueued: deliveryTransition(S.Pending, S.Queued),
  claimToPost: deliveryTransition(CLAIMABLE_STATES, S.Publishing),
  claimToUpdate: deliveryTransition(CLAIMABLE_STATES, S.Updating),
  posted: deliveryTransition([S.Publishing, S.Unconfirmed], S.Published),
  postedAfterWithdrawal: deliveryTransition([S.Publishing, S.Unconfirmed], S.Removing),
  updated: deliveryTransition([S.Updating, S.Unconfirmed], S.Updated),
  updatedAfterWithdrawal: deliveryTransition([S.Updating, S.Unconfirmed], S.Removing),
  followUpUnanswered: deliveryTransition(S.Updating, S.Unconfirmed),
  superseded: deliveryTransition(LIVE_POST_STATES, S.Superseded),
  removed: deliveryTransition(S.Removing, S.Removed),
  cancel: deliveryTransition(statesLeadingTo(S.Cancelled), S.Cancelled),
  backToPending: deliveryTransition(S.Unconfirmed, S.Pending),
  leaseLostWhilePosting: deliveryTransition(S.Publishing, S.Unconfirmed),
  leaseLostWhileUpdating: deliveryTransition(S.Updating, S.RetryWait),
};

/** The account and bulletin facts a worker needs with a delivery, read in the same round trip as the claim. */
export interface DeliveryContext {
  id: string;
  bulletinId: string;
  version: number;
  attempts: number;
  platform: Platform;
  accountId: string;
  accountSeq: number;
  platformAccountId: string;
  credentialsSealed: string;
  bulletinSeq: number;
  bulletinStatus: BulletinStatus;
  currentVersion: number;
  breakerState: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  platformPostId: string | null;
  /** The platform's kind of account where quotas differ; null for the platform's first kind. */
  accountClass: string | null;
  bulletinPriority: BulletinPriority;
}

export interface ClaimedDelivery extends DeliveryContext {
  action: 'post' | 'update';
  /** For an update: the live post of the account's earlier delivery. */
  previousPostId: string | null;
  previousDeliveryId: string | null;
  /** The lane an earlier attempt chose, kept for every later one. */
  lane: PostingLane | null;
}

export type ClaimResult =
  | { kind: 'claimed'; delivery: ClaimedDelivery }
  /** Another delivery of this bulletin to this account is in flight: try later, never side by side. */
  | { kind: 'busy' }
  /** The work is no longer wanted (e.g. a resolution for an account that never had the post). */
  | { kind: 'not_wanted' };

export interface ProgressRow {
  platform: Platform;
  state: DeliveryState;
  count: number;
  firstPostedAt: Date | null;
  lastPostedAt: Date | null;
}

export interface ReviewRules {
  now: Date;
  urgent: boolean;
  defaultWindowMinutes: number;
}

export interface DueDelivery {
  id: string;
  platform: Platform;
  state: DeliveryState;
}

export const CONTEXT_COLUMNS = `
  a.seq::int AS "accountSeq", a.platform_account_id AS "platformAccountId", a.credentials_sealed AS "credentialsSealed",
  a.breaker_state AS "breakerState", a.consecutive_failures AS "consecutiveFailures", a.account_class AS "accountClass",
  b.priority AS "bulletinPriority", b.seq::int AS "bulletinSeq", b.status AS "bulletinStatus", b.current_version AS "currentVersion"`;

/**
 * The bulletin's status, read under a key-share lock: a withdrawal in progress (which holds the row
 * for update) is waited for, so a post recorded at that moment still sees it and goes to removal.
 */
export const bulletinStatusLocked = (deliveryIds: string) => `
  SELECT b.id, b.status FROM bulletin b WHERE b.id IN (SELECT bulletin_id FROM delivery WHERE id = ANY (${deliveryIds})) FOR KEY SHARE`;

/**
 * The rows of a change to many deliveries, locked in id order: the order claims take theirs in, so a
 * withdrawal or a new version meeting a claim in progress waits for it instead of deadlocking with it.
 */
export const lockedInIdOrder = (condition: string) => `SELECT id FROM delivery WHERE ${condition} ORDER BY id FOR UPDATE`;

export interface ClaimRequest {
  id: string;
  at: Date;
  leaseSeconds: number;
}

export function claimResult(row: Record<string, any> | undefined): ClaimResult | null {
  if (!row) return null;
  if (row.busy) return { kind: 'busy' };
  if (!row.claimedState) return { kind: 'not_wanted' };
  const { busy: _busy, claimedState, ...delivery } = row;
  return {
    kind: 'claimed',
    delivery: { ...delivery, action: claimedState === DeliveryState.Updating ? 'update' : 'post' } as ClaimedDelivery,
  };
}

export interface PostedRecord {
  id: string;
  from: DeliveryState;
  postId: string;
  url: string | undefined;
  at: Date;
}
