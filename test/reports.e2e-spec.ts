import { type AxiosInstance } from 'axios';
import { parse } from 'csv-parse/sync';
import { Platform, PLATFORMS } from '@mb/vocabulary';

import {
  approvedBulletin,
  createUnitTree,
  dueReadingsTaken,
  platformAccount,
  registerWithSimulator,
  reportBulletin,
  type SeededAccount,
  tipCodeOfPost,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

/** The persons of bulletins closed as a whole: each outcome resolves every person its bulletin names. */
function personsOf(
  outcomes: Array<{ bulletin_id: string; occurred_at: Date; contributing: number }>,
  published: Array<{ id: string; published_at: Date; person_count: number }>,
) {
  const resolutions = outcomes.flatMap((outcome) => {
    const bulletin = published.find((row) => row.id === outcome.bulletin_id)!;
    const seconds = (new Date(outcome.occurred_at).getTime() - new Date(bulletin.published_at).getTime()) / 1000;
    return Array.from({ length: bulletin.person_count }, () => ({ seconds, direct: outcome.contributing > 0 }));
  });
  const sorted = resolutions.map((each) => each.seconds).sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  const direct = resolutions.filter((each) => each.direct).length;
  return {
    named: published.reduce((total, row) => total + row.person_count, 0),
    resolved: resolutions.length,
    directResults: direct,
    withoutTip: resolutions.length - direct,
    medianSecondsToResolution: median === null ? null : Math.round(median),
  };
}

/** A title with a comma, quotes and a newline, to check the CSV quoting. */
const TRICKY_TITLE = '悬赏通缉，"张某某",\n龙口警方';

/**
 * A seeded scenario (fixed simulator seed) of deliveries, counter readings on a schedule, tips
 * and outcomes; every report figure is checked against the test's own count from the raw rows.
 */
describe('reach, outcomes and reports', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let stationId: string;
  let analyst: AxiosInstance;
  let clockMs = 0;
  const bulletins: Record<'wanted' | 'missing' | 'report', string> = { wanted: '', missing: '', report: '' };
  let accounts: Array<{ id: string; platform: Platform; platformAccountId: string; unitId: string }>;

  beforeAll(async () => {
    system = await TestSystem.start('reports', {
      queueBackend: 'postgres',
      env: {
        MB_TEST_HOOKS: 'true',
        MB_SWEEP_INTERVAL_MS: '250',
        MB_SIM_SEED: '424242',
        MB_INBOUND_POLL_SECONDS: '3600',
        MB_TIPS_PER_CLIENT_PER_MINUTE: '1000',
        MB_TIP_REPLY_DEADLINE_HOURS: '1',
      },
    });
    tree = await createUnitTree(system);
    stationId = (
      await system.api.post('/units', {
        code: '370681P01',
        name: '东莱派出所',
        level: 'station',
        parentId: tree.countyIds[0],
        latitude: 37.65,
        longitude: 120.48,
      })
    ).data.id;
    analyst = await system.clientFor('analyst');
    const owners = [tree.countyIds[0], tree.countyIds[1], stationId, tree.countyIds[2]];
    const seeded: Array<SeededAccount & { followers: number; unitId: string }> = Array.from({ length: 10 }, (_, index) => ({
      ...platformAccount(PLATFORMS[index % PLATFORMS.length], 800 + index, system.simUrl),
      followers: 2000 + index * 1500,
      unitId: owners[index % owners.length],
    }));
    const rows = seeded.map(({ simCredentials: _sim, ...row }, index) => ({ ...row, displayName: `测试发布${index}` }));
    expect((await system.api.post('/accounts/import', { accounts: rows })).data.created).toBe(10);
    // Tokens outlive the simulated days this test moves through (Weibo tokens cannot be refreshed).
    expect((await system.sim.put('/_sim/faults', { tokenTtlSeconds: 40 * 24 * 3600 })).status).toBe(200);
    await registerWithSimulator(system, seeded);
    accounts = (await system.api.get('/accounts', { params: { limit: 100 } })).data.items;
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Moves the engine's clock and the simulator's (read counters grow with its time) together. */
  async function advance(minutes: number): Promise<void> {
    clockMs += minutes * 60_000;
    expect((await system.api.put('/test-clock', { offsetMs: clockMs })).status).toBe(200);
    expect((await system.sim.put('/_sim/clock', { advanceSeconds: minutes * 60 })).status).toBe(200);
  }

  async function publishAndWait(body: object): Promise<string> {
    const { id } = await approvedBulletin(system, body);
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    await waitFor(
      'posts',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE state <> 'published')::int AS open FROM delivery WHERE bulletin_id = $1`,
          [id],
        );
        return rows[0].open === 0 ? true : undefined;
      },
      60_000,
    );
    return id;
  }

  async function pollsOf(bulletinId: string): Promise<number[]> {
    const { rows } = await system.db.query(`SELECT polls FROM post_metrics WHERE bulletin_id = $1 ORDER BY delivery_id`, [bulletinId]);
    return rows.map((row) => row.polls);
  }

  async function waitForPolls(bulletinId: string, polls: number): Promise<void> {
    await waitFor(
      `${polls} readings`,
      async () => ((await pollsOf(bulletinId)).every((count) => count === polls) ? true : undefined),
      20_000,
      100,
    ).catch(async (error) => {
      console.log(
        JSON.stringify(
          (
            await system.db.query(
              `SELECT polls, next_poll_at, posted_at, last_polled_at, platform, (SELECT offset_ms FROM test_clock) AS off, now() FROM post_metrics WHERE bulletin_id = $1`,
              [bulletinId],
            )
          ).rows,
          null,
          1,
        ),
      );
      throw error;
    });
    await waitFor(
      `${polls} readings`,
      async () => ((await pollsOf(bulletinId)).every((count) => count === polls) ? true : undefined),
      20_000,
      100,
    );
  }

  async function submitTip(bulletinId: string, accountIndex: number, text: string, extra: object = {}): Promise<string> {
    const account = accounts[accountIndex];
    const { rows } = await system.db.query(`SELECT 1 FROM delivery WHERE bulletin_id = $1 AND account_id = $2`, [bulletinId, account.id]);
    expect(rows).toHaveLength(1);
    const {
      rows: [bulletin],
    } = await system.db.query(`SELECT seq::int AS seq FROM bulletin WHERE id = $1`, [bulletinId]);
    const { code } = await tipCodeOfPost(system, account.platform, account.platformAccountId, bulletin.seq);
    const answer = await system.api.post('/public/tips', { code, text, anonymous: true, ...extra });
    expect(answer.status).toBe(201);
    return (await system.db.query(`SELECT id FROM tip WHERE reply_code = $1`, [answer.data.replyCode])).rows[0].id;
  }

  it('reads counters every 5 minutes in the first hour, then hourly, and stops for removed posts', async () => {
    bulletins.wanted = await publishAndWait({ ...wantedBulletin(tree.countyIds[0], [tree.cityId]), title: TRICKY_TITLE });
    expect(await pollsOf(bulletins.wanted)).toHaveLength(10);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await pollsOf(bulletins.wanted)).every((count) => count === 0)).toBe(true);
    for (let step = 1; step <= 12; step += 1) {
      await advance(5);
      await waitForPolls(bulletins.wanted, step);
    }
    // An hour old: the next reading is an hour later, not five minutes.
    await advance(5);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await pollsOf(bulletins.wanted)).every((count) => count === 12)).toBe(true);
    await advance(55);
    await waitForPolls(bulletins.wanted, 13);

    const { rows: gaps } = await system.db.query(
      // In whole minutes of the moved clock (the real seconds between steps fall away).
      `SELECT round(extract(epoch FROM taken_at - lag(taken_at) OVER (PARTITION BY delivery_id ORDER BY taken_at)) / 60)::int AS gap FROM post_snapshot WHERE bulletin_id = $1`,
      [bulletins.wanted],
    );
    const counted = new Map<number, number>();
    for (const { gap } of gaps) if (gap !== null) counted.set(gap, (counted.get(gap) ?? 0) + 1);
    expect(Object.fromEntries(counted)).toEqual({ 5: 10 * 11, 60: 10 });

    // A second bulletin withdrawn after its first reading: its removed posts are never read again.
    bulletins.missing = await publishAndWait({
      ...wantedBulletin(tree.countyIds[1], [tree.countyIds[1], stationId]),
      kind: 'missing_person',
      wanted: undefined,
      title: '寻找走失老人王某',
      missingPerson: {
        person: { name: '王某', sex: 'male', age: 78, heightCm: 165, clothing: '灰色棉衣' },
        lastSeen: { at: '2026-11-20T08:00:00.000Z', place: '莱阳市城厢街道', latitude: 36.98, longitude: 120.71 },
        guardianContact: '0535-7212110',
      },
    });
    await advance(5);
    await waitForPolls(bulletins.missing, 1);
    expect((await system.reviewer.post(`/bulletins/${bulletins.missing}/withdraw`, { reason: '已与家属取得联系' })).status).toBe(202);
    await waitFor(
      'posts removed',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE state <> 'removed')::int AS left FROM delivery WHERE bulletin_id = $1 AND platform_post_id IS NOT NULL AND state <> 'superseded'`,
          [bulletins.missing],
        );
        return rows[0].left === 0 ? true : undefined;
      },
      30_000,
    );
    await advance(5);
    await waitFor(
      'polling stopped',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE next_poll_at IS NOT NULL)::int AS due FROM post_metrics WHERE bulletin_id = $1`,
          [bulletins.missing],
        );
        return rows[0].due === 0 ? true : undefined;
      },
      20_000,
      100,
    );
    await advance(60);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await pollsOf(bulletins.missing)).every((count) => count === 1)).toBe(true);
  });

  it('asks a failing platform for counters again five minutes later, not on every run, and carries on when it recovers', async () => {
    const { rows: webhookRows } = await system.db.query(
      `SELECT delivery_id FROM post_metrics pm JOIN account a ON a.id = pm.account_id WHERE pm.bulletin_id = $1 AND a.platform = 'webhook'`,
      [bulletins.wanted],
    );
    expect(webhookRows.length).toBeGreaterThan(0);
    const webhook = new Set(webhookRows.map((row) => row.delivery_id));
    const state = async () =>
      (await system.db.query(`SELECT delivery_id, polls, next_poll_at FROM post_metrics WHERE bulletin_id = $1`, [bulletins.wanted])).rows;
    const before = new Map((await state()).map((row) => [row.delivery_id, row.polls]));
    expect((await system.sim.put('/_sim/faults', { platform: 'webhook', errorRate: 1 })).status).toBe(200);
    try {
      await advance(60);
      const now = Date.now() + clockMs;
      await waitFor(
        'the others read, the failing platform put off',
        async () => {
          const rows = await state();
          const othersRead = rows
            .filter((row) => !webhook.has(row.delivery_id))
            .every((row) => row.polls === before.get(row.delivery_id) + 1);
          const putOff = rows.filter((row) => webhook.has(row.delivery_id)).every((row) => new Date(row.next_poll_at).getTime() > now);
          return othersRead && putOff ? rows : undefined;
        },
        20_000,
        100,
      );
      for (const row of (await state()).filter((entry) => webhook.has(entry.delivery_id))) {
        expect(row.polls).toBe(before.get(row.delivery_id));
        expect(Math.round((new Date(row.next_poll_at).getTime() - now) / 60_000)).toBe(5);
      }
    } finally {
      await system.sim.put('/_sim/faults', { platform: 'webhook', errorRate: 0 });
    }
    await advance(5);
    await waitFor(
      'the recovered platform read',
      async () =>
        (await state()).filter((row) => webhook.has(row.delivery_id)).every((row) => row.polls === before.get(row.delivery_id) + 1)
          ? true
          : undefined,
      20_000,
      100,
    );
  });

  it('reports every figure as the test counts it from the raw rows', async () => {
    // Tips through several accounts; some verified; replies; an outcome with a decisive tip.
    const wantedTips = [
      await submitTip(bulletins.wanted, 0, '在龙口东莱街道见过嫌疑人'),
      await submitTip(bulletins.wanted, 1, '嫌疑人开一辆白色面包车'),
      await submitTip(bulletins.wanted, 2, '嫌疑人常去城西菜市场'),
      await submitTip(bulletins.wanted, 6, '网吧老板说他昨晚来过'),
    ];
    const countyOperator = await system.clientFor('unit_operator', tree.countyIds[0]);
    for (const tipId of wantedTips.slice(0, 2))
      expect((await countyOperator.post(`/tips/${tipId}/triage`, { status: 'verified' })).status).toBe(201);
    expect((await countyOperator.post(`/tips/${wantedTips[2]}/triage`, { status: 'rejected' })).status).toBe(201);
    for (const tipId of wantedTips.slice(0, 3))
      expect((await countyOperator.post(`/tips/${tipId}/reply`, { text: '感谢您的线索。' })).status).toBe(201);
    const outcome = await system.reviewer.post(`/bulletins/${bulletins.wanted}/outcome`, {
      outcome: 'arrested',
      occurredAt: new Date(Date.now() + clockMs).toISOString(),
      place: '龙口市东莱街道',
      note: '犯罪嫌疑人已落网，感谢广大网友',
      contributingTipIds: wantedTips.slice(0, 2),
      decisiveTipId: wantedTips[1],
    });
    expect(outcome.status).toBe(200);
    expect(outcome.data.bulletin.status).toBe('resolved');
    const resolvedAt = new Date(Date.now() + clockMs);
    // A report bulletin closed without any tip: resolved, not as a direct result.
    bulletins.report = await publishAndWait(reportBulletin(tree.cityId, [tree.countyIds[2]]));
    await submitTip(bulletins.report, 3, '城北有人收购银行卡', { location: { latitude: 37.18, longitude: 119.95 } });
    expect(
      (
        await system.reviewer.post(`/bulletins/${bulletins.report}/outcome`, {
          outcome: 'closed_otherwise',
          occurredAt: new Date(Date.now() + clockMs).toISOString(),
        })
      ).status,
    ).toBe(200);
    await advance(60);
    // The two tips left unanswered for the hour they were given go up to the city, once each.
    await waitFor(
      'unanswered tips escalated',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE escalations = 1)::int AS escalated FROM tip WHERE replied_at IS NULL`,
        );
        return rows[0].escalated === 2 ? true : undefined;
      },
      15_000,
      100,
    );
    // Every reading now due is taken before anything is counted.
    await dueReadingsTaken(system, clockMs);
    // A resolved bulletin's posts stay up and are still read: its reach keeps counting.
    const {
      rows: [afterResolution],
    } = await system.db.query(`SELECT count(*)::int AS readings FROM post_snapshot WHERE bulletin_id = $1 AND taken_at > $2`, [
      bulletins.wanted,
      resolvedAt,
    ]);
    expect(afterResolution.readings).toBeGreaterThan(0);
    const {
      rows: [stillDue],
    } = await system.db.query(`SELECT count(*)::int AS posts FROM post_metrics WHERE bulletin_id = $1 AND next_poll_at IS NOT NULL`, [
      bulletins.wanted,
    ]);
    expect(stillDue.posts).toBeGreaterThan(0);

    // --- the test's own figures, from deliveries, snapshots, tips, assignments and outcomes ---
    const latest = (
      await system.db.query(
        `SELECT DISTINCT ON (s.delivery_id) s.delivery_id, s.bulletin_id, s.reads, a.unit_id, a.platform::text AS platform
       FROM post_snapshot s JOIN delivery d ON d.id = s.delivery_id JOIN account a ON a.id = d.account_id ORDER BY s.delivery_id, s.taken_at DESC`,
      )
    ).rows.map((row) => ({ ...row, reads: Number(row.reads) }));
    const tips = (await system.db.query(`SELECT id, bulletin_id, status, source_unit_id, platform::text AS platform, received_at FROM tip`))
      .rows;
    const assignments = (
      await system.db.query(`SELECT a.unit_id, a.outcome, t.platform::text AS platform FROM tip_assignment a JOIN tip t ON t.id = a.tip_id`)
    ).rows;
    const outcomes = (
      await system.db.query(
        `SELECT o.bulletin_id, o.occurred_at, o.decisive_tip_id, (SELECT count(*)::int FROM outcome_tip ot WHERE ot.bulletin_id = o.bulletin_id) AS contributing FROM bulletin_outcome o`,
      )
    ).rows;
    const outcomeTips = (
      await system.db.query(
        `SELECT ot.bulletin_id, t.source_unit_id, t.platform::text AS platform FROM outcome_tip ot JOIN tip t ON t.id = ot.tip_id`,
      )
    ).rows;
    const {
      rows: [{ posts }],
    } = await system.db.query(`SELECT count(DISTINCT (bulletin_id, account_id))::int AS posts FROM delivery WHERE posted_at IS NOT NULL`);
    const published = (
      await system.db.query(`SELECT id, kind::text AS kind, published_at, person_count FROM bulletin WHERE published_at IS NOT NULL`)
    ).rows;
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const actionable = (tip: { status: string }) => tip.status === 'verified' || tip.status === 'led_to_outcome';
    expect(assignments.filter((row) => row.outcome === 'escalated')).toHaveLength(2);
    expect(assignments.filter((row) => row.outcome === 'replied')).toHaveLength(3);
    const rateOf = (rows: Array<{ outcome: string }>) => {
      const replied = rows.filter((row) => row.outcome === 'replied').length;
      const escalated = rows.filter((row) => row.outcome === 'escalated').length;
      return replied + escalated === 0 ? null : replied / (replied + escalated);
    };

    const totals = (await analyst.get('/reports/totals')).data;
    expect(totals).toEqual({
      bulletins: published.length,
      posts,
      reads: sum(latest.map((row) => row.reads)),
      tips: tips.length,
      actionableTips: tips.filter(actionable).length,
      resolved: outcomes.length,
      directResults: outcomes.filter((row) => row.contributing > 0).length,
      resolutionRate: outcomes.length / published.length,
      directResultRate: outcomes.filter((row) => row.contributing > 0).length / published.length,
      persons: personsOf(outcomes, published),
    });
    expect(totals.reads).toBeGreaterThan(0);
    expect(totals.persons).toMatchObject({ named: 2, resolved: 1, directResults: 1 });

    const report = (await analyst.get(`/reports/bulletins/${bulletins.wanted}`)).data;
    const {
      rows: [facts],
    } = await system.db.query(
      `SELECT b.published_at, count(DISTINCT d.account_id)::int AS targeted, count(DISTINCT d.account_id) FILTER (WHERE d.posted_at IS NOT NULL)::int AS posted, min(d.posted_at) AS first_post
       FROM bulletin b JOIN delivery d ON d.bulletin_id = b.id WHERE b.id = $1 GROUP BY b.published_at`,
      [bulletins.wanted],
    );
    const mine = tips.filter((tip) => tip.bulletin_id === bulletins.wanted);
    const own = outcomes.find((row) => row.bulletin_id === bulletins.wanted);
    const wantedReads = sum(latest.filter((row) => row.bulletin_id === bulletins.wanted).map((row) => row.reads));
    const secondsBetween = (from: Date, to: Date) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000);
    expect(report.funnel).toEqual({
      targeted: facts.targeted,
      posted: facts.posted,
      reads: wantedReads,
      tips: mine.length,
      actionableTips: mine.filter(actionable).length,
      outcomes: 1,
    });
    expect(report.funnel).toMatchObject({ targeted: 10, posted: 10, tips: 4, actionableTips: 2 });
    expect(report.secondsToFirstPost).toBe(secondsBetween(facts.published_at, facts.first_post));
    expect(report.secondsToFirstTip).toBe(secondsBetween(facts.published_at, mine.map((tip) => tip.received_at).sort((a, b) => a - b)[0]));
    expect(report.secondsToOutcome).toBe(secondsBetween(facts.published_at, own.occurred_at));
    expect(report.readsPerOutcome).toBe(wantedReads);
    const decisive = tips.find((tip) => tip.id === own.decisive_tip_id);
    const decisiveAccount = accounts.find(
      (account) => account.platform === decisive.platform && account.unitId === decisive.source_unit_id,
    );
    expect(report.decisiveTip).toMatchObject({
      tipId: wantedTips[1],
      platform: decisive.platform,
      unitId: decisive.source_unit_id,
      accountId: decisiveAccount?.id,
    });
    expect(report.outcome).toMatchObject({ outcome: 'arrested', contributingTips: 2, directResult: true });

    // Reads over time: at the end of each hour, the latest reading of every post taken before it.
    const { rows: series } = await system.db.query(
      `WITH hours AS (SELECT DISTINCT date_trunc('hour', taken_at) AS hour FROM post_snapshot WHERE bulletin_id = $1)
       SELECT h.hour, (SELECT coalesce(sum(last.reads), 0) FROM (
           SELECT DISTINCT ON (delivery_id) reads FROM post_snapshot WHERE bulletin_id = $1 AND taken_at < h.hour + interval '1 hour' ORDER BY delivery_id, taken_at DESC
         ) last)::bigint AS reads
       FROM hours h ORDER BY h.hour`,
      [bulletins.wanted],
    );
    expect(report.readsOverTime.map((point: { hour: string; reads: number }) => [new Date(point.hour).toISOString(), point.reads])).toEqual(
      series.map((row) => [new Date(row.hour).toISOString(), Number(row.reads)]),
    );

    const units = (await analyst.get('/reports/units')).data as Array<Record<string, any>>;
    const unitIds = new Set([
      ...latest.map((row) => row.unit_id),
      ...tips.map((tip) => tip.source_unit_id).filter(Boolean),
      ...assignments.map((row) => row.unit_id),
    ]);
    expect(units.map((row) => row.unitId).sort()).toEqual([...unitIds].sort());
    for (const row of units) {
      const unitTips = tips.filter((tip) => tip.source_unit_id === row.unitId);
      expect(row).toMatchObject({
        reads: sum(latest.filter((reading) => reading.unit_id === row.unitId).map((reading) => reading.reads)),
        tips: unitTips.length,
        actionableTips: unitTips.filter(actionable).length,
        replyRate: rateOf(assignments.filter((assignment) => assignment.unit_id === row.unitId)),
        directOutcomes: new Set(outcomeTips.filter((tip) => tip.source_unit_id === row.unitId).map((tip) => tip.bulletin_id)).size,
      });
    }
    expect(units.map((row) => row.reads)).toEqual([...units.map((row) => row.reads)].sort((a, b) => b - a));

    const platforms = (await analyst.get('/reports/platforms')).data as Array<Record<string, any>>;
    expect(platforms.map((row) => row.platform).sort()).toEqual([...PLATFORMS].sort());
    for (const row of platforms) {
      const platformTips = tips.filter((tip) => tip.platform === row.platform);
      expect(row).toMatchObject({
        reads: sum(latest.filter((reading) => reading.platform === row.platform).map((reading) => reading.reads)),
        tips: platformTips.length,
        actionableTips: platformTips.filter(actionable).length,
        replyRate: rateOf(assignments.filter((assignment) => assignment.platform === row.platform)),
        directOutcomes: new Set(outcomeTips.filter((tip) => tip.platform === row.platform).map((tip) => tip.bulletin_id)).size,
      });
    }

    const kinds = (await analyst.get('/reports/kinds', { params: { period: 'month' } })).data as Array<Record<string, any>>;
    for (const kind of ['wanted', 'missing_person', 'report']) {
      const ofKind = published.filter((row) => row.kind === kind);
      const resolved = outcomes.filter((row) => ofKind.some((bulletin) => bulletin.id === row.bulletin_id));
      const row = kinds.find((entry) => entry.kind === kind);
      expect(row).toMatchObject({
        published: ofKind.length,
        resolved: resolved.length,
        directResults: resolved.filter((entry) => entry.contributing > 0).length,
      });
    }

    const map = (await analyst.get('/reports/map')).data as Array<Record<string, any>>;
    expect(map.map((row) => row.unitId).sort()).toEqual([...tree.countyIds].sort());
    const countyOf = (unitId: string) => (unitId === stationId ? tree.countyIds[0] : unitId);
    for (const row of map) {
      expect(row.reads).toBe(sum(latest.filter((reading) => countyOf(reading.unit_id) === row.unitId).map((reading) => reading.reads)));
      expect(row.tips).toBe(tips.filter((tip) => tip.source_unit_id && countyOf(tip.source_unit_id) === row.unitId).length);
    }

    // Filters: a kind, a period that excludes everything, a city.
    const onlyWanted = (await analyst.get('/reports/totals', { params: { kind: 'wanted' } })).data;
    expect(onlyWanted.bulletins).toBe(published.filter((row) => row.kind === 'wanted').length);
    expect(onlyWanted.reads).toBe(wantedReads);
    const future = (await analyst.get('/reports/totals', { params: { from: '2099-01-01T00:00:00.000Z' } })).data;
    expect(future).toMatchObject({ bulletins: 0, reads: 0, tips: 0 });
    expect((await analyst.get('/reports/totals', { params: { cityId: tree.cityId } })).data.reads).toBe(totals.reads);
    const unknownId = tree.countyIds[0].replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    expect((await analyst.get('/reports/totals', { params: { cityId: unknownId } })).status).toBe(400);
    expect((await analyst.get('/reports/totals', { params: { kind: 'parade' } })).status).toBe(400);
    expect((await system.clientFor('unit_operator', tree.countyIds[0]).then((operator) => operator.get('/reports/totals'))).status).toBe(
      403,
    );
  });

  it('exports each report as UTF-8 CSV with BOM that a CSV parser reads back, Chinese, commas and newlines intact', async () => {
    const endpoints = [
      '/reports/totals',
      '/reports/bulletins',
      `/reports/bulletins/${bulletins.wanted}`,
      '/reports/units',
      '/reports/platforms',
      '/reports/kinds',
      '/reports/map',
    ];
    for (const endpoint of endpoints) {
      const answer = await analyst.get(endpoint, { params: { format: 'csv' }, responseType: 'arraybuffer' });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toContain('text/csv');
      const bytes = Buffer.from(answer.data);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parse(bytes.toString('utf8').slice(1), { columns: true }) as Array<Record<string, string>>;
      const json = (await analyst.get(endpoint)).data;
      // The totals' persons and the bulletin's persons come as one row each of their figures.
      const expectedRows = Array.isArray(json)
        ? json.length
        : endpoint.endsWith(bulletins.wanted)
          ? 13 + json.persons.length + json.readsOverTime.length
          : Object.keys(json).length - 1 + Object.keys(json.persons).length;
      expect({ endpoint, rows: records.length }).toEqual({ endpoint, rows: expectedRows });
    }
    const listed = parse((await analyst.get('/reports/bulletins', { params: { format: 'csv' } })).data.replace(/^\uFEFF/, ''), {
      columns: true,
    }) as Array<Record<string, string>>;
    expect(listed.find((record) => record['发布单位'] === '龙口市')?.['通告']).toBe(TRICKY_TITLE);
    const units = parse((await analyst.get('/reports/units', { params: { format: 'csv' } })).data.replace(/^\uFEFF/, ''), {
      columns: true,
    }) as Array<Record<string, string>>;
    const json = (await analyst.get('/reports/units')).data as Array<{ name: string; reads: number }>;
    expect(units.map((record) => [record['单位'], Number(record['阅读量'])])).toEqual(json.map((row) => [row.name, row.reads]));
  });
});
