import { Injectable } from '@nestjs/common';
import { ReportReads } from '@mb/database';
import { PLATFORMS } from '@mb/vocabulary';

/** The filters as SQL parameters $1..$5: from, to, kind, city path, case number (each may be null). */
export interface FilterValues {
  from: string | null;
  to: string | null;
  kind: string | null;
  cityPath: string | null;
  caseNumber: string | null;
}

const ACTIONABLE = `('verified', 'led_to_outcome')`;

/** Bulletins published in the period, of the kind and case; `$4` (a city) narrows to bulletins issued there where asked. */
const PUBLISHED = `
  SELECT b.id, b.kind, b.published_at, b.issuer_unit_id, b.person_count FROM bulletin b
  WHERE b.published_at IS NOT NULL
    AND ($1::timestamptz IS NULL OR b.published_at >= $1) AND ($2::timestamptz IS NULL OR b.published_at < $2)
    AND ($3::text IS NULL OR b.kind::text = $3) AND ($5::text IS NULL OR b.case_number = $5)`;

/**
 * A row of a published bulletin in the period and of the kind. Reach, tips and assignments exist
 * only for bulletins published once (published_at is set at publishing and never cleared), so
 * with neither period, kind nor case asked nothing is read to filter them.
 */
const OF_PUBLISHED = (column: string) =>
  `(($1::timestamptz IS NULL AND $2::timestamptz IS NULL AND $3::text IS NULL AND $5::text IS NULL) OR ${column} IN (SELECT id FROM published))`;

const IN_CITY = (alias: string) => `($4::text IS NULL OR ${alias}.path LIKE $4 || '%')`;

/** The units of the city `$4`, for the filters below (empty, and unread, when no city is asked). */
const CITY_UNITS = `city_units AS (SELECT id FROM unit WHERE $4::text IS NOT NULL AND path LIKE $4 || '%')`;
const FROM_CITY = (column: string) => `($4::text IS NULL OR ${column} IN (SELECT id FROM city_units))`;

/** Reads and tips per unit that carried the published bulletins (the account's unit). */
const REACH_BY_UNIT = `reach AS (SELECT r.unit_id, sum(r.reads) AS reads FROM bulletin_reach r WHERE ${OF_PUBLISHED('r.bulletin_id')} GROUP BY r.unit_id)`;
const TIPS_BY_UNIT = `tips AS (
  SELECT t.source_unit_id AS unit_id, count(*) AS tips, count(*) FILTER (WHERE t.status IN ${ACTIONABLE}) AS actionable
  FROM tip t WHERE ${OF_PUBLISHED('t.bulletin_id')} AND t.source_unit_id IS NOT NULL GROUP BY t.source_unit_id
)`;

/**
 * Each person resolution among the bulletins `issued`: an approved person outcome is one person;
 * a bulletin's case outcome resolves every person no person outcome did (all of them where the
 * bulletin was closed as a whole). Direct where a contributing tip came through the matrix.
 */
const PERSON_RESOLUTIONS = `person_resolutions AS (
  SELECT 1 AS persons, extract(epoch FROM po.occurred_at - i.published_at) AS seconds,
    EXISTS (SELECT 1 FROM person_outcome_tip pt WHERE pt.person_outcome_id = po.id) AS direct
  FROM person_outcome po JOIN issued i ON i.id = po.bulletin_id WHERE po.approved_at IS NOT NULL
  UNION ALL
  SELECT greatest(i.person_count - (SELECT count(*) FROM person_outcome po WHERE po.bulletin_id = bo.bulletin_id AND po.approved_at IS NOT NULL), 0)::int,
    extract(epoch FROM bo.occurred_at - i.published_at), EXISTS (SELECT 1 FROM outcome_tip ot WHERE ot.bulletin_id = bo.bulletin_id)
  FROM bulletin_outcome bo JOIN issued i ON i.id = bo.bulletin_id
)`;

/**
 * Every report query reads pre-aggregated tables or the rows of the filtered bulletins only, each
 * table once, grouped before it is joined to units.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly reads: ReportReads) {}

  private values(filters: FilterValues): unknown[] {
    return [filters.from, filters.to, filters.kind, filters.cityPath, filters.caseNumber];
  }

  async provinceCode(): Promise<string | null> {
    const [row] = await this.reads.query(`SELECT code FROM unit WHERE level = 'province' ORDER BY code LIMIT 1`);
    return row?.code ?? null;
  }

  async cityPath(cityId: string): Promise<string | null> {
    const [row] = await this.reads.query(`SELECT path FROM unit WHERE id = $1`, [cityId]);
    return row?.path ?? null;
  }

  async totals(filters: FilterValues) {
    const [row] = await this.reads.query(
      `WITH published AS (${PUBLISHED}), ${CITY_UNITS},
       issued AS (SELECT p.* FROM published p JOIN unit iu ON iu.id = p.issuer_unit_id WHERE ${IN_CITY('iu')}),
       reach AS (
         SELECT coalesce(sum(r.posts), 0) AS posts, coalesce(sum(r.reads), 0) AS reads FROM bulletin_reach r
         WHERE ${OF_PUBLISHED('r.bulletin_id')} AND ${FROM_CITY('r.unit_id')}
       ),
       tips AS (
         SELECT count(*) AS tips, count(*) FILTER (WHERE t.status IN ${ACTIONABLE}) AS actionable FROM tip t
         WHERE ${OF_PUBLISHED('t.bulletin_id')} AND ${FROM_CITY('t.source_unit_id')}
       ),
       outcomes AS (
         SELECT count(*) AS resolved, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM outcome_tip ot WHERE ot.bulletin_id = o.bulletin_id)) AS direct
         FROM bulletin_outcome o JOIN issued i ON i.id = o.bulletin_id
       ),
       ${PERSON_RESOLUTIONS},
       persons AS (
         SELECT coalesce(sum(r.persons), 0) AS resolved, coalesce(sum(r.persons) FILTER (WHERE r.direct), 0) AS direct,
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r2.seconds) FROM person_resolutions r2, generate_series(1, r2.persons)) AS median_seconds
         FROM person_resolutions r
       )
       SELECT (SELECT count(*) FROM issued)::int AS bulletins, outcomes.resolved::int, outcomes.direct::int AS direct_results,
         reach.posts::bigint, reach.reads::bigint, tips.tips::int, tips.actionable::int AS actionable_tips,
         (SELECT coalesce(sum(person_count), 0) FROM issued)::int AS persons_named, persons.resolved::int AS persons_resolved,
         persons.direct::int AS persons_direct, persons.median_seconds::float AS persons_median_seconds
       FROM reach, tips, outcomes, persons`,
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
      persons: {
        named: row.persons_named,
        resolved: row.persons_resolved,
        directResults: row.persons_direct,
        withoutTip: row.persons_resolved - row.persons_direct,
        medianSecondsToResolution: row.persons_median_seconds === null ? null : Math.round(row.persons_median_seconds),
      },
    };
  }

  async bulletinFacts(id: string) {
    const [row] = await this.reads.query(
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
    const [row] = await this.reads.query(
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
    const rows = await this.reads.query(
      `SELECT hour, sum(reads_gained) OVER (ORDER BY hour) AS reads FROM bulletin_reads_hourly WHERE bulletin_id = $1 ORDER BY hour`,
      [bulletinId],
    );
    return rows.map((row: any) => ({ hour: row.hour, reads: Number(row.reads) }));
  }

  /** The latest published bulletins; reads and tips are summed for that page of bulletins in one pass each. */
  async bulletinList(filters: FilterValues, limit: number) {
    return this.reads.query(
      `WITH page AS (
         SELECT p.* FROM (${PUBLISHED}) p JOIN unit iu ON iu.id = p.issuer_unit_id WHERE ${IN_CITY('iu')} ORDER BY p.published_at DESC LIMIT $6
       ),
       reach AS (SELECT r.bulletin_id, sum(r.reads) AS reads FROM bulletin_reach r WHERE r.bulletin_id IN (SELECT id FROM page) GROUP BY r.bulletin_id),
       tips AS (SELECT t.bulletin_id, count(*) AS tips FROM tip t WHERE t.bulletin_id IN (SELECT id FROM page) GROUP BY t.bulletin_id)
       SELECT page.id, b.title, page.kind, page.published_at, iu.name AS issuer_name, o.outcome,
         coalesce(reach.reads, 0)::bigint AS reads, coalesce(tips.tips, 0)::int AS tips,
         EXISTS (SELECT 1 FROM outcome_tip ot WHERE ot.bulletin_id = page.id) AS direct_result
       FROM page JOIN bulletin b ON b.id = page.id JOIN unit iu ON iu.id = page.issuer_unit_id
       LEFT JOIN bulletin_outcome o ON o.bulletin_id = page.id
       LEFT JOIN reach ON reach.bulletin_id = page.id LEFT JOIN tips ON tips.bulletin_id = page.id
       ORDER BY page.published_at DESC`,
      [...this.values(filters), limit],
    );
  }

  /** Per unit that carried bulletins (the account's unit): reach, tips, actionable tips, reply rate, outcomes with a direct tip. */
  async unitLeaderboard(filters: FilterValues) {
    return this.reads.query(
      `WITH published AS (${PUBLISHED}), ${REACH_BY_UNIT}, ${TIPS_BY_UNIT},
       replies AS (
         SELECT a.unit_id, count(*) FILTER (WHERE a.outcome = 'replied') AS replied, count(*) FILTER (WHERE a.outcome = 'escalated') AS escalated
         FROM tip_assignment a WHERE ${OF_PUBLISHED('a.bulletin_id')} GROUP BY a.unit_id
       ),
       direct AS (
         SELECT t.source_unit_id AS unit_id, count(DISTINCT ot.bulletin_id) AS outcomes
         FROM outcome_tip ot JOIN tip t ON t.id = ot.tip_id WHERE ${OF_PUBLISHED('ot.bulletin_id')} AND t.source_unit_id IS NOT NULL GROUP BY t.source_unit_id
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

  /**
   * Per platform, over the accounts of the city where asked. A tip's replies and escalations come
   * from its own row: it is replied once (replied_at, closing its one replied assignment) and
   * escalated as often as `escalations` counts (each closing an assignment as escalated).
   */
  async platformLeaderboard(filters: FilterValues) {
    return this.reads.query(
      `WITH published AS (${PUBLISHED}), ${CITY_UNITS},
       reach AS (
         SELECT r.platform::text AS platform, sum(r.reads) AS reads FROM bulletin_reach r
         WHERE ${OF_PUBLISHED('r.bulletin_id')} AND ${FROM_CITY('r.unit_id')} GROUP BY r.platform
       ),
       tips AS (
         SELECT t.platform::text AS platform, count(*) AS tips, count(*) FILTER (WHERE t.status IN ${ACTIONABLE}) AS actionable,
           count(t.replied_at) AS replied, sum(t.escalations) AS escalated
         FROM tip t WHERE ${OF_PUBLISHED('t.bulletin_id')} AND t.platform IS NOT NULL AND ${FROM_CITY('t.source_unit_id')} GROUP BY t.platform
       ),
       direct AS (
         SELECT t.platform::text AS platform, count(DISTINCT ot.bulletin_id) AS outcomes
         FROM outcome_tip ot JOIN tip t ON t.id = ot.tip_id
         WHERE ${OF_PUBLISHED('ot.bulletin_id')} AND t.platform IS NOT NULL AND ${FROM_CITY('t.source_unit_id')} GROUP BY t.platform
       )
       SELECT platforms.platform, coalesce(reach.reads, 0)::bigint AS reads, coalesce(tips.tips, 0)::int AS tips, coalesce(tips.actionable, 0)::int AS actionable_tips,
         coalesce(tips.replied, 0)::int AS replied, coalesce(tips.escalated, 0)::int AS escalated, coalesce(direct.outcomes, 0)::int AS direct_outcomes
       FROM unnest($6::text[]) AS platforms(platform)
       LEFT JOIN reach ON reach.platform = platforms.platform LEFT JOIN tips ON tips.platform = platforms.platform
       LEFT JOIN direct ON direct.platform = platforms.platform
       ORDER BY reads DESC, platforms.platform`,
      [...this.values(filters), PLATFORMS],
    );
  }

  /** Per kind and period (Beijing calendar): published, resolved, resolved as a direct result. */
  async kindsByPeriod(filters: FilterValues, period: 'month' | 'quarter' | 'year') {
    return this.reads.query(
      `WITH published AS (${PUBLISHED})
       SELECT p.kind::text AS kind, to_char(date_trunc($6, p.published_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS period,
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
    return this.reads.query(
      `WITH published AS (${PUBLISHED}), ${REACH_BY_UNIT}, ${TIPS_BY_UNIT},
       by_county AS (
         SELECT CASE u.level WHEN 'county' THEN u.id ELSE u.parent_id END AS county_id, sum(reach.reads) AS reads, sum(tips.tips) AS tips
         FROM unit u LEFT JOIN reach ON reach.unit_id = u.id LEFT JOIN tips ON tips.unit_id = u.id
         WHERE u.level IN ('county', 'station') GROUP BY 1
       )
       SELECT u.id AS unit_id, u.code, u.name, u.latitude, u.longitude, coalesce(by_county.reads, 0)::bigint AS reads, coalesce(by_county.tips, 0)::int AS tips
       FROM unit u LEFT JOIN by_county ON by_county.county_id = u.id
       WHERE u.level = 'county' AND ${IN_CITY('u')}
       ORDER BY u.code`,
      this.values(filters),
    );
  }
}
