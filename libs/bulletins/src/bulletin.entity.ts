import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TargetSpecDto } from '@mb/targeting';
import type { PersonStatusRecord } from './kinds/kind-descriptor';
import { BulletinKind, BulletinPriority, BulletinStatus, ResolutionOutcome } from '@mb/vocabulary';

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity('bulletin')
export class Bulletin {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', insert: false, update: false, transformer: bigintAsNumber })
  seq: number;

  @Column({ type: 'enum', enum: BulletinKind, enumName: 'bulletin_kind' })
  kind: BulletinKind;

  @Column({ type: 'enum', enum: BulletinStatus, enumName: 'bulletin_status' })
  status: BulletinStatus;

  @Column({ name: 'issuer_unit_id', type: 'uuid' })
  issuerUnitId: string;

  @Column({ type: 'enum', enum: BulletinPriority, enumName: 'bulletin_priority' })
  priority: BulletinPriority;

  @Column({ length: 64 })
  title: string;

  @Column({ name: 'valid_from', type: 'timestamptz', nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ type: 'jsonb' })
  target: TargetSpecDto;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion: number;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** The version the public first saw (set at publishing); the drafts before it were never public. */
  @Column({ name: 'first_public_version', type: 'integer', nullable: true })
  firstPublicVersion: number | null;

  /** When a published bulletin was withdrawn. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** When a scheduled bulletin is to be published. */
  @Column({ name: 'publish_at', type: 'timestamptz', nullable: true })
  publishAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  /** At the end of validity: take every post down, or mark it expired. */
  @Column({ name: 'on_expiry', type: 'varchar' })
  onExpiry: 'mark' | 'remove';

  /** The case the current version names (a wanted notice's, or a search's where it has one). */
  @Column({ name: 'case_number', type: 'varchar', length: 64, nullable: true })
  caseNumber: string | null;

  /** How many persons the current version names (0 for a report). */
  @Column({ name: 'person_count', type: 'integer' })
  personCount: number;

  /** The reviewer's reason when sent back to draft. */
  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The content document of one version, exactly as validated (BulletinContentDto without the kind). */
export interface BulletinContent {
  title: string;
  body: string;
  images: string[];
  /** The kind's details, under the kind's own field (`wanted`, `missingPerson`, `report`: see the kind registry). */
  [detailsField: string]: unknown;
  /** Set on the version that carries the outcome to every live post. */
  resolution?: { outcome: ResolutionOutcome; note?: string; resolvedAt: string };
  /** The persons resolved so far (time, place, status), written by the engine from approved person outcomes, never by an editor. */
  personStatuses?: PersonStatusRecord[];
  /** Set on the version that marks every live post as past its validity. */
  expiredAt?: string;
}

@Entity('bulletin_version')
export class BulletinVersion {
  @PrimaryColumn({ name: 'bulletin_id', type: 'uuid' })
  bulletinId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  content: BulletinContent;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
