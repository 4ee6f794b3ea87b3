import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Platform } from '@mb/vocabulary';

export enum RepostPolicy {
  Auto = 'auto',
  Review = 'review',
}

@Entity('account')
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short number used in attribution codes of tip links. */
  @Column({ type: 'bigint', insert: false, update: false, transformer: { to: (v) => v, from: (v) => Number(v) } })
  seq: number;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'text' })
  platform: Platform;

  @Column({ name: 'platform_account_id', length: 128 })
  platformAccountId: string;

  @Column({ name: 'display_name', length: 100 })
  displayName: string;

  @Column({ type: 'integer' })
  followers: number;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ name: 'repost_policy', type: 'enum', enum: RepostPolicy, enumName: 'repost_policy' })
  repostPolicy: RepostPolicy;

  @Column()
  active: boolean;

  /** The platform's kind of account where its quotas differ (WeChat: subscription or service); null is the platform's first kind. */
  @Column({ name: 'account_class', type: 'varchar', nullable: true })
  accountClass: string | null;

  /** AES-256-GCM ciphertext of the credentials JSON; never leaves the process in clear. */
  @Column({ name: 'credentials_sealed', type: 'text', select: false })
  credentialsSealed: string;

  @Column({ name: 'token_expires_at', type: 'timestamptz', nullable: true })
  tokenExpiresAt: Date | null;

  /** When the refresh token runs out, where the platform says; an operator must authorise again before it. */
  @Column({ name: 'refresh_token_expires_at', type: 'timestamptz', nullable: true })
  refreshTokenExpiresAt: Date | null;

  @Column({ name: 'renewal_attempted_at', type: 'timestamptz', nullable: true })
  renewalAttemptedAt: Date | null;

  /** The platform refused to renew the credentials: only an operator's new authorisation helps. */
  @Column({ name: 'credentials_refused_at', type: 'timestamptz', nullable: true })
  credentialsRefusedAt: Date | null;

  @Column({ name: 'breaker_state', type: 'enum', enum: ['closed', 'open', 'half_open'], enumName: 'breaker_state' })
  breakerState: 'closed' | 'open' | 'half_open';

  @Column({ name: 'consecutive_failures', type: 'integer' })
  consecutiveFailures: number;

  @Column({ name: 'breaker_opened_at', type: 'timestamptz', nullable: true })
  breakerOpenedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
