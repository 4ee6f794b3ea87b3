import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BulletinsService } from '@mb/bulletins';
import { Clock } from '@mb/common';
import { accountFilterFor, ringOfAccountSql } from '@mb/targeting';
import { PlatformErrorCode } from '@mb/platforms';
import { type ReachGap, type TargetPreview } from './dispatch.views';

const SAMPLE_SIZE = 20;

/** Before publishing: how many accounts each ring, platform and city will reach, and some of them by name. */
@Injectable()
export class TargetPreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bulletins: BulletinsService,
    private readonly clock: Clock,
  ) {}

  /** How many targeted accounts are expected to fail if posted to now, and why. */
  async reachGap(bulletinId: string): Promise<ReachGap> {
    return (await this.preview(bulletinId)).reachGap;
  }

  async preview(bulletinId: string): Promise<TargetPreview> {
    const { target } = await this.bulletins.get(bulletinId);
    const steps = target.rings?.steps ?? [{ afterMinutes: 0, wholeTarget: true }];
    const filter = accountFilterFor(target, 1, steps.length - 1);
    const ring = ringOfAccountSql(target, 1 + filter.parameters.length);
    const targeted = `
      SELECT a.id, a.display_name, a.platform, u.name AS unit_name, ${ring.sql} AS ring,
             a.token_expires_at < $${1 + filter.parameters.length + ring.parameters.length}::timestamptz AS expired,
             a.breaker_state = 'open' AS broken,
             a.credentials_refused_at IS NOT NULL OR EXISTS (SELECT 1 FROM delivery f WHERE f.account_id = a.id AND f.last_error_code = $${2 + filter.parameters.length + ring.parameters.length}
                       AND f.updated_at > coalesce((SELECT max(s.posted_at) FROM delivery s WHERE s.account_id = a.id), '-infinity')) AS refused,
             substring(u.path from '^/[^/]+/[^/]+/') AS city_path
      FROM account a JOIN unit u ON u.id = a.unit_id WHERE ${filter.sql}`;
    const parameters = [...filter.parameters, ...ring.parameters, this.clock.now(), PlatformErrorCode.AuthExpired];
    const rows: Array<{
      ring: number;
      platform: string;
      city_code: string | null;
      city_name: string | null;
      accounts: number;
      expired: number;
      broken: number;
      refused: number;
      failing: number;
    }> = await this.dataSource.query(
      `SELECT t.ring, t.platform, c.code AS city_code, c.name AS city_name, count(*)::int AS accounts,
              count(*) FILTER (WHERE t.expired)::int AS expired, count(*) FILTER (WHERE t.broken)::int AS broken,
              count(*) FILTER (WHERE t.refused)::int AS refused,
              count(*) FILTER (WHERE t.expired OR t.broken OR t.refused)::int AS failing
       FROM (${targeted}) t LEFT JOIN unit c ON c.path = t.city_path AND c.level = 'city'
       GROUP BY t.ring, t.platform, c.code, c.name`,
      parameters,
    );
    const sample = await this.dataSource.query(
      `SELECT t.id AS "accountId", t.display_name AS "displayName", t.platform, t.unit_name AS "unitName", t.ring
       FROM (${targeted}) t ORDER BY t.ring, t.id LIMIT ${SAMPLE_SIZE}`,
      parameters,
    );
    const sum = (pick: (row: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((total, row) => total + row.accounts, 0);
    const cities = new Map<string, { cityCode: string | null; cityName: string | null; accounts: number }>();
    for (const row of rows) {
      const key = row.city_code ?? '';
      const city = cities.get(key) ?? { cityCode: row.city_code, cityName: row.city_name, accounts: 0 };
      city.accounts += row.accounts;
      cities.set(key, city);
    }
    return {
      total: sum(() => true),
      byRing: steps.map((step, index) => ({
        ring: index,
        radiusKm: step.wholeTarget ? null : ((step as { radiusKm?: number }).radiusKm ?? null),
        afterMinutes: step.afterMinutes,
        accounts: sum((row) => row.ring === index),
      })),
      byPlatform: Object.fromEntries(
        [...new Set(rows.map((row) => row.platform))].map((platform) => [platform, sum((row) => row.platform === platform)]),
      ),
      byCity: [...cities.values()].sort((a, b) => b.accounts - a.accounts),
      sample,
      reachGap: {
        expectedToFail: rows.reduce((total, row) => total + row.failing, 0),
        credentialsExpired: rows.reduce((total, row) => total + row.expired, 0),
        authRefused: rows.reduce((total, row) => total + row.refused, 0),
        breakerOpen: rows.reduce((total, row) => total + row.broken, 0),
      },
    };
  }
}
