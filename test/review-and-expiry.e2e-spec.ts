import { type AxiosInstance } from 'axios';
import {
  approvedBulletin,
  createUnitTree,
  platformAccount,
  registerWithSimulator,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';
import { Platform } from '@mb/vocabulary';

const UNFINISHED = ['pending', 'queued', 'publishing', 'retry_wait', 'unconfirmed', 'updating', 'removing'];

describe('county review of reposts, and expiry', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let operator: AxiosInstance;
  let clockOffsetMs = 0;
  const reviewed: string[] = [];
  const automatic: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start('review', {
      queueBackend: 'postgres',
      env: { MB_TEST_HOOKS: 'true', MB_SWEEP_INTERVAL_MS: '300', MB_REVIEW_WINDOW_MINUTES: '30' },
    });
    tree = await createUnitTree(system);
    const accounts = Array.from({ length: 8 }, (_, index) => ({
      ...platformAccount(Platform.Webhook, 900 + index, system.simUrl),
      followers: 5000,
    }));
    const rows = accounts.map((account, index) => {
      const { simCredentials: _sim, ...row } = account;
      return { ...row, unitId: tree.countyIds[0], displayName: `龙口账号${index}`, repostPolicy: index < 6 ? 'review' : 'auto' };
    });
    expect((await system.api.post('/accounts/import', { accounts: rows })).data.created).toBe(8);
    await registerWithSimulator(system, accounts);
    const listed = (await system.api.get('/accounts', { params: { unitId: tree.countyIds[0], limit: 100 } })).data.items as Array<{
      id: string;
      repostPolicy: string;
    }>;
    for (const account of listed) (account.repostPolicy === 'review' ? reviewed : automatic).push(account.id);
    operator = await system.clientFor('unit_operator', tree.countyIds[0]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function advanceClock(minutes: number): Promise<string> {
    clockOffsetMs += minutes * 60_000;
    return (await system.api.put('/test-clock', { offsetMs: clockOffsetMs })).data.now;
  }

  async function stateByAccount(bulletinId: string): Promise<Map<string, string>> {
    const { rows } = await system.db.query(
      `SELECT account_id, state FROM delivery WHERE bulletin_id = $1 AND version = (SELECT current_version FROM bulletin WHERE id = $1)`,
      [bulletinId],
    );
    return new Map(rows.map((row) => [row.account_id, row.state]));
  }

  async function idle(bulletinId: string): Promise<void> {
    await waitFor(
      'idle',
      async () => {
        const { rows } = await system.db.query(`SELECT count(*)::int AS open FROM delivery WHERE bulletin_id = $1 AND state = ANY ($2)`, [
          bulletinId,
          UNFINISHED,
        ]);
        return rows[0].open === 0 ? true : undefined;
      },
      30_000,
      200,
    );
  }

  async function publish(body: object): Promise<string> {
    const { id } = await approvedBulletin(system, body);
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    return id;
  }

  it('holds review accounts for their operator: approved ones post, declined ones never, the rest follow the fallback when the window closes', async () => {
    const id = await publish(wantedBulletin(tree.cityId, [tree.countyIds[0]]));
    await idle(id);
    let states = await stateByAccount(id);
    for (const account of automatic) expect(states.get(account)).toBe('published');
    for (const account of reviewed) expect(states.get(account)).toBe('awaiting_review');

    const waiting = (await operator.get('/reposts')).data as Array<{ id: string; accountId: string; bulletinId: string }>;
    const mine = waiting.filter((item) => item.bulletinId === id);
    expect(mine.map((item) => item.accountId).sort()).toEqual([...reviewed].sort());
    const outsider = await system.clientFor('unit_operator', tree.countyIds[1]);
    expect((await outsider.get('/reposts')).data.filter((item: { bulletinId: string }) => item.bulletinId === id)).toEqual([]);
    expect((await outsider.post(`/reposts/${mine[0].id}/approve`)).status).toBe(404);

    for (const item of mine.slice(0, 2)) expect((await operator.post(`/reposts/${item.id}/approve`)).data.state).toBe('pending');
    for (const item of mine.slice(2, 4)) expect((await operator.post(`/reposts/${item.id}/decline`)).data.state).toBe('declined');
    expect((await operator.post(`/reposts/${mine[2].id}/approve`)).status).toBe(404);
    await idle(id);
    states = await stateByAccount(id);
    expect(mine.slice(0, 2).map((item) => states.get(item.accountId))).toEqual(['published', 'published']);
    expect(mine.slice(2, 6).map((item) => states.get(item.accountId))).toEqual([
      'declined',
      'declined',
      'awaiting_review',
      'awaiting_review',
    ]);

    await advanceClock(29);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await stateByAccount(id)).get(mine[4].accountId)).toBe('awaiting_review');
    await advanceClock(2);
    await waitFor(
      'the window to close',
      async () => ((await stateByAccount(id)).get(mine[4].accountId) === 'published' ? true : undefined),
      20_000,
      200,
    );
    await idle(id);
    states = await stateByAccount(id);
    expect(mine.slice(4).map((item) => states.get(item.accountId))).toEqual(['published', 'published']);
    for (const item of mine.slice(2, 4)) {
      const site = (await system.api.get(`/accounts/${item.accountId}`)).data.platformAccountId;
      const posts = (await system.sim.get(`/_sim/accounts/webhook/${site}/posts`)).data as Array<{ title: string }>;
      expect(posts.filter((post) => post.title === '悬赏通缉犯罪嫌疑人张某某')).toEqual([]);
    }

    // With fallback "skip" the unit's unreviewed reposts are declined instead.
    expect(
      (await operator.patch(`/units/${tree.countyIds[0]}/review-settings`, { reviewFallback: 'skip', reviewWindowMinutes: 10 })).status,
    ).toBe(200);
    const second = await publish({ ...wantedBulletin(tree.cityId, [tree.countyIds[0]]), title: '第二条：复核后跳过' });
    await idle(second);
    await advanceClock(11);
    await waitFor(
      'the fallback',
      async () => {
        const current = await stateByAccount(second);
        return reviewed.every((account) => current.get(account) === 'declined') ? true : undefined;
      },
      20_000,
      200,
    );
  });

  it('lets urgent bulletins skip review unless the unit opted out', async () => {
    const missingChild = {
      kind: 'missing_person',
      title: '紧急寻人：老人走失',
      body: '患有阿尔茨海默症的老人走失。',
      issuerUnitId: tree.countyIds[0],
      target: { unitIds: [tree.countyIds[0]] },
      missingPerson: {
        person: { name: '王大爷', sex: 'male', age: 78, vulnerabilities: ['dementia'] },
        lastSeen: { at: '2026-11-23T01:00:00Z', place: '龙口市东莱街道', latitude: 37.64, longitude: 120.47 },
        guardianContact: '13900000000',
      },
    };
    const urgent = await publish(missingChild);
    await idle(urgent);
    const states = await stateByAccount(urgent);
    for (const account of [...reviewed, ...automatic]) expect(states.get(account)).toBe('published');

    expect((await operator.patch(`/units/${tree.countyIds[0]}/review-settings`, { urgentOptOut: true })).status).toBe(200);
    const optedOut = await publish({ ...missingChild, title: '紧急寻人：退出紧急直发' });
    await idle(optedOut);
    const after = await stateByAccount(optedOut);
    for (const account of reviewed) expect(after.get(account)).toBe('awaiting_review');
    for (const account of automatic) expect(after.get(account)).toBe('published');
  });

  it('at the end of validity marks every live post expired, or takes every post down, as the bulletin says', async () => {
    const now = await advanceClock(0);
    const validUntil = new Date(Date.parse(now) + 60 * 60_000).toISOString();
    const marked = await publish({
      ...wantedBulletin(tree.cityId, [tree.countyIds[0]], ['webhook']),
      title: '到期后标注',
      validUntil,
      onExpiry: 'mark',
    });
    const removed = await publish({
      ...wantedBulletin(tree.cityId, [tree.countyIds[0]], ['webhook']),
      title: '到期后撤下',
      validUntil,
      onExpiry: 'remove',
    });
    await idle(marked);
    await idle(removed);
    await advanceClock(61);
    for (const id of [marked, removed]) {
      await waitFor(
        'expiry',
        async () => ((await system.api.get(`/bulletins/${id}`)).data.status === 'expired' ? true : undefined),
        20_000,
        200,
      );
      await idle(id);
    }
    const posts = (await system.sim.get('/_sim/posts', { params: { platform: 'webhook' } })).data as Array<{
      title: string;
      text: string;
      deletedAt?: string;
    }>;
    const markedPosts = posts.filter((post) => post.title === '到期后标注');
    const removedPosts = posts.filter((post) => post.title === '到期后撤下');
    expect(markedPosts.length).toBeGreaterThan(0);
    expect(removedPosts.length).toBe(markedPosts.length);
    for (const post of markedPosts) {
      expect(post.deletedAt).toBeUndefined();
      expect(post.text).toContain('【已过期】');
    }
    for (const post of removedPosts) expect(post.deletedAt).toBeDefined();
  });
});
