import { Client } from 'pg';
import { PLATFORMS } from '@mb/vocabulary';

import { accountRows, apiRows, createUnitTree, registerWithSimulator, type UnitTree } from './support/factories';
import { FAULT_TEST_ENV, FanOutChecks } from './support/fan-out-checks';
import { ensureRedisRunning, restartRedis } from './support/services';
import { TestSystem, waitFor } from './support/system';

const ACCOUNTS = 2000;

describe('reliable delivery under faults injected for real', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let rows: ReturnType<typeof accountRows>;
  let checks: FanOutChecks;

  beforeAll(async () => {
    await ensureRedisRunning();
    system = await TestSystem.start('reliability', {
      queueBackend: 'redis',
      env: FAULT_TEST_ENV,
    });
    tree = await createUnitTree(system);
    rows = accountRows(system, tree.countyIds, ACCOUNTS);
    const imported = await system.api.post('/accounts/import', { accounts: apiRows(rows) });
    expect(imported.data.created).toBe(ACCOUNTS);
    await registerWithSimulator(system, rows);
    checks = new FanOutChecks(system, tree, rows);
  });

  afterAll(async () => {
    await ensureRedisRunning();
    await system?.stop();
  });

  async function faultEveryPlatform(rule: Record<string, unknown>): Promise<void> {
    for (const platform of PLATFORMS) await system.sim.put('/_sim/faults', { platform, ...rule });
  }

  beforeEach(async () => {
    await system.sim.put('/_sim/faults', {
      latencyMs: 60,
      jitterMs: 20,
      errorRate: 0,
      dropRate: 0,
      rateLimitPerSecond: 0,
      bannedWords: [],
    });
    await faultEveryPlatform({ errorRate: 0, dropRate: 0, rateLimitPerSecond: 0, bannedWords: [] });
  });

  /**
   * Two deliveries of a bulletin that id order and the table's own order have the other way round:
   * claims lock their rows in id order, a statement without an order locks them in table order.
   */
  async function rowsInOppositeOrders(bulletinId: string): Promise<{ low: { id: string }; high: { id: string } }> {
    // A row changed after the others (a retry, say) moves behind them in the table.
    await system.db.query(
      `UPDATE delivery SET updated_at = now() WHERE id = (SELECT id FROM delivery WHERE bulletin_id = $1 ORDER BY id LIMIT 1)`,
      [bulletinId],
    );
    const { rows: deliveries } = await system.db.query(`SELECT id, ctid::text AS ctid FROM delivery WHERE bulletin_id = $1 ORDER BY id`, [
      bulletinId,
    ]);
    const placeOf = (ctid: string) =>
      ctid
        .slice(1, -1)
        .split(',')
        .map(Number)
        .reduce((page, item) => page * 65536 + item);
    const lowIndex = deliveries.findIndex((low, index) =>
      deliveries.slice(index + 1).some((high) => placeOf(high.ctid) < placeOf(low.ctid)),
    );
    expect(lowIndex).toBeGreaterThanOrEqual(0);
    const low = deliveries[lowIndex];
    return { low, high: deliveries.slice(lowIndex + 1).find((row) => placeOf(row.ctid) < placeOf(low.ctid)) };
  }

  /**
   * Holds `first` as a claim does, makes the request, waits until its statement (starting with
   * `statementStart`) waits for that row, then takes `then` too and lets both go; the request's answer.
   */
  async function claimAcross<T>(first: string, then: string, request: () => Promise<T>, statementStart: string): Promise<T> {
    const claim = new Client({ connectionString: system.databaseUrl });
    try {
      await claim.connect();
      await claim.query('BEGIN');
      await claim.query('SELECT id FROM delivery WHERE id = $1 FOR UPDATE', [first]);
      const answer = request();
      await waitFor(
        'the statement to wait for the claimed row',
        async () => {
          const { rows: waiting } = await system.db.query(
            `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
            [`${statementStart}%`],
          );
          return waiting[0].count > 0 ? true : undefined;
        },
        10_000,
        50,
      );
      // The claim goes on to its next row, as a claim of many deliveries does; the database must not pick a deadlock victim.
      await claim.query('SELECT id FROM delivery WHERE id = $1 FOR UPDATE', [then]);
      await claim.query('COMMIT');
      return await answer;
    } finally {
      await claim.end().catch(() => undefined);
    }
  }

  it('1. a worker killed with SIGKILL mid fan-out: once restarted, every account has exactly one post', async () => {
    const run = await checks.throughFault(
      '悬赏通缉：工作进程被杀',
      () => system.kill('worker', 'SIGKILL'),
      () => system.startApp('worker'),
    );
    expect(run.shareAfterFault).toBeLessThan(1);
    expect(run.states).toEqual({ published: ACCOUNTS });
    expect(run.posts).toEqual({ doubled: [], missing: [] });
  });

  it('2. Redis restarted mid fan-out (every job lost): once the sweeper has run, every account has exactly one post', async () => {
    const run = await checks.throughFault('悬赏通缉：Redis重启', restartRedis, ensureRedisRunning);
    expect(run.states).toEqual({ published: ACCOUNTS });
    expect(run.posts).toEqual({ doubled: [], missing: [] });
  });

  it('3. every database connection terminated mid fan-out: every account has exactly one post', async () => {
    const bulletin = await checks.publish('悬赏通缉：数据库连接中断');
    await checks.waitUntilShare(bulletin.id, 0.2);
    const admin = new Client({ connectionString: system.databaseUrl });
    await admin.connect();
    try {
      const { rows: killed } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> $1`,
        [(system.db as unknown as { processID: number }).processID],
      );
      expect(killed.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await checks.waitUntilIdle(bulletin.id);
    expect(await checks.statesOf(bulletin.id)).toEqual({ published: ACCOUNTS });
    expect(await checks.doubledAndMissing(bulletin.seq)).toEqual({ doubled: [], missing: [] });
  });

  it('4. 30% of answers 503 and bursts of 429: all delivered, none twice, no account called again before its Retry-After', async () => {
    await faultEveryPlatform({ errorRate: 0.3 });
    await system.sim.put('/_sim/faults', { platform: 'weibo', rateLimitPerSecond: 10 });
    await system.sim.put('/_sim/faults', { platform: 'webhook', rateLimitPerSecond: 10 });
    const callsBefore = (await system.sim.get('/_sim/calls')).data.log.length;
    const bulletin = await checks.publish('悬赏通缉：平台故障');
    await checks.waitUntilIdle(bulletin.id);
    expect(await checks.statesOf(bulletin.id)).toEqual({ published: ACCOUNTS });
    expect(await checks.doubledAndMissing(bulletin.seq)).toEqual({ doubled: [], missing: [] });

    const calls = (await system.sim.get('/_sim/calls')).data.log.slice(callsBefore) as Array<{
      platform: string;
      accountId?: string;
      at: number;
      answered: string;
    }>;
    expect(calls.filter((call) => call.answered === 'rate_limited').length).toBeGreaterThan(0);
    expect(calls.filter((call) => call.answered === 'unavailable').length).toBeGreaterThan(0);
    const early: string[] = [];
    const lastLimited = new Map<string, number>();
    for (const call of calls.filter((candidate) => candidate.accountId)) {
      const key = `${call.platform}:${call.accountId}`;
      const limitedAt = lastLimited.get(key);
      // Retry-After is 1 s; the simulator stamps a call after its latency, so allow that much slack.
      if (limitedAt !== undefined && call.at < limitedAt + 1000 - 100) early.push(`${key} ${call.at - limitedAt} ms`);
      if (call.answered === 'rate_limited') lastLimited.set(key, call.at);
      else lastLimited.delete(key);
    }
    expect(early).toEqual([]);
  });

  it('5. 5% of answers lost after the post was made: no account ends with two posts; unconfirmed deliveries are reconciled', async () => {
    await faultEveryPlatform({ dropRate: 0.05 });
    const reconciledBefore = (system.logs().match(/unconfirmed delivery reconciled/g) ?? []).length;
    const bulletin = await checks.publish('悬赏通缉：应答丢失');
    await checks.waitUntilIdle(bulletin.id);
    expect(await checks.statesOf(bulletin.id)).toEqual({ published: ACCOUNTS });
    expect(await checks.doubledAndMissing(bulletin.seq)).toEqual({ doubled: [], missing: [] });
    const reconciled = (system.logs().match(/unconfirmed delivery reconciled/g) ?? []).length - reconciledBefore;
    expect(reconciled).toBeGreaterThan(0);
  });

  it('6. withdrawn mid fan-out: no live post remains, and none is created later', async () => {
    const bulletin = await checks.publish('悬赏通缉：中途撤回');
    await checks.waitUntilShare(bulletin.id, 0.2);
    const withdrawn = await system.api.post(`/bulletins/${bulletin.id}/withdraw`, { reason: '信息有误，撤回重发' });
    expect(withdrawn.status).toBe(202);
    expect(withdrawn.data.bulletin.status).toBe('withdrawn');
    await checks.waitUntilIdle(bulletin.id);
    const live = () => checks.postsOf(bulletin.seq).then((byAccount) => [...byAccount.values()].flat().filter((post) => !post.deletedAt));
    expect(await live()).toEqual([]);
    const made = [...(await checks.postsOf(bulletin.seq)).values()].flat().length;
    expect(made).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await live()).toEqual([]);
    expect([...(await checks.postsOf(bulletin.seq)).values()].flat().length).toBe(made);
    const states = await checks.statesOf(bulletin.id);
    expect(Object.keys(states).sort()).toEqual(expect.arrayContaining(['cancelled', 'removed']));
    expect(Object.keys(states).filter((state) => !['cancelled', 'removed'].includes(state))).toEqual([]);
  });

  it('6c. withdrawn at about 40% while 30% of answers are 503: every delivery ends final within a few sweeps, and progress reaches 100%', async () => {
    await faultEveryPlatform({ errorRate: 0.3 });
    const bulletin = await checks.publish('悬赏通缉：故障中撤回');
    await checks.waitUntilShare(bulletin.id, 0.4);
    expect((await system.api.post(`/bulletins/${bulletin.id}/withdraw`, { reason: '故障中撤回' })).status).toBe(202);
    await checks.waitUntilIdle(bulletin.id, 60_000);
    const states = await checks.statesOf(bulletin.id);
    expect(Object.keys(states).filter((state) => !['cancelled', 'removed', 'failed'].includes(state))).toEqual([]);
    expect(Object.values(states).reduce((sum, count) => sum + count, 0)).toBe(ACCOUNTS);
    const progress = (await system.reviewer.get(`/bulletins/${bulletin.id}/progress`)).data;
    expect(progress.percentDone).toBe(100);
    await faultEveryPlatform({ errorRate: 0 });
    const live = [...(await checks.postsOf(bulletin.seq)).values()].flat().filter((post) => !post.deletedAt);
    expect(live).toEqual([]);
  });

  it('6b. a withdrawal meeting a claim in progress waits for it instead of deadlocking with it', async () => {
    await system.kill('worker', 'SIGTERM');
    try {
      const bulletin = await checks.publish('悬赏通缉：撤回遇上认领');
      const { low, high } = await rowsInOppositeOrders(bulletin.id);
      const withdrawn = await claimAcross(
        low.id,
        high.id,
        () => system.api.post(`/bulletins/${bulletin.id}/withdraw`, { reason: '信息有误，撤回重发' }),
        'UPDATE delivery SET state = $4, next_attempt_at = NULL',
      );
      expect(withdrawn.status).toBe(202);
      expect(await checks.statesOf(bulletin.id)).toEqual({ cancelled: ACCOUNTS });
    } finally {
      await system.startApp('worker');
    }
  });

  it('7. two worker processes on one fan-out: no duplicates, and it finishes faster than with one', async () => {
    await system.sim.put('/_sim/faults', { latencyMs: 150, jitterMs: 0 });
    const latencyBound = { MB_WORKER_CONCURRENCY: '4' };
    const selected = rows.filter((row) => row.platform === 'weibo' || row.platform === 'webhook');
    const timeFanOut = async (title: string) => {
      const started = Date.now();
      const bulletin = await checks.publish(title, ['weibo', 'webhook']);
      await checks.waitUntilIdle(bulletin.id);
      const elapsed = Date.now() - started;
      expect(await checks.statesOf(bulletin.id)).toEqual({ published: selected.length });
      expect(await checks.doubledAndMissing(bulletin.seq, selected)).toEqual({ doubled: [], missing: [] });
      return elapsed;
    };
    let withOne: number;
    let withTwo: number;
    try {
      await system.kill('worker', 'SIGTERM');
      await system.startApp('worker', latencyBound);
      withOne = await timeFanOut('悬赏通缉：单个工作进程');
      await system.startApp('worker', latencyBound);
      withTwo = await timeFanOut('悬赏通缉：两个工作进程');
    } finally {
      await system.kill('worker', 'SIGTERM');
      await system.startApp('worker');
    }
    expect(withTwo).toBeLessThan(withOne * 0.8);
  });

  it('8. a failed delivery shows in the dead-letter API with its reason, and a manual retry posts it once', async () => {
    const victim = rows.find((row) => row.platform === 'douyin')!;
    await system.sim.put('/_sim/faults', { platform: 'douyin', accountId: victim.platformAccountId, bannedWords: ['张某某'] });
    const bulletin = await checks.publish('悬赏通缉：死信重试');
    await checks.waitUntilIdle(bulletin.id);
    expect(await checks.statesOf(bulletin.id)).toEqual({ published: ACCOUNTS - 1, failed: 1 });

    const letters = await system.api.get('/deliveries/dead-letters', { params: { bulletinId: bulletin.id, platform: 'douyin' } });
    expect(letters.status).toBe(200);
    expect(letters.data.total).toBe(1);
    expect(letters.data.items[0]).toMatchObject({ errorCode: 'REJECTED', platform: 'douyin', accountName: expect.any(String) });
    expect(letters.data.items[0].reason).toContain('content violates community rules');
    expect(
      (await system.api.get('/deliveries/dead-letters', { params: { bulletinId: bulletin.id, errorCode: 'TRANSIENT' } })).data.total,
    ).toBe(0);

    await system.sim.put('/_sim/faults', { platform: 'douyin', accountId: victim.platformAccountId, bannedWords: [] });
    const retried = await system.api.post('/deliveries/dead-letters/retry', { deliveryIds: [letters.data.items[0].id] });
    expect(retried.data).toEqual({ retried: 1 });
    await checks.waitUntilIdle(bulletin.id);
    expect(await checks.statesOf(bulletin.id)).toEqual({ published: ACCOUNTS });
    expect(await checks.doubledAndMissing(bulletin.seq)).toEqual({ doubled: [], missing: [] });
    expect((await system.api.get('/deliveries/dead-letters', { params: { bulletinId: bulletin.id } })).data.total).toBe(0);
  });

  it('8b. a retry of dead letters meeting another change of them in progress waits for it instead of deadlocking with it', async () => {
    await system.kill('worker', 'SIGTERM');
    try {
      const bulletin = await checks.publish('悬赏通缉：死信重试遇上认领');
      await system.db.query(
        `UPDATE delivery SET state = 'failed', last_error_code = 'REJECTED', last_error_reason = 'content violates community rules' WHERE bulletin_id = $1`,
        [bulletin.id],
      );
      const { low, high } = await rowsInOppositeOrders(bulletin.id);
      const retried = await claimAcross(
        low.id,
        high.id,
        () => system.api.post('/deliveries/dead-letters/retry', { bulletinId: bulletin.id, note: '规则已更正' }),
        'UPDATE delivery t',
      );
      expect(retried.status).toBeLessThan(300);
      expect(retried.data).toEqual({ retried: ACCOUNTS });
      expect(await checks.statesOf(bulletin.id)).toEqual({ pending: ACCOUNTS });
    } finally {
      await system.startApp('worker');
    }
  });
});
