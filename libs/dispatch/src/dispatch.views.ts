import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { BulletinKind, BulletinPriority, DeliveryState, Platform, PostingLane, QuotaWindow } from '@mb/vocabulary';
import { BulletinView, ProposalView } from '@mb/bulletins';
import { Delivery } from './delivery.entity';

/** The answers of publishing, progress, previews, reposts and dead letters, as described classes. */

export class PublishResult {
  bulletin: BulletinView;
  deliveriesCreated: number;
}

/** The publish answer: what was created, and which of the targeted accounts are expected to fail now. */
export class PublishAnswer extends PublishResult {
  reachGap: ReachGap;
}

export class ResolveResult extends PublishResult {
  /** Set when the resolution carries a note and waits for a second person. */
  proposal: ProposalView | null;
}

export class WithdrawResult {
  bulletin: BulletinView;
  deliveriesCancelled: number;
  postsToRemove: number;
}

export class StateCounts {
  total: number;
  finished: number;
  /** Deliveries per state (states with none are left out). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byState: Partial<Record<DeliveryState, number>>;
}

export class FanOutRing {
  ring: number;
  dueAt: Date;
  expandedAt: Date | null;
}

@ApiExtraModels(StateCounts)
export class FanOutProgress extends StateCounts {
  bulletinId: string;
  status: string;
  percentDone: number;
  /** The same counts per platform. */
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(StateCounts) } })
  byPlatform: Record<string, StateCounts>;
  /** When the first and the latest post of this bulletin went live. */
  firstPostedAt: Date | null;
  lastPostedAt: Date | null;
  rings: FanOutRing[];
}

export class RingReach {
  ring: number;
  radiusKm: number | null;
  afterMinutes: number;
  accounts: number;
}

export class CityReach {
  cityCode: string | null;
  cityName: string | null;
  accounts: number;
}

export class SampleAccount {
  accountId: string;
  displayName: string;
  platform: string;
  unitName: string;
  ring: number;
}

/** Targeted accounts expected to fail if posted to now, and why (one account may have several reasons). */
export class ReachGap {
  /** Accounts with at least one of the reasons below. */
  expectedToFail: number;
  /** The stored token is past its expiry. */
  credentialsExpired: number;
  /** The platform refused the account's credentials (AUTH_EXPIRED) after its last successful post: an operator must authorise it again. */
  authRefused: number;
  /** The account's circuit breaker is open after repeated failures. */
  breakerOpen: number;
}

export class TargetPreview {
  total: number;
  byRing: RingReach[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byPlatform: Record<string, number>;
  byCity: CityReach[];
  sample: SampleAccount[];
  /** Targeted accounts a post would fail on now, so the unit can fix them before publishing. */
  reachGap: ReachGap;
}

/** What one platform will carry, with what its limits cut. */
export class PlatformPreview {
  platform: Platform;
  title?: string;
  text: string;
  images: string[];
  tipUrl: string;
  warnings: string[];
  characters: number;
}

export class PendingRepost {
  id: string;
  bulletinId: string;
  title: string;
  kind: BulletinKind;
  priority: BulletinPriority;
  accountId: string;
  accountName: string;
  platform: Platform;
  unitName: string;
  reviewDueAt: Date;
}

export class RepostDecision {
  id: string;
  state: DeliveryState;
}

export class DeadLetter {
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
  failedAt: Date;
}

export class DeadLettersRetried {
  retried: number;
}

export class DeadLettersCancelled {
  cancelled: number;
}

/** One counted quota of one of an account's lanes, and its use in the window now running. */
export class LaneQuotaView {
  lane: PostingLane;
  /** Whether a post in this lane reaches followers' messages or feeds, not only its link. */
  pushesToFollowers: boolean;
  window: QuotaWindow;
  limit: number;
  used: number;
  resetsAt: Date;
  /** Where the limit comes from (the platform's documentation, or what is assumed). */
  basis: string;
  /** Set when the platform itself answered that the quota is used up. */
  blockedUntil: Date | null;
}

/** A delivery as a bulletin's list shows it: with the name of the account it went to. */
export class DeliveryListItem extends Delivery {
  accountName: string;
}

/** One unit's row of a bulletin's repost board. */
export class UnitRepost {
  unitId: string;
  unitCode: string;
  unitName: string;
  /** Accounts of the unit the bulletin went to. */
  accounts: number;
  posted: number;
  /** Waiting for the unit's own review. */
  awaitingReview: number;
  failed: number;
  /** Declined by the unit's review. */
  declined: number;
  /** Queued, retrying or being posted. */
  notYetReached: number;
  firstPostedAt: Date | null;
  lastPostedAt: Date | null;
  /** The platform's reason of the latest failure. */
  failureReason: string | null;
  /** 1 once the unit was nudged, 2 once its parent was told. */
  nudgeLevel: number | null;
  /** From publication to the unit's last post, or to now while it still owes some. */
  takenSeconds: number | null;
  /** It still owes reposts past the deadline for the bulletin's priority. */
  overdue: boolean;
}

/** Whether an account is known to work before an alert goes out. */
export class AccountHealth {
  accountId: string;
  displayName: string;
  platform: Platform;
  unitId: string;
  unitName: string;
  tokenExpiresAt: Date | null;
  /** When the account's authorisation (its refresh token) runs out, where the platform says. */
  refreshTokenExpiresAt: Date | null;
  /** The engine's last try to renew the token ahead of need. */
  renewalAttemptedAt: Date | null;
  lastPostedAt: Date | null;
  lastFailureAt: Date | null;
  lastFailureCode: string | null;
  /** The platform refused the credentials (a post since the last success, or a renewal): an operator must authorise the account again. */
  authRefused: boolean;
  /** The authorisation runs out within the warning period: an operator should authorise the account again now. */
  reauthoriseSoon: boolean;
  tokenExpired: boolean;
  breakerOpen: boolean;
  /** Nothing posted successfully for the dormancy period (14 days). */
  dormant: boolean;
}
