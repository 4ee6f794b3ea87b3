import { type AxiosInstance } from 'axios';
import { Platform } from '@mb/vocabulary';
import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  registerWithSimulator,
  tipCodeOfPost,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

const ACCOUNTS = 6;
const UNFINISHED = ['pending', 'queued', 'publishing', 'retry_wait', 'unconfirmed', 'updating', 'removing'];
const DAY_MS = 24 * 3600 * 1000;

type SimPost = { id: string; accountId: string; text: string; deletedAt?: string };

/**
 * The Jinan Tianqiao case: one 微通缉 names eleven brawl suspects; over a week all eleven are
 * resolved, two of them through tips that came through the matrix. Each batch of outcomes is
 * recorded by an editor and goes public as an update a reviewer approves.
 */
describe('several persons in one notice, each resolved over time', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let rows: ReturnType<typeof accountRows>;
  let countyOperator: AxiosInstance;
  let analyst: AxiosInstance;
  let clockMs = 0;
  const caseNumber = `济公天刑字〔2026〕${Date.now() % 100000}号`;

  beforeAll(async () => {
    system = await TestSystem.start('persons', {
      queueBackend: 'postgres',
      env: { MB_TEST_HOOKS: 'true', MB_SWEEP_INTERVAL_MS: '250', MB_TIPS_PER_CLIENT_PER_MINUTE: '1000' },
    });
    tree = await createUnitTree(system);
    rows = accountRows(system, tree.countyIds, ACCOUNTS, [Platform.Webhook]);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).data.created).toBe(ACCOUNTS);
    // Tokens outlive the week this test moves through.
    expect((await system.sim.put('/_sim/faults', { tokenTtlSeconds: 40 * 24 * 3600 })).status).toBe(200);
    await registerWithSimulator(system, rows);
    countyOperator = await system.clientFor('unit_operator', tree.countyIds[0]);
    analyst = await system.clientFor('analyst');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const now = () => new Date(Date.now() + clockMs);

  /** Moves the engine's clock and the simulator's together. */
  async function advance(ms: number): Promise<void> {
    clockMs += ms;
    expect((await system.api.put('/test-clock', { offsetMs: clockMs })).status).toBe(200);
    expect((await system.sim.put('/_sim/clock', { advanceSeconds: Math.round(ms / 1000) })).status).toBe(200);
  }

  async function idle(bulletinId: string): Promise<void> {
    await waitFor(
      'deliveries done',
      async () => {
        const { rows: open } = await system.db.query(
          `SELECT count(*)::int AS open FROM delivery WHERE bulletin_id = $1 AND state = ANY ($2)`,
          [bulletinId, UNFINISHED],
        );
        return open[0].open === 0 ? true : undefined;
      },
      60_000,
      200,
    );
  }

  async function livePostsOf(seq: number): Promise<SimPost[]> {
    const posts = (await system.sim.get('/_sim/posts')).data as SimPost[];
    return posts.filter((post) => post.text.includes(`/t/${seq.toString(36)}.`) && !post.deletedAt);
  }

  async function tipThrough(accountIndex: number, seq: number, text: string): Promise<string> {
    const { code } = await tipCodeOfPost(system, Platform.Webhook, rows[accountIndex].platformAccountId, seq);
    const answer = await system.api.post('/public/tips', { code, text, anonymous: true });
    expect(answer.status).toBe(201);
    return (await system.db.query(`SELECT id FROM tip WHERE reply_code = $1`, [answer.data.replyCode])).rows[0].id;
  }

  /** An editor records the outcomes; the reviewer approves the update they make; every post then carries it. */
  async function recordAndApprove(bulletinId: string, outcomes: object[]): Promise<void> {
    const recorded = await system.editor.post(`/bulletins/${bulletinId}/person-outcomes`, { outcomes });
    expect(recorded.status).toBe(201);
    const waiting = recorded.data.persons.filter((person: { pending: unknown }) => person.pending);
    expect(waiting).toHaveLength(outcomes.length);
    // The recorder cannot approve their own update: a second person must.
    expect((await system.editor.post(`/bulletins/${bulletinId}/updates/${recorded.data.proposal.id}/approve`)).status).toBe(403);
    expect((await system.reviewer.post(`/bulletins/${bulletinId}/updates/${recorded.data.proposal.id}/approve`)).status).toBe(202);
    await idle(bulletinId);
  }

  it('records eleven surrenders over a moved week, two through tips, and reports 11/11 resolved and 2 as a direct result', async () => {
    const base = wantedBulletin(tree.countyIds[0], tree.countyIds, ['webhook']) as any;
    const suspects = Array.from({ length: 11 }, (_, index) => ({ name: `天桥斗殴嫌疑人${index + 1}`, sex: 'male' }));
    const { id, seq } = await approvedBulletin(system, {
      ...base,
      title: '关于敦促11名涉案人员投案自首的通告',
      wanted: { ...base.wanted, suspect: undefined, suspects, offence: '聚众斗殴', caseNumber },
    });
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    await idle(id);
    expect(await livePostsOf(seq)).toHaveLength(ACCOUNTS);
    const {
      rows: [{ published_at: publishedAt }],
    } = await system.db.query(`SELECT published_at FROM bulletin WHERE id = $1`, [id]);

    const tips = [await tipThrough(0, seq, '嫌疑人3号在天桥区北园大街一带出现'), await tipThrough(3, seq, '嫌疑人7号藏在历城区亲戚家')];
    const idle3 = await tipThrough(1, seq, '听说有人往外地跑了');
    for (const tipId of tips) expect((await countyOperator.post(`/tips/${tipId}/triage`, { status: 'verified' })).status).toBe(201);

    const occurred: number[] = [];
    const outcome = (person: number, status: string, extra: object = {}) => {
      occurred.push(now().getTime() - 3600_000);
      return { person, status, occurredAt: new Date(now().getTime() - 3600_000).toISOString(), place: '天桥区公安分局', ...extra };
    };

    // Day 1: four surrender, the third after a tip.
    await advance(DAY_MS);
    await recordAndApprove(id, [
      outcome(0, 'surrendered'),
      outcome(1, 'surrendered'),
      outcome(2, 'surrendered', { contributingTipIds: [tips[0]] }),
      outcome(3, 'surrendered'),
    ]);
    for (const post of await livePostsOf(seq)) expect(post.text).toContain('已有4人投案，仍有7人在逃');

    // Day 3: five more, the seventh arrested after the second tip.
    await advance(2 * DAY_MS);
    await recordAndApprove(id, [
      outcome(4, 'surrendered'),
      outcome(5, 'surrendered'),
      outcome(6, 'arrested', { contributingTipIds: [tips[1]] }),
      outcome(7, 'surrendered'),
      outcome(8, 'surrendered'),
    ]);
    for (const post of await livePostsOf(seq)) expect(post.text).toContain('已有8人投案、1人被抓获，仍有2人在逃');
    expect((await system.api.get(`/bulletins/${id}`)).data.status).toBe('updated');

    // Day 6: the last two surrender; the update that resolves them resolves the bulletin.
    await advance(3 * DAY_MS);
    await recordAndApprove(id, [outcome(9, 'surrendered'), outcome(10, 'surrendered')]);
    expect((await system.api.get(`/bulletins/${id}`)).data.status).toBe('resolved');
    for (const post of await livePostsOf(seq)) expect(post.text).toContain('11人已全部到案（10人投案、1人被抓获）');

    const persons = (await analyst.get(`/bulletins/${id}/persons`)).data;
    expect(persons).toHaveLength(11);
    expect(persons.map((person: { status: string }) => person.status)).toEqual([
      ...Array(6).fill('surrendered'),
      'arrested',
      ...Array(4).fill('surrendered'),
    ]);
    expect(persons[2].contributingTipIds).toEqual([tips[0]]);
    expect(persons[6].contributingTipIds).toEqual([tips[1]]);
    expect(persons.every((person: { pending: unknown }) => person.pending === null)).toBe(true);

    const { rows: tipStatuses } = await system.db.query(`SELECT id, status FROM tip WHERE bulletin_id = $1`, [id]);
    expect(Object.fromEntries(tipStatuses.map((row) => [row.id, row.status]))).toEqual({
      [tips[0]]: 'led_to_outcome',
      [tips[1]]: 'led_to_outcome',
      [idle3]: 'new',
    });
    const {
      rows: [caseOutcome],
    } = await system.db.query(
      `SELECT o.outcome, (SELECT array_agg(tip_id ORDER BY tip_id) FROM outcome_tip WHERE bulletin_id = o.bulletin_id) AS tips FROM bulletin_outcome o WHERE o.bulletin_id = $1`,
      [id],
    );
    expect(caseOutcome).toEqual({ outcome: 'arrested', tips: [...tips].sort() });

    const seconds = occurred.map((at) => (at - new Date(publishedAt).getTime()) / 1000).sort((a, b) => a - b);
    const totals = (await analyst.get('/reports/totals', { params: { caseNumber } })).data;
    expect(totals).toMatchObject({
      bulletins: 1,
      resolved: 1,
      directResults: 1,
      tips: 3,
      persons: { named: 11, resolved: 11, directResults: 2, withoutTip: 9, medianSecondsToResolution: Math.round(seconds[5]) },
    });
    const report = (await analyst.get(`/reports/bulletins/${id}`)).data;
    expect(report.persons.filter((person: { contributingTipIds: string[] }) => person.contributingTipIds.length > 0)).toHaveLength(2);
    expect(report.outcome).toMatchObject({ outcome: 'arrested', contributingTips: 2, directResult: true });
    // A case number no bulletin carries reports nothing.
    const other = (await analyst.get('/reports/totals', { params: { caseNumber: '无此案号' } })).data;
    expect(other).toMatchObject({ bulletins: 0, persons: { named: 0, resolved: 0 } });
  });

  it('refuses bad outcomes with the field named and changes nothing', async () => {
    const base = wantedBulletin(tree.countyIds[0], [tree.countyIds[0]], ['webhook']) as any;
    const suspects = [{ name: '甲某' }, { name: '乙某' }, { name: '丙某' }].map((person) => ({ ...person, sex: 'male' }));
    const { id, seq } = await approvedBulletin(system, {
      ...base,
      title: '悬赏通缉三名盗窃嫌疑人',
      wanted: { ...base.wanted, suspect: undefined, suspects, caseNumber: `${caseNumber}-2` },
    });
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    await idle(id);
    const unverified = await tipThrough(0, seq, '甲某在火车站');
    const at = new Date(now().getTime() - 60_000).toISOString();
    await recordAndApprove(id, [{ person: 0, status: 'arrested', occurredAt: at }]);

    const counts = async () =>
      (
        await system.db.query(
          `SELECT (SELECT count(*)::int FROM person_outcome WHERE bulletin_id = $1) AS outcomes,
             (SELECT count(*)::int FROM bulletin_proposal WHERE bulletin_id = $1) AS proposals,
             (SELECT status FROM tip WHERE id = $2) AS tip`,
          [id, unverified],
        )
      ).rows[0];
    const before = await counts();
    const cases: Array<[object, number, string]> = [
      [{ outcomes: [] }, 400, 'outcomes'],
      [{ outcomes: [{ person: -1, status: 'arrested', occurredAt: at }] }, 400, 'outcomes.0.person'],
      [{ outcomes: [{ person: 'first', status: 'arrested', occurredAt: at }] }, 400, 'outcomes.0.person'],
      [{ outcomes: [{ person: 3, status: 'arrested', occurredAt: at }] }, 400, 'outcomes.0.person'],
      [{ outcomes: [{ person: 1, status: 'found_safe', occurredAt: at }] }, 400, 'outcomes.0.status'],
      [{ outcomes: [{ person: 1, status: 'caught', occurredAt: at }] }, 400, 'outcomes.0.status'],
      [{ outcomes: [{ person: 1, status: 'arrested', occurredAt: '昨天' }] }, 400, 'outcomes.0.occurredAt'],
      [
        { outcomes: [{ person: 1, status: 'arrested', occurredAt: new Date(now().getTime() + DAY_MS).toISOString() }] },
        400,
        'outcomes.0.occurredAt',
      ],
      [
        {
          outcomes: [
            { person: 1, status: 'arrested', occurredAt: at },
            { person: 1, status: 'deceased', occurredAt: at },
          ],
        },
        400,
        'outcomes.1.person',
      ],
      [{ outcomes: [{ person: 0, status: 'deceased', occurredAt: at }] }, 409, 'outcomes.0.person'],
      [{ outcomes: [{ person: 1, status: 'arrested', occurredAt: at, contributingTipIds: [unverified] }] }, 409, 'contributingTipIds'],
      [
        { outcomes: [{ person: 1, status: 'arrested', occurredAt: at, contributingTipIds: ['not-a-uuid'] }] },
        400,
        'outcomes.0.contributingTipIds',
      ],
    ];
    for (const [body, status, field] of cases) {
      const answer = await system.editor.post(`/bulletins/${id}/person-outcomes`, body);
      expect({ body, status: answer.status }).toEqual({ body, status });
      expect(JSON.stringify(answer.data)).toContain(field);
    }
    expect((await analyst.get(`/bulletins/${id}/persons`)).data.map((person: { status: string }) => person.status)).toEqual([
      'arrested',
      'at_large',
      'at_large',
    ]);
    expect(await counts()).toEqual(before);
    // Only the roles that write updates record outcomes.
    expect(
      (await analyst.post(`/bulletins/${id}/person-outcomes`, { outcomes: [{ person: 1, status: 'arrested', occurredAt: at }] })).status,
    ).toBe(403);
  });
});
