import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Platform } from '@mb/platforms';

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

const S = DeliveryState;

/** Every allowed change of a delivery's state. The repository only writes changes listed here. */
export const DELIVERY_TRANSITIONS: Record<DeliveryState, DeliveryState[]> = {
  [S.Pending]: [S.Queued, S.Publishing, S.Updating, S.Cancelled],
  [S.AwaitingReview]: [S.Pending, S.Declined, S.Cancelled],
  [S.Declined]: [],
  [S.Queued]: [S.Publishing, S.Updating, S.Cancelled],
  [S.RetryWait]: [S.Publishing, S.Updating, S.Cancelled],
  [S.Publishing]: [S.Published, S.RetryWait, S.Failed, S.Unconfirmed, S.Removing],
  [S.Updating]: [S.Updated, S.RetryWait, S.Failed, S.Removing],
  [S.Unconfirmed]: [S.Published, S.Pending, S.Removing, S.Cancelled],
  [S.Published]: [S.Removing, S.Superseded],
  [S.Updated]: [S.Removing, S.Superseded],
  [S.Removing]: [S.Removed, S.Failed],
  [S.Failed]: [S.Pending, S.Removing, S.Cancelled],
  [S.Cancelled]: [],
  [S.Removed]: [],
  [S.Superseded]: [],
};

export function canTransition(from: DeliveryState, to: DeliveryState): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}

/** The states from which a change to `to` is allowed: what a conditional UPDATE may match. */
export function statesLeadingTo(to: DeliveryState): DeliveryState[] {
  return (Object.keys(DELIVERY_TRANSITIONS) as DeliveryState[]).filter((from) => canTransition(from, to));
}

/** Work not begun on the platform: what a withdrawal or a newer version cancels. */
export const UNSTARTED_STATES = [S.Pending, S.Queued, S.RetryWait, S.AwaitingReview];

/** States a delivery job may claim. */
export const CLAIMABLE_STATES = [S.Pending, S.Queued, S.RetryWait];

/** A worker is talking to the platform for this row (or may have been: unconfirmed). */
export const IN_FLIGHT_STATES = [S.Publishing, S.Updating, S.Removing, S.Unconfirmed];

/** The row holds a post that the public can see. */
export const LIVE_POST_STATES = [S.Published, S.Updated];

/** States in which a delivery's work is over, for progress. */
export const FINISHED_STATES = [S.Published, S.Failed, S.Cancelled, S.Updated, S.Removed, S.Superseded, S.Declined];

@Entity('delivery')
export class Delivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'bulletin_id', type: 'uuid' })
  bulletinId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'enum', enum: Platform, enumName: 'platform' })
  platform: Platform;

  @Column({ type: 'enum', enum: DeliveryState, enumName: 'delivery_state' })
  state: DeliveryState;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_error_code', type: 'varchar', nullable: true })
  lastErrorCode: string | null;

  @Column({ name: 'last_error_reason', type: 'text', nullable: true })
  lastErrorReason: string | null;

  @Column({ name: 'platform_post_id', type: 'varchar', nullable: true })
  platformPostId: string | null;

  @Column({ name: 'post_url', type: 'text', nullable: true })
  postUrl: string | null;

  /** For an update: the earlier delivery whose live post this one carried the new version to. */
  @Column({ name: 'replaces_delivery_id', type: 'uuid', nullable: true })
  replacesDeliveryId: string | null;

  @Column({ name: 'update_mode', type: 'varchar', nullable: true })
  updateMode: 'edited' | 'follow_up' | null;

  @Column({ type: 'integer' })
  ring: number;

  @Column({ name: 'review_due_at', type: 'timestamptz', nullable: true })
  reviewDueAt: Date | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
