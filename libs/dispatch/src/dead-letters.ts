import { Injectable } from '@nestjs/common';
import { type DeadLetter, type DeadLettersCancelled, type DeadLettersRetried } from './dispatch.views';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Clock, type Page, PageQuery } from '@mb/common';
import { AuditService } from '@mb/audit';
import { Transactions, updatedRows } from '@mb/database';
import { BulletinStatus, deliveryTransition, DeliveryState, LIVE_STATUSES, Platform } from '@mb/vocabulary';

const S = DeliveryState;
/** A dead letter is a failed delivery: retrying sends it back to posting or to its take-down, cancelling ends it. */
const DEAD_LETTER = [S.Failed];
for (const to of [S.Pending, S.Removing, S.Cancelled]) deliveryTransition(DEAD_LETTER, to);

import { DeliveryJobQueue } from './delivery-jobs';

export class DeadLetterFilter {
  @ApiPropertyOptional({ enum: Platform })
  @IsOptional()
  @IsEnum(Platform)
  platform?: Platform;

  /** Deliveries to accounts of this unit and every unit below it. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  bulletinId?: string;

  @ApiPropertyOptional({ example: 'REJECTED' })
  @IsOptional()
  @Matches(/^[A-Z_]{3,32}$/, { message: 'errorCode must be an error code such as REJECTED' })
  errorCode?: string;
}

export class ListDeadLettersQuery extends IntersectionType(DeadLetterFilter, PageQuery) {}

/** Which dead letters to act on: the listed ids, or every one matching the filter. */
export class DeadLetterSelection extends DeadLetterFilter {
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID(undefined, { each: true })
  deliveryIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

function filterSql(filter: DeadLetterFilter & { deliveryIds?: string[] }, first: number): { sql: string; parameters: unknown[] } {
  const p = (offset: number) => `$${first + offset}`;
  return {
    sql: `d.state = ANY (${p(5)}::delivery_state[])
      AND (${p(0)}::platform IS NULL OR d.platform = ${p(0)})
      AND (${p(1)}::uuid IS NULL OR u.path LIKE (SELECT r.path FROM unit r WHERE r.id = ${p(1)}) || '%')
      AND (${p(2)}::uuid IS NULL OR d.bulletin_id = ${p(2)})
      AND (${p(3)}::text IS NULL OR d.last_error_code = ${p(3)})
      AND (${p(4)}::uuid[] IS NULL OR d.id = ANY (${p(4)}))`,
    parameters: [
      filter.platform ?? null,
      filter.unitId ?? null,
      filter.bulletinId ?? null,
      filter.errorCode ?? null,
      filter.deliveryIds ?? null,
      DEAD_LETTER,
    ],
  };
}

/**
 * The selected dead letters, locked in id order, as every bulk change of deliveries locks them: two
 * operators acting on overlapping selections at once, or one meeting a claim, wait instead of deadlocking.
 */
function selectedInIdOrder(filter: string, also: { columns?: string; joins?: string; where?: string } = {}): string {
  return `SELECT d.id${also.columns ? `, ${also.columns}` : ''}
    FROM delivery d JOIN account a ON a.id = d.account_id JOIN unit u ON u.id = a.unit_id ${also.joins ?? ''}
    WHERE ${filter} ${also.where ? `AND ${also.where}` : ''}
    ORDER BY d.id FOR UPDATE OF d`;
}

/** Deliveries that failed for good, with their reason, until an operator retries or cancels them. */
@Injectable()
export class DeadLetters {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryJobQueue,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListDeadLettersQuery): Promise<Page<DeadLetter>> {
    const filter = filterSql(query, 1);
    const from = `FROM delivery d JOIN account a ON a.id = d.account_id JOIN unit u ON u.id = a.unit_id WHERE ${filter.sql}`;
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT d.id, d.bulletin_id AS "bulletinId", d.version, d.platform, d.account_id AS "accountId",
                a.display_name AS "accountName", a.unit_id AS "unitId", u.name AS "unitName",
                d.last_error_code AS "errorCode", d.last_error_reason AS "reason", d.attempts, d.updated_at AS "failedAt"
         ${from} ORDER BY d.updated_at DESC, d.id LIMIT $7 OFFSET $8`,
        [...filter.parameters, query.limit, query.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total ${from}`, filter.parameters),
    ]);
    return { items, total };
  }

  /**
   * Gives the selected dead letters a fresh set of attempts: a failed post goes back to pending, a
   * failed take-down back to removing. Deliveries of a superseded version or an ended bulletin are left alone.
   */
  async retry(selection: DeadLetterSelection): Promise<DeadLettersRetried> {
    const filter = filterSql(selection, 2);
    const rows = await this.transactions.run(async (manager) => {
      const retried = updatedRows<{ id: string; platform: Platform; state: string }>(
        await manager.query(
          `UPDATE delivery t
       SET state = (CASE WHEN picked.withdrawn THEN $8::delivery_state ELSE $9::delivery_state END),
           attempts = 0, next_attempt_at = NULL, lease_until = NULL, updated_at = $1
       FROM (${selectedInIdOrder(filter.sql, {
         columns: `b.status = $10::bulletin_status AS withdrawn`,
         joins: `JOIN bulletin b ON b.id = d.bulletin_id`,
         where: `((b.status = $10::bulletin_status AND d.platform_post_id IS NOT NULL) OR (b.status = ANY ($11::bulletin_status[]) AND b.current_version = d.version))`,
       })}) picked
       WHERE t.id = picked.id
       RETURNING t.id, t.platform, t.state`,
          [this.clock.now(), ...filter.parameters, S.Removing, S.Pending, BulletinStatus.Withdrawn, LIVE_STATUSES],
        ),
      );
      await this.audit.record(
        ...retried.map((row) => ({
          action: 'delivery.retried',
          entityType: 'delivery',
          entityId: row.id,
          before: { state: S.Failed },
          after: { state: row.state, note: selection.note },
        })),
      );
      return retried;
    });
    await this.queue.enqueueRemovals(rows.filter((row) => row.state === S.Removing));
    await this.queue.enqueue(rows.filter((row) => row.state === S.Pending));
    return { retried: rows.length };
  }

  async cancel(selection: DeadLetterSelection): Promise<DeadLettersCancelled> {
    const filter = filterSql(selection, 2);
    return this.transactions.run(async (manager) => {
      const cancelled = updatedRows<{ id: string }>(
        await manager.query(
          `UPDATE delivery t SET state = $8, updated_at = $1
         FROM (${selectedInIdOrder(filter.sql)}) picked
         WHERE t.id = picked.id
         RETURNING t.id`,
          [this.clock.now(), ...filter.parameters, S.Cancelled],
        ),
      );
      await this.audit.record(
        ...cancelled.map((row) => ({
          action: 'delivery.cancelled',
          entityType: 'delivery',
          entityId: row.id,
          before: { state: S.Failed },
          after: { state: S.Cancelled, note: selection.note },
        })),
      );
      return { cancelled: cancelled.length };
    });
  }
}
