import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LIVE_STATUSES } from '@mb/bulletins';
import { Platform } from '@mb/platforms';
import { accountFilterFor, TargetSpecDto } from '@mb/targeting';
import { CLAIMABLE_STATES, Delivery, DeliveryState } from './delivery.entity';

/** A claimed delivery with everything needed to render and post it, read in the same round trip. */
export interface ClaimedDelivery {
  id: string;
  bulletinId: string;
  version: number;
  attempts: number;
  platform: Platform;
  accountId: string;
  accountSeq: number;
  platformAccountId: string;
  credentialsSealed: string;
  bulletinSeq: number;
}

export interface ProgressRow {
  platform: Platform;
  state: DeliveryState;
  count: number;
}

@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One delivery per targeted account for this version, in one statement; existing ones are kept. */
  async insertForTarget(
    manager: EntityManager,
    bulletinId: string,
    version: number,
    target: TargetSpecDto,
  ): Promise<Array<{ id: string; platform: Platform }>> {
    const filter = accountFilterFor(target, 3);
    return manager.query(
      `INSERT INTO delivery (bulletin_id, version, account_id, platform)
       SELECT $1, $2, a.id, a.platform
       FROM account a JOIN unit u ON u.id = a.unit_id
       WHERE ${filter.sql}
       ORDER BY a.seq
       ON CONFLICT (bulletin_id, version, account_id) DO NOTHING
       RETURNING id, platform`,
      [bulletinId, version, ...filter.parameters],
    );
  }

  async markQueued(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE delivery SET state = 'queued', updated_at = now() WHERE id = ANY ($1::uuid[]) AND state = 'pending'`,
      [ids],
    );
  }

  /**
   * Takes a delivery for one attempt, only if its work is still wanted: a claimable state, the
   * bulletin live and this version still current. Zero rows means someone else has it or nobody wants it.
   */
  async claim(id: string, now: Date, leaseSeconds: number): Promise<ClaimedDelivery | null> {
    const rows: ClaimedDelivery[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE delivery d
         SET state = 'publishing', attempts = d.attempts + 1, lease_until = $2::timestamptz + make_interval(secs => $3),
             next_attempt_at = NULL, updated_at = $2
         FROM bulletin b
         WHERE d.id = $1 AND b.id = d.bulletin_id AND b.current_version = d.version
           AND b.status = ANY ($4::bulletin_status[]) AND d.state = ANY ($5::delivery_state[])
         RETURNING d.id, d.bulletin_id, d.version, d.attempts, d.platform, d.account_id, b.seq AS bulletin_seq
       )
       SELECT c.id, c.bulletin_id AS "bulletinId", c.version, c.attempts, c.platform, c.account_id AS "accountId",
              a.seq::int AS "accountSeq", a.platform_account_id AS "platformAccountId",
              a.credentials_sealed AS "credentialsSealed", c.bulletin_seq::int AS "bulletinSeq"
       FROM claimed c JOIN account a ON a.id = c.account_id`,
      [id, now, leaseSeconds, LIVE_STATUSES, CLAIMABLE_STATES],
    );
    return rows[0] ?? null;
  }

  async recordPublished(id: string, postId: string, url: string | undefined, now: Date): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE delivery SET state = 'published', platform_post_id = $2, post_url = $3, posted_at = $4,
              lease_until = NULL, last_error_code = NULL, last_error_reason = NULL, updated_at = $4
       WHERE id = $1 AND state = 'publishing'`,
      [id, postId, url ?? null, now],
    );
    return count === 1;
  }

  /** Ends an attempt without a post: back to retry_wait, or to failed/unconfirmed for good. */
  async recordAttemptFailure(
    id: string,
    state: DeliveryState.RetryWait | DeliveryState.Failed | DeliveryState.Unconfirmed,
    errorCode: string,
    reason: string,
    nextAttemptAt: Date | null,
    now: Date,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery SET state = $2, last_error_code = $3, last_error_reason = $4, next_attempt_at = $5,
              lease_until = NULL, updated_at = $6
       WHERE id = $1 AND state = 'publishing'`,
      [id, state, errorCode, reason.slice(0, 1000), nextAttemptAt, now],
    );
  }

  progress(bulletinId: string): Promise<ProgressRow[]> {
    return this.dataSource.query(
      `SELECT platform, state, count(*)::int AS count FROM delivery WHERE bulletin_id = $1 GROUP BY platform, state`,
      [bulletinId],
    );
  }

  list(bulletinId: string, state: DeliveryState | undefined, limit: number, offset: number): Promise<Delivery[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Delivery, 'd')
      .where('d.bulletin_id = :bulletinId', { bulletinId })
      .orderBy('d.created_at')
      .addOrderBy('d.id')
      .take(limit)
      .skip(offset);
    if (state) builder.andWhere('d.state = :state', { state });
    return builder.getMany();
  }
}
