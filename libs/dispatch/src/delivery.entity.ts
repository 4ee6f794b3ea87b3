import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Platform } from '@mb/platforms';

export enum DeliveryState {
  Pending = 'pending',
  Queued = 'queued',
  Publishing = 'publishing',
  Published = 'published',
  RetryWait = 'retry_wait',
  Failed = 'failed',
  Unconfirmed = 'unconfirmed',
  Cancelled = 'cancelled',
  Updating = 'updating',
  Updated = 'updated',
  Removing = 'removing',
  Removed = 'removed',
}

/** States a delivery job may claim. */
export const CLAIMABLE_STATES = [DeliveryState.Pending, DeliveryState.Queued, DeliveryState.RetryWait];

/** States in which a delivery's work is over, for progress. */
export const FINISHED_STATES = [
  DeliveryState.Published,
  DeliveryState.Failed,
  DeliveryState.Cancelled,
  DeliveryState.Updated,
  DeliveryState.Removed,
];

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

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
