import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryState, Platform } from '@mb/vocabulary';
import { Delivery } from './delivery.entity';
import { type ProgressRow } from './delivery-sql';
import { type DeliveryListItem, type FanOutRing } from './dispatch.views';

/** A bulletin's deliveries as operators read them: progress, and a page of rows. */
@Injectable()
export class DeliveryReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  progress(bulletinId: string): Promise<ProgressRow[]> {
    return this.dataSource.query(
      `SELECT platform, state, count(*)::int AS count, min(posted_at) AS "firstPostedAt", max(posted_at) AS "lastPostedAt"
       FROM delivery WHERE bulletin_id = $1 GROUP BY platform, state`,
      [bulletinId],
    );
  }

  /** Every delivery by platform and state (the operations gauge). */
  countsByPlatformAndState(): Promise<Array<{ platform: string; state: string; count: number }>> {
    return this.dataSource.query(`SELECT platform, state, count(*)::int AS count FROM delivery GROUP BY platform, state`);
  }

  /** The rings after the first, each widening the audience when due. */
  rings(bulletinId: string): Promise<FanOutRing[]> {
    return this.dataSource.query(
      `SELECT ring, due_at AS "dueAt", expanded_at AS "expandedAt" FROM bulletin_ring WHERE bulletin_id = $1 ORDER BY ring`,
      [bulletinId],
    );
  }

  /** A page of a bulletin's deliveries, oldest first, with how many match in all. */
  async list(
    bulletinId: string,
    filter: { state?: DeliveryState; platform?: Platform },
    limit: number,
    offset: number,
  ): Promise<{ items: DeliveryListItem[]; total: number }> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Delivery, 'd')
      .leftJoin('account', 'a', 'a.id = d.account_id')
      .addSelect('a.display_name', 'account_name')
      .where('d.bulletin_id = :bulletinId', { bulletinId })
      .orderBy('d.created_at')
      .addOrderBy('d.id')
      .take(limit)
      .skip(offset);
    if (filter.state) builder.andWhere('d.state = :state', { state: filter.state });
    if (filter.platform) builder.andWhere('d.platform = :platform', { platform: filter.platform });
    const [{ entities, raw }, total] = await Promise.all([builder.getRawAndEntities(), builder.getCount()]);
    return { items: entities.map((delivery, index) => ({ ...delivery, accountName: raw[index].account_name })), total };
  }
}
