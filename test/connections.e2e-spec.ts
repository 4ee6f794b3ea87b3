import { Client } from 'pg';
import { accountRows, apiRows, approvedBulletin, createUnitTree, registerWithSimulator, wantedBulletin } from './support/factories';
import { TestSystem, waitFor } from './support/system';
import { PLATFORM_REGISTRY } from '@mb/platforms';
import { Platform } from '@mb/vocabulary';

const ACCOUNTS = 1000;
const ROLE = 'mb_test_app_budget';
const FINAL = ['published', 'updated', 'superseded', 'cancelled', 'removed', 'failed', 'declined'];

/**
 * Three api and three worker processes on a role PostgreSQL allows only what their budgets add up
 * to. The budgets are set below the defaults so that the whole test, with a demo running beside it
 * on the same server, stays within PostgreSQL's default 100 connections.
 */
const BUDGET = { api: 8, worker: 13 };
const LIMIT = 3 * BUDGET.api + 3 * BUDGET.worker;

describe('a bounded connection budget', () => {
  let system: TestSystem;
  let peak = 0;
  let sampling: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    system = await TestSystem.start('connections', {
      queueBackend: 'postgres',
      appRole: ROLE,
      apps: ['platform-sim', 'api', 'worker'],
      env: {
        MB_SWEEP_INTERVAL_MS: '500',
        MB_LOG_LEVEL: 'info',
        MB_CONNECTION_BUDGET_API: String(BUDGET.api),
        MB_CONNECTION_BUDGET_WORKER: String(BUDGET.worker),
      },
    });
    // Three api processes and three workers: exactly what the role may have.
    await system.db.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT ${LIMIT}`);
    for (let index = 1; index < 3; index += 1) {
      await system.startApp('api', { MB_API_PORT: String(Number(new URL(system.apiUrl).port) + 1000 + index) });
      await system.startApp('worker');
    }
    const tree = await createUnitTree(system);
    const rows = accountRows(system, tree.countyIds, ACCOUNTS);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).data.created).toBe(ACCOUNTS);
    await registerWithSimulator(system, rows);
    const sample = async () => {
      const {
        rows: [row],
      } = await system.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`, [ROLE]);
      peak = Math.max(peak, row.n);
    };
    sampling = setInterval(() => void sample().catch(() => undefined), 200);
    (system as unknown as { tree: typeof tree }).tree = tree;
  });

  afterAll(async () => {
    if (sampling) clearInterval(sampling);
    await system?.db.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT -1`).catch(() => undefined);
    await system?.stop();
  });

  async function statesOf(id: string): Promise<Record<string, number>> {
    const { rows } = await system.db.query(`SELECT state, count(*)::int AS n FROM delivery WHERE bulletin_id = $1 GROUP BY state`, [id]);
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  }

  async function settled(id: string, accept: (states: Record<string, number>) => boolean): Promise<Record<string, number>> {
    return waitFor(
      'deliveries settled',
      async () => {
        const states = await statesOf(id);
        return accept(states) ? states : undefined;
      },
      150_000,
      500,
    );
  }

  it("completes a 1,000-account fan-out, an update and a withdrawal within three api and three workers' budgets: one post per account, every delivery final", async () => {
    const tree = (system as unknown as { tree: { cityId: string } }).tree;
    const { id, seq } = await approvedBulletin(system, { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '悬赏通缉：连接预算' });
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    await settled(id, (states) => states.published === ACCOUNTS);

    const {
      issuerUnitId: _issuer,
      target: _target,
      ...content
    } = { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '悬赏通缉：连接预算', body: '悬赏金额提高。' } as Record<string, unknown>;
    const proposal = await system.api.post(`/bulletins/${id}/updates`, content);
    expect((await system.reviewer.post(`/bulletins/${id}/updates/${proposal.data.id}/approve`)).status).toBe(202);
    await waitFor('update under way', async () => (((await statesOf(id)).updated ?? 0) > ACCOUNTS * 0.2 ? true : undefined), 120_000, 200);
    expect((await system.reviewer.post(`/bulletins/${id}/withdraw`, { reason: '预算测试撤回' })).status).toBe(202);
    const states = await settled(
      id,
      (found) => Object.keys(found).every((state) => FINAL.includes(state)) && !found.published && !found.updated,
    );
    expect(Object.keys(states).filter((state) => !FINAL.includes(state))).toEqual([]);

    const posts = (
      (await system.sim.get('/_sim/posts')).data as Array<{ platform: string; accountId: string; text: string; deletedAt?: string }>
    ).filter((post) => post.text.includes(`/t/${seq.toString(36)}.`));
    const perAccount = new Map<string, number>();
    // An update on a platform that posts anew leaves two posts; every other account holds one.
    for (const post of posts.filter((candidate) => PLATFORM_REGISTRY[candidate.platform as Platform].updateMode !== 'new_post'))
      perAccount.set(`${post.platform}:${post.accountId}`, (perAccount.get(`${post.platform}:${post.accountId}`) ?? 0) + 1);
    expect([...perAccount.values()].filter((count) => count !== 1)).toEqual([]);
    expect(posts.filter((post) => !post.deletedAt)).toEqual([]);
    expect(peak).toBeLessThanOrEqual(LIMIT);
    expect(system.logs()).not.toMatch(/too many clients|remaining connection slots/);
    // Three apis, three workers, the simulator and the database share two cores here: the whole
    // fan-out, update and take-down of 1,000 accounts is given four minutes, not the suite's two.
  }, 240_000);

  it("states its budget at start, with the server's figures", async () => {
    expect(system.logs()).toMatch(/"budget":13,"orm":4,"queue":9/);
    expect(system.logs()).toMatch(/"budget":8,"orm":6,"queue":2/);
  });

  it('answers 503 with Retry-After, not 500, while PostgreSQL refuses connections', async () => {
    // Every connection the role may have is taken: the api's pool cannot grow and new sign-ins wait for one.
    const holders: Client[] = [];
    try {
      for (let index = 0; index < 80; index += 1) {
        const holder = new Client({ connectionString: system.databaseUrl });
        try {
          await holder.connect();
          holders.push(holder);
        } catch {
          break;
        }
      }
      const {
        rows: [{ n }],
      } = await system.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`, [ROLE]);
      expect(n).toBeGreaterThanOrEqual(LIMIT);
      const answers = await Promise.all(Array.from({ length: 30 }, () => system.api.get('/bulletins')));
      expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
      const refused = answers.filter((answer) => answer.status === 503);
      for (const answer of refused) expect([answer.data.code, Number(answer.headers['retry-after'])]).toEqual(['DATABASE_UNAVAILABLE', 2]);
    } finally {
      await Promise.all(holders.map((holder) => holder.end().catch(() => undefined)));
    }
    await waitFor(
      'the api serves again',
      async () => ((await system.api.get('/bulletins')).status === 200 ? true : undefined),
      15_000,
      250,
    );
  });
});
