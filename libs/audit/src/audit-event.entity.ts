import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of one entity: who, what, when, before and after. Append-only (a database trigger refuses the rest). */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', insert: false })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', nullable: true })
  actorName: string | null;

  @Column({ name: 'actor_role', type: 'varchar', nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar' })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar' })
  entityId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, any> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, any> | null;

  /** The server's own id of the request that made the change. */
  @Column({ name: 'request_id', type: 'varchar', nullable: true })
  requestId: string | null;

  /** The X-Request-Id the client sent, kept beside the server's id, never instead of it. */
  @Column({ name: 'client_request_id', type: 'varchar', nullable: true })
  clientRequestId: string | null;
}
