import { Injectable } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { RequestContext } from '@mb/common';
import { preparedQuery, Transactions } from '@mb/database';
import { AuditEvent } from './audit-event.entity';

/** Fields that must never be copied into the audit trail, wherever they appear. */
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'credentials', 'credentialsSealed', 'contact', 'contactSealed', 'accessToken', 'refreshToken', 'secret']);

function withoutSecrets(value: unknown): Record<string, any> | null {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (key, inner) => (SECRET_FIELDS.has(key) ? undefined : inner)));
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export class AuditQuery {
  @IsOptional()
  @IsString()
  @MaxLength(32)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  @IsOptional()
  @IsDateString()
  from?: string;

  @IsOptional()
  @IsDateString()
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 200;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

@Injectable()
export class AuditService {
  constructor(private readonly transactions: Transactions) {}

  /** Writes in the caller's transaction, so the change and its record commit or fail together. */
  async record(...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const { actor, requestId } = RequestContext.current();
    const rows = entries.map((entry) => ({
      actorId: actor?.userId ?? null,
      actorName: actor?.username ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: withoutSecrets(entry.before),
      after: withoutSecrets(entry.after),
      requestId,
    }));
    // One plain statement per 500 rows: the audit row is on every change's hot path.
    const manager = this.transactions.manager();
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const column = <K extends keyof (typeof chunk)[number]>(key: K) => chunk.map((row) => row[key]);
      await preparedQuery(
        manager,
        'audit-record',
        `INSERT INTO audit_event (actor_id, actor_name, actor_role, action, entity_type, entity_id, before, after, request_id)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::jsonb[], $8::jsonb[], $9::varchar[])`,
        [
          column('actorId'), column('actorName'), column('actorRole'), column('action'), column('entityType'), column('entityId'),
          chunk.map((row) => (row.before === null ? null : JSON.stringify(row.before))),
          chunk.map((row) => (row.after === null ? null : JSON.stringify(row.after))),
          column('requestId'),
        ],
      );
    }
  }

  async find(query: AuditQuery): Promise<{ items: AuditEvent[]; total: number }> {
    const builder = this.transactions.manager().createQueryBuilder(AuditEvent, 'e').orderBy('e.id', 'ASC').take(query.limit).skip(query.offset);
    if (query.entityType) builder.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('e.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.at < :to', { to: query.to });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }
}
