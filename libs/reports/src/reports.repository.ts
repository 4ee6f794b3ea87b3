import { Injectable } from '@nestjs/common';
import { Transactions } from '@mb/database';

/** The filters as SQL parameters $1..$4: from, to, kind, city path (each may be null). */
export interface FilterValues {
  from: string | null;
  to: string | null;
  kind: string | null;
  cityPath: string | null;
}

const ACTIONABLE = `('verified', 'led_to_outcome')`;

/** Bulletins published in the period, of the kind; `$4` (a city) narrows to bulletins issued there where asked. */
const PUBLISHED = `
  SELECT b.id, b.kind, b.published_at, b.issuer_unit_id FROM bulletin b
  WHERE b.published_at IS NOT NULL
    AND ($1::timestamptz IS NULL OR b.published_at >= $1) AND ($2::timestamptz IS NULL OR b.published_at < $2)
    AND ($3::text IS NULL OR b.kind::text = $3)`;

const IN_CITY = (alias: string) => `($4::text IS NULL OR ${alias}.path LIKE $4 || '%')`;

/** Every report query reads pre-aggregated tables or indexed rows of the filtered bulletins only. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly transactions: Transactions) {}

  private values(filters: FilterValues): unknown[] {
    return [filters.from, filters.to, filters.kind, filters.cityPath];
  }

  async provinceCode(): Promise<string | null> {
    const [row] = await this.transactions.query(`SELECT code FROM unit WHERE level = 'province' ORDER BY code LIMIT 1`);
    return row?.code ?? null;
  }

  async cityPath(cityId: string): Promise<string | null> {
    const [row] = await this.transactions.query(`SELECT path FROM unit WHERE id = $1`, [cityId]);
    return row?.path ?? null;
  }

  async totals(filters: FilterValues) {
    const [row] = await this.transactions.query(
      `WITH published AS (${PUBLISHED}),
       city_units AS (SELECT id FROM unit WHERE $4::text IS NOT NULL AND path LIKE $4 || '%'),
       issued AS (SELECT p.* FROM published p JOIN unit iu ON iu.id = p.issuer_unit_id WHERE ${IN_CITY('iu')}),
       reach AS (
         SELECT coalesce(sum(r.posts), 0) AS posts, coalesce(sum(r.reads), 0) AS reads FROM bulletin_reach r JOIN published p ON p.id = r.bulletin_id
         WHERE $4::text IS NULL OR r.unit_id IN (SELECT id FROM city_units)
       ),
       tips AS (
         SELECT count(*) AS tips, count(*) FILTER (WHERE t.status IN ${ACTIONABLE}) AS actionable FROM tip t JOIN published p ON p.id = t.bulletin_id
         WHERE $4::text IS NULL OR t.source_unit_id IN (SELECT id FROM city_units)
       ),
       outcomes AS (
         SELECT count(*) AS resolved, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM outcome_tip ot WHERE ot.bulletin_id = o.bulletin_id)) AS direct
         FROM bulletin_outcome o JOIN issued i ON i.id = o.bulletin_id
       )
       SELECT (SELECT count(*) FROM issued)::int AS bulletins, outcomes.resolved::int, outcomes.direct::int AS direct_results,
         reach.posts::bigint, reach.reads::bigint, tips.tips::int, tips.actionable::int AS actionable_tips
       FROM reach, tips, outcomes`,
      this.values(filters),
    );
    return {
      bulletins: row.bulletins,
      posts: Number(row.posts),
      reads: Number(row.reads),
      tips: row.tips,
      actionableTips: row.actionable_tips,
      resolved: row.resolved,
      directResults: row.direct_results,
    };
  }

  async bulletinFacts(id: string) {
    const [row] = await this.transactions.query(
      `SELECT b.id, b.title, b.kind, b.status, b.published_at, iu.name AS issuer_name,
         (SELECT count(DISTINCT d.account_id) FROM delivery d WHERE d.bulletin_id = b.id)::int AS targeted,
         (SELECT count(DISTINCT d.account_id) FROM delivery d WHERE d.bulletin_id = b.id AND d.platform_post_id IS NOT NULL AND d.posted_at IS NOT NULL)::int AS posted,
         (SELECT min(d.posted_at) FROM delivery d WHERE d.bulletin_id = b.id AND d.posted_at IS NOT NULL) AS first_post_at,
         (SELECT coalesce(sum(r.reads), 0) FROM bulletin_reach r WHERE r.bulletin_id = b.id)::bigint AS reads,
         (SELECT count(*) FROM tip t WHERE t.bulletin_id = b.id)::int AS tips,
         (SELECT count(*) FROM tip t WHERE t.bulletin_id = b.id AND t.status IN ${ACTIONABLE})::int AS actionable_tips,
         (SELECT min(t.received_at) FROM tip t WHERE t.bulletin_id = b.id) AS first_tip_at
       FROM bulletin b JOIN unit iu ON iu.id = b.issuer_unit_id WHERE b.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async outcomeOf(bulletinId: string) {
    const [row] = await this.transactions.query(
      `SELECT o.outcome, o.occurred_at, o.place, o.decisive_tip_id,
         (SELECT count(*) FROM outcome_tip ot WHERE ot.bulletin_id = o.bulletin_id)::int AS contributing_tips,
         t.account_id, t.platform, t.source_unit_id, a.display_name AS account_name, u.name AS unit_name
       FROM bulletin_outcome o
       LEFT JOIN tip t ON t.id = o.decisive_tip_id
       LEFT JOIN account a ON a.id = t.account_id
       LEFT JOIN unit u ON u.id = t.source_unit_id
       WHERE o.bulletin_id = $1`,
      [bulletinId],
    );
    return row ?? null;
  }

  /** Cumulative reads at the end of each hour in which the bulletin gained reads. */
  async readsOverTime(bulletinId: string): Promise<Array<{ hour: Date; reads: number }>> {
    const rows = await this.transactions.query(
      `SELECT hour, sum(reads_gained) OVER (ORDER BY hour) AS reads FROM bulletin_reads_hourly WHERE bulletin_id = $1 ORDER BY hour`,
      [bulletinId],
    );
    return rows.map((row: any) => ({ hour: row.hour, reads: Number(row.reads) }));
  }

  async bulletinList(filters: FilterValues, limit: number) {
    return this.transactions.query(
      `WITH published AS (${PUBLISHED})
       SELECT p.id, b.title, p.kind, p.published_at, iu.name AS issuer_name, o.outcome,
         (SELECT coalesce(sum(r.reads), 0) FROM bulletin_reach r WHERE r.bulletin_id = p.id)::bigint AS reads,
         (SELECT count(*) FROM tip t WHERE t.bulletin_id = p.id)::int AS tips,
         EXISTS (SELECT 1 FROM outcome_tip ot WHERE ot.bulletin_id = p.id) AS direct_result
       FROM published p JOIN bulletin b ON b.id = p.id JOIN unit iu ON iu.id = p.issuer_unit_id
       LEFT JOIN bulletin_outcome o ON o.bulletin_id = p.id
       WHERE ${IN_CITY('iu')}
       ORDER BY p.published_at DESC LIMIT $5`,
      [...this.values(filters), limit],
    );
  }

  /** Per unit that carried bulletins (the account's unit): reach, tips, actionable tips, reply rate, outcomes with a direct tip. */
  async unitLeaderboard(filters: FilterValues) {
    return this.transactions.query(
      `WITH published AS (${PUBLISHED}),
       reach AS (SELECT r.unit_id, sum(r.reads) AS reads FROM bulletin_reach r JOIN published p ON p.id = r.bulletin_id GROUP BY r.unit_id),
       tips AS (
         SELECT t.source_unit_id AS unit_id, count(*) AS tips, count(*) FILTER (WHERE t.status IN ${ACTIONABLE}) AS actionable
         FROM tip t JOIN published p ON p.id = t.bulletin_id WHERE t.source_unit_id IS NOT NULL GROUP BY t.source_unit_id
       ),
       replies AS (
         SELECT a.unit_id, count(*) FILTER (WHERE a.outcome = 'replied') AS replied, count(*) FILTER (WHERE a.outcome = 'escalated') AS escalated
         FROM tip_assignment a JOIN tip t ON t.id = a.tip_id JOIN published p ON p.id = t.bulletin_id GROUP BY a.unit_id
       ),
       direct AS (
         SELECT t.source_unit_id AS unit_id, count(DISTINCT ot.bulletin_id) AS outcomes
         FROM outcome_tip ot JOIN tip t ON t.id = ot.tip_id JOIN published p ON p.id = ot.bulletin_id WHERE t.source_unit_id IS NOT NULL GROUP BY t.source_unit_id
       ),
       units AS (SELECT unit_id FROM reach UNION SELECT unit_id FROM tips UNION SELECT unit_id FROM replies UNION SELECT unit_id FROM direct)
       SELECT u.id AS unit_id, u.code, u.name, u.level,
         coalesce(reach.reads, 0)::bigint AS reads, coalesce(tips.tips, 0)::int AS tips, coalesce(tips.actionable, 0)::int AS actionable_tips,
         coalesce(replies.replied, 0)::int AS replied, coalesce(replies.escalated, 0)::int AS escalated, coalesce(direct.outcomes, 0)::int AS direct_outcomes
       FROM units JOIN unit u ON u.id = units.unit_id
       LEFT JOIN reach ON reach.unit_id = u.id LEFT JOIN tips ON tips.unit_id = u.id
       LEFT JOIN replies ON replies.unit_id = u.id LEFT JOIN direct ON direct.unit_id = u.id
       WHERE ${IN_CITY('u')}
       ORDER BY reads DESC, tips DESC, u.code`,
      this.values(filters),
    );
  }

  async platformLeaderboard(filters: FilterValues) {
    return this.transactions.query(
      `WITH published AS (${PUBLISHED}),
       reach AS (
         SELECT r.platform::text AS platform, sum(r.reads) AS reads FROM bulletin_reach r JOIN published p ON p.id = r.bulletin_id JOIN unit u ON u.id = r.unit_id
         WHERE ${IN_CITY('u')} GROUP BY r.platform
       ),
       tips AS (
         SELECT t.platform::text AS platform, count(*) AS tips, count(*) FILTER (WHERE t.status IN ${ACTIONABLE}) AS actionable
         FROM tip t JOIN published p ON p.id = t.bulletin_id JOIN unit u ON u.id = t.source_unit_id WHERE ${IN_CITY('u')} GROUP BY t.platform
       ),
       replies AS (
         SELECT t.platform::text AS platform, count(*) FILTER (WHERE a.outcome = 'replied') AS replied, count(*) FILTER (WHERE a.outcome = 'escalated') AS escalated
         FROM tip_assignment a JOIN tip t ON t.id = a.tip_id JOIN published p ON p.id = t.bulletin_id JOIN unit u ON u.id = t.source_unit_id
         WHERE ${IN_CITY('u')} GROUP BY t.platform
       ),
       direct AS (
         SELECT t.platform::text AS platform, count(DISTINCT ot.bulletin_id) AS outcomes
         FROM outcome_tip ot JOIN tip t ON t.id = ot.tip_id JOIN published p ON p.id = ot.bulletin_id JOIN unit u ON u.id = t.source_unit_id
         WHERE ${IN_CITY('u')} GROUP BY t.platform
       )
       SELECT platforms.platform, coalesce(reach.reads, 0)::bigint AS reads, coalesce(tips.tips, 0)::int AS tips, coalesce(tips.actionable, 0)::int AS actionable_tips,
         coalesce(replies.replied, 0)::int AS replied, coalesce(replies.escalated, 0)::int AS escalated, coalesce(direct.outcomes, 0)::int AS direct_outcomes
       FROM unnest(enum_range(NULL::platform)::text[]) AS platforms(platform)
       LEFT JOIN reach ON reach.platform = platforms.platform LEFT JOIN tips ON tips.platform = platforms.platform
       LEFT JOIN replies ON replies.platform = platforms.platform LEFT JOIN direct ON direct.platform = platforms.platform
       ORDER BY reads DESC, platforms.platform`,
      this.values(filters),
    );
  }

  /** Per kind and period (Beijing calendar): published, resolved, resolved as a direct result. */
  async kindsByPeriod(filters: FilterValues, period: 'month' | 'quarter' | 'year') {
    return this.transactions.query(
      `WITH published AS (${PUBLISHED})
       SELECT p.kind::text AS kind, to_char(date_trunc($5, p.published_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS period,
         count(*)::int AS published,
         count(o.bulletin_id)::int AS resolved,
         count(o.bulletin_id) FILTER (WHERE EXISTS (SELECT 1 FROM outcome_tip ot WHERE ot.bulletin_id = p.id))::int AS direct_results
       FROM published p JOIN unit iu ON iu.id = p.issuer_unit_id LEFT JOIN bulletin_outcome o ON o.bulletin_id = p.id
       WHERE ${IN_CITY('iu')}
       GROUP BY 1, 2 ORDER BY 2, 1`,
      [...this.values(filters), period],
    );
  }

  /** Per county of the province: reach and tips of the accounts of the county and its stations. */
  async countyMap(filters: FilterValues) {
    return this.transactions.query(
      `WITH published AS (${PUBLISHED}),
       county_of AS (
         SELECT u.id AS unit_id, CASE u.level WHEN 'county' THEN u.id WHEN 'station' THEN u.parent_id END AS county_id
         FROM unit u WHERE u.level IN ('county', 'station')
       ),
       reach AS (
         SELECT c.county_id, sum(r.reads) AS reads FROM bulletin_reach r JOIN published p ON p.id = r.bulletin_id JOIN county_of c ON c.unit_id = r.unit_id GROUP BY c.county_id
       ),
       tips AS (
         SELECT c.county_id, count(*) AS tips FROM tip t JOIN published p ON p.id = t.bulletin_id JOIN county_of c ON c.unit_id = t.source_unit_id GROUP BY c.county_id
       )
       SELECT u.id AS unit_id, u.code, u.name, u.latitude, u.longitude, coalesce(reach.reads, 0)::bigint AS reads, coalesce(tips.tips, 0)::int AS tips
       FROM unit u LEFT JOIN reach ON reach.county_id = u.id LEFT JOIN tips ON tips.county_id = u.id
       WHERE u.level = 'county' AND ${IN_CITY('u')}
       ORDER BY u.code`,
      this.values(filters),
    );
  }
}
