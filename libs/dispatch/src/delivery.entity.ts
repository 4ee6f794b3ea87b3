import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DeliveryState, LaneReason, Platform, PostingLane } from '@mb/vocabulary';

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

  @Column({ type: 'text' })
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

  /** The lane it went out in (publish, or push to followers); empty where the platform has one way to post and counts nothing. */
  @Column({ type: 'varchar', nullable: true })
  lane: PostingLane | null;

  /** Why that lane: an urgent push, a fallback because the push quota was used, or the ordinary post. */
  @Column({ name: 'lane_reason', type: 'varchar', nullable: true })
  laneReason: LaneReason | null;

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
