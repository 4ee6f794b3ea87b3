import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryState, Platform } from '@mb/vocabulary';
import { Delivery } from './delivery.entity';
import { type ProgressRow } from './delivery-sql';

export interface FanOutTimeline {
  firstPostedAt: Date | null;
  lastPostedAt: Date | null;
  /** The rings after the first, each widening the audience when due. */
  rings: Array<{ ring: number; dueAt: Date; expandedAt: Date | null }>;
}

/** A bulletin's deliveries as operators read them: progress, and a page of rows. */
@Injectable()
export class DeliveryReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  progress(bulletinId: string): Promise<ProgressRow[]> {
    return this.dataSource.query(
      `SELECT platform, state, count(*)::int AS count FROM delivery WHERE bulletin_id = $1 GROUP BY platform, state`,
      [bulletinId],
    );
  }

  /** When the first and the latest post of this bulletin went live, and the delayed rings with when each widens. */
  async timeline(bulletinId: string): Promise<FanOutTimeline> {
    const [[posts], rings] = await Promise.all([
      this.dataSource.query(`SELECT min(posted_at) AS first, max(posted_at) AS last FROM delivery WHERE bulletin_id = $1`, [bulletinId]),
      this.dataSource.query(`SELECT ring, due_at, expanded_at FROM bulletin_ring WHERE bulletin_id = $1 ORDER BY ring`, [bulletinId]),
    ]);
    return {
      firstPostedAt: posts.first,
      lastPostedAt: posts.last,
      rings: (rings as Array<{ ring: number; due_at: Date; expanded_at: Date | null }>).map((row) => ({
        ring: row.ring,
        dueAt: row.due_at,
        expandedAt: row.expanded_at,
      })),
    };
  }

  /** A page of a bulletin's deliveries, oldest first, with how many match in all. */
  async list(
    bulletinId: string,
    filter: { state?: DeliveryState; platform?: Platform },
    limit: number,
    offset: number,
  ): Promise<{ items: Delivery[]; total: number }> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Delivery, 'd')
      .where('d.bulletin_id = :bulletinId', { bulletinId })
      .orderBy('d.created_at')
      .addOrderBy('d.id')
      .take(limit)
      .skip(offset);
    if (filter.state) builder.andWhere('d.state = :state', { state: filter.state });
    if (filter.platform) builder.andWhere('d.platform = :platform', { platform: filter.platform });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }
}
