import { Injectable } from '@nestjs/common';
import { RequestContext } from '@mb/common';
import { preparedQuery, Transactions } from '@mb/database';
import { AuditEvent } from './audit-event.entity';
import { AuditQuery } from './audit.dto';

/** Fields that must never be copied into the audit trail, wherever they appear. */
const SECRET_FIELDS = new Set([
  'password',
  'passwordHash',
  'credentials',
  'credentialsSealed',
  'contact',
  'contactSealed',
  'accessToken',
  'refreshToken',
  'secret',
]);

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

export interface AuditRow {
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  request_id: string | null;
  client_request_id: string | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly transactions: Transactions) {}

  /** Writes in the caller's transaction, so the change and its record commit or fail together. */
  async record(...entries: AuditEntry[]): Promise<void> {
    const rows = entries.map((entry) => this.rowOf(entry));
    // One plain statement per 500 rows: the audit row is on every change's hot path.
    const manager = this.transactions.manager();
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const column = <K extends keyof AuditRow>(key: K) => chunk.map((row) => row[key]);
      const json = (key: 'before' | 'after') => chunk.map((row) => (row[key] === null ? null : JSON.stringify(row[key])));
      await preparedQuery(
        manager,
        'audit-record',
        `INSERT INTO audit_event (actor_id, actor_name, actor_role, action, entity_type, entity_id, before, after, request_id, client_request_id)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::jsonb[], $8::jsonb[], $9::varchar[], $10::varchar[])`,
        [
          column('actor_id'),
          column('actor_name'),
          column('actor_role'),
          column('action'),
          column('entity_type'),
          column('entity_id'),
          json('before'),
          json('after'),
          column('request_id'),
          column('client_request_id'),
        ],
      );
    }
  }

  /**
   * The audit_event row of an entry, by column, with the actor and request of the current context:
   * for a statement (or database function) that writes it together with the change it records.
   */
  rowOf(entry: AuditEntry): AuditRow {
    const { actor, requestId, clientRequestId } = RequestContext.current();
    return {
      actor_id: actor?.userId ?? null,
      actor_name: actor?.username ?? null,
      actor_role: actor?.role ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: withoutSecrets(entry.before),
      after: withoutSecrets(entry.after),
      request_id: requestId ?? null,
      client_request_id: clientRequestId ?? null,
    };
  }

  async find(query: AuditQuery): Promise<{ items: AuditEvent[]; total: number }> {
    const builder = this.transactions
      .manager()
      .createQueryBuilder(AuditEvent, 'e')
      .orderBy('e.id', query.order === 'newest' ? 'DESC' : 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.entityType) builder.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('e.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.at < :to', { to: query.to });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }
}
