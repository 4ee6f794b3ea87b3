import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  publishedToAll,
  registerWithSimulator,
  VALID_ID_NUMBER,
  wantedBulletin,
} from './support/factories';
import { FanOutChecks } from './support/fan-out-checks';
import { TestSystem, waitFor } from './support/system';
import { Platform, PLATFORMS } from '@mb/vocabulary';

const ACCOUNTS = 500;

describe.each(['redis', 'postgres'] as const)('publishing a micro-wanted bulletin (queue backend: %s)', (queueBackend) => {
  let system: TestSystem;
  let rows: ReturnType<typeof accountRows>;
  let bulletinId: string;
  let preview: Array<{ platform: string; text: string; title?: string; warnings: string[] }>;

  beforeAll(async () => {
    system = await TestSystem.start(`fanout_${queueBackend}`, { queueBackend });
    const tree = await createUnitTree(system);
    rows = accountRows(system, tree.countyIds, ACCOUNTS);
    const imported = await system.api.post('/accounts/import', { accounts: apiRows(rows) });
    expect(imported.status).toBe(200);
    expect(imported.data).toMatchObject({ received: ACCOUNTS, created: ACCOUNTS, errors: [] });
    await registerWithSimulator(system, rows);

    bulletinId = (await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]))).id;
    preview = (await system.api.get(`/bulletins/${bulletinId}/preview`)).data;
    const published = await system.api.post(`/bulletins/${bulletinId}/publish`);
    expect(published.status).toBe(202);
    expect(published.data.deliveriesCreated).toBe(ACCOUNTS);
    await waitFor(
      'fan-out to finish',
      async () => {
        const progress = await system.api.get(`/bulletins/${bulletinId}/progress`);
        return progress.data.percentDone === 100 ? progress.data : undefined;
      },
      90_000,
      500,
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('gives every targeted account exactly one post with the rendered text, ID number masked', async () => {
    const posts = (await system.sim.get('/_sim/posts')).data as Array<{ platform: string; accountId: string; text: string }>;
    expect(posts).toHaveLength(ACCOUNTS);
    const postsPerAccount = new Map<string, number>();
    for (const post of posts)
      postsPerAccount.set(`${post.platform}:${post.accountId}`, (postsPerAccount.get(`${post.platform}:${post.accountId}`) ?? 0) + 1);
    for (const row of rows) expect(postsPerAccount.get(`${row.platform}:${row.platformAccountId}`)).toBe(1);
    for (const post of posts) {
      expect(post.text).toContain('张某某');
      expect(post.text).toContain('370681********1234');
      expect(post.text).not.toContain(VALID_ID_NUMBER);
      expect(post.text).toMatch(new RegExp(`${system.apiUrl}/t/[0-9a-z]+\\.[0-9a-z]+\\.[0-9a-z]{6}`));
    }
    const weiboPost = posts.find((post) => post.platform === 'weibo')!;
    expect(weiboPost.text.startsWith('【微通缉】悬赏通缉犯罪嫌疑人张某某')).toBe(true);
  });

  it("posted on every platform what the preview showed, but for each account's own attribution code", async () => {
    const posts = (await system.sim.get('/_sim/posts')).data as Array<{ platform: string; text: string }>;
    const withoutCode = (text: string) => text.replace(/\/([tb])\/[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]{6}/g, '/$1/CODE');
    expect(preview.map((shown) => shown.platform).sort()).toEqual([...PLATFORMS].sort());
    for (const shown of preview) {
      const platformPosts = posts.filter((post) => post.platform === shown.platform);
      expect(platformPosts.length).toBe(rows.filter((row) => row.platform === shown.platform).length);
      for (const post of platformPosts) expect(withoutCode(post.text)).toBe(withoutCode(shown.text));
    }
  });

  it('records every delivery as published with the platform post id', async () => {
    const { rows: deliveries } = await system.db.query(
      `SELECT d.state, d.platform_post_id, d.posted_at, a.platform, a.platform_account_id
       FROM delivery d JOIN account a ON a.id = d.account_id WHERE d.bulletin_id = $1`,
      [bulletinId],
    );
    expect(deliveries).toHaveLength(ACCOUNTS);
    const posts = (await system.sim.get('/_sim/posts')).data as Array<{ id: string; platform: string; accountId: string }>;
    const postIdOf = new Map(posts.map((post) => [`${post.platform}:${post.accountId}`, post.id]));
    for (const delivery of deliveries) {
      expect(delivery.state).toBe('published');
      expect(delivery.posted_at).not.toBeNull();
      // Adapters may wrap the platform's id (WeChat packs article and message ids together).
      expect(delivery.platform_post_id).toContain(postIdOf.get(`${delivery.platform}:${delivery.platform_account_id}`));
    }
  });

  it('reports 100% progress per platform, and the live stream ends on it', async () => {
    const progress = (await system.api.get(`/bulletins/${bulletinId}/progress`)).data;
    expect(progress).toMatchObject({ total: ACCOUNTS, finished: ACCOUNTS, percentDone: 100, byState: { published: ACCOUNTS } });
    for (const platform of PLATFORMS) {
      const accounts = rows.filter((row) => row.platform === platform).length;
      expect(progress.byPlatform[platform]).toMatchObject({ total: accounts, finished: accounts });
    }

    const stream = await system.api.get(`/bulletins/${bulletinId}/progress/stream`, { responseType: 'text', timeout: 10_000 });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const events = String(stream.data)
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)));
    expect(events.at(-1)).toMatchObject({ percentDone: 100, total: ACCOUNTS });
  });

  it('keeps platform credentials out of the database row, the API and the logs', async () => {
    const secrets = rows.flatMap((row) =>
      Object.entries(row.credentials)
        .filter(([field]) => field !== 'url' && !/^(appId|clientKey)$/.test(field))
        .map(([, value]) => value),
    );
    expect(secrets.length).toBeGreaterThan(ACCOUNTS);
    const { rows: stored } = await system.db.query(`SELECT credentials_sealed FROM account`);
    const storedText = stored.map((row) => row.credentials_sealed).join('\n');
    expect(stored).toHaveLength(ACCOUNTS);
    for (const row of stored) expect(row.credentials_sealed).toMatch(/^v1\./);

    const listed = await system.api.get('/accounts', { params: { limit: 1000 } });
    expect(listed.data.total).toBe(ACCOUNTS);
    const listedText = JSON.stringify(listed.data);
    expect(listedText).not.toContain('credentials');
    const logs = system.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(storedText).not.toContain(secret);
      expect(listedText).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

describe('a fan-out over platforms whose posts take different numbers of calls', () => {
  let system: TestSystem;
  let cityId: string;

  beforeAll(async () => {
    system = await TestSystem.start('fanout_calls', { queueBackend: 'redis', env: { MB_WORKER_CONCURRENCY: '2' } });
    const tree = await createUnitTree(system);
    cityId = tree.cityId;
    const rows = accountRows(system, tree.countyIds, 100);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).status).toBe(200);
    await registerWithSimulator(system, rows);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function publishAndWait(bulletin: object): Promise<string> {
    const { id } = await approvedBulletin(system, bulletin);
    await publishedToAll(system, id);
    return id;
  }

  it('ends on WeChat (five calls a post) about when it ends on Weibo and the sites (one call)', async () => {
    await system.sim.put('/_sim/faults', { latencyMs: 100 });
    const id = await publishAndWait(wantedBulletin(cityId, [cityId]));

    const { rows: spans } = await system.db.query(
      `SELECT a.platform, extract(epoch FROM max(d.posted_at) - b.published_at) * 1000 AS ms
       FROM delivery d JOIN account a ON a.id = d.account_id JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.bulletin_id = $1 AND d.state = 'published' GROUP BY a.platform, b.published_at`,
      [id],
    );
    const lastPostMs = Object.fromEntries(spans.map((row) => [row.platform, Number(row.ms)]));
    expect(Object.keys(lastPostMs).sort()).toEqual([...PLATFORMS].sort());
    // 20 accounts each at 100 ms a call: with as many WeChat posts in flight as Weibo's, WeChat would end five times later.
    const oneCallPlatforms = Math.max(lastPostMs.weibo, lastPostMs.webhook);
    expect(lastPostMs.wechat_mp).toBeLessThan(oneCallPlatforms * 2);
    expect(Math.max(lastPostMs.douyin, lastPostMs.toutiao)).toBeLessThan(oneCallPlatforms * 2);
  });
  it("downloads a bulletin's photo once for the 60 posts that upload it (WeChat, Douyin, Toutiao), and all 100 posts go out", async () => {
    await system.sim.put('/_sim/faults', { latencyMs: 0 });
    const downloadsBefore = (await system.sim.get('/_sim/calls')).data.photoDownloads;
    const photo = `${system.simUrl}/_sim/assets/photo.png`;
    const id = await publishAndWait({ ...wantedBulletin(cityId, [cityId]), images: [photo] });

    const { rows } = await system.db.query(`SELECT state, count(*)::int AS count FROM delivery WHERE bulletin_id = $1 GROUP BY state`, [
      id,
    ]);
    expect(rows).toEqual([{ state: 'published', count: 100 }]);
    // WeChat's cover, Douyin's and Toutiao's image: 20 accounts each, one worker process.
    expect((await system.sim.get('/_sim/calls')).data.photoDownloads - downloadsBefore).toBe(1);
  });
});

describe("a platform's call rate, held by the engine across two worker processes on the PostgreSQL backend", () => {
  const RATE = 4;
  const PER_PLATFORM = 40;
  let system: TestSystem;
  let cityId: string;

  beforeAll(async () => {
    system = await TestSystem.start('fanout_rate', {
      queueBackend: 'postgres',
      env: Object.fromEntries(PLATFORMS.map((platform) => [`MB_RATE_${platform.toUpperCase()}`, String(RATE)])),
    });
    await system.startApp('worker');
    const tree = await createUnitTree(system);
    cityId = tree.cityId;
    const rows = accountRows(system, tree.countyIds, PER_PLATFORM * PLATFORMS.length);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).status).toBe(200);
    await registerWithSimulator(system, rows);
    await system.sim.put('/_sim/faults', { latencyMs: 20 });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('posts to each platform no faster than its rate in total, though each worker alone could go at it', async () => {
    const { id } = await approvedBulletin(system, wantedBulletin(cityId, [cityId]));
    await publishedToAll(system, id, 90_000);
    const { rows } = await system.db.query(
      `SELECT a.platform, floor(extract(epoch FROM d.posted_at))::bigint AS second, count(*)::int AS posts
       FROM delivery d JOIN account a ON a.id = d.account_id
       WHERE d.bulletin_id = $1 AND d.state = 'published' GROUP BY 1, 2 ORDER BY 1, 2`,
      [id],
    );
    const bySecond = new Map<string, Map<number, number>>();
    for (const row of rows) {
      const seconds = bySecond.get(row.platform) ?? new Map<number, number>();
      seconds.set(Number(row.second), row.posts);
      bySecond.set(row.platform, seconds);
    }
    expect([...bySecond.keys()].sort()).toEqual([...PLATFORMS].sort());
    const overRate: string[] = [];
    for (const [platform, seconds] of bySecond) {
      const total = [...seconds.values()].reduce((sum, posts) => sum + posts, 0);
      expect(total).toBe(PER_PLATFORM);
      const first = Math.min(...seconds.keys());
      const last = Math.max(...seconds.keys());
      // 40 posts at 4 a second take ten seconds' calls (the first may be recorded a second late); at each worker's own 4 a second, five.
      expect(last - first).toBeGreaterThanOrEqual(PER_PLATFORM / RATE - 2);
      // A call taken in one second may be recorded in the next, so three seconds hold at most four seconds' calls.
      for (let start = first; start <= last; start += 1) {
        const posts = [0, 1, 2].reduce((sum, offset) => sum + (seconds.get(start + offset) ?? 0), 0);
        if (posts > RATE * 4) overRate.push(`${platform}: ${posts} posts in the 3 s from ${start}`);
      }
    }
    expect(overRate).toEqual([]);
  });
});

describe('a fan-out longer than the sweeper waits before it calls a queued delivery lost', () => {
  let system: TestSystem;
  let cityId: string;
  let checks: FanOutChecks;

  beforeAll(async () => {
    system = await TestSystem.start('fanout_backlog', {
      queueBackend: 'redis',
      env: { MB_WORKER_CONCURRENCY: '1', MB_QUEUED_STALE_SECONDS: '1', MB_SWEEP_INTERVAL_MS: '250' },
    });
    const tree = await createUnitTree(system);
    cityId = tree.cityId;
    const rows = accountRows(system, tree.countyIds, 60, [Platform.Weibo]);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).status).toBe(200);
    await registerWithSimulator(system, rows);
    await system.sim.put('/_sim/faults', { latencyMs: 100 });
    checks = new FanOutChecks(system, tree, rows);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('leaves the deliveries still waiting their turn on the queue alone, and each account gets one post', async () => {
    const { id, seq } = await approvedBulletin(system, wantedBulletin(cityId, [cityId]));
    await publishedToAll(system, id);
    // Sixty posts one at a time at 100 ms take six seconds, six times as long as a queued delivery may wait.
    const sweeps = system
      .logs()
      .split('\n')
      .filter((line) => line.includes('"msg":"sweep"'))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { requeued: number });
    expect(sweeps.filter((sweep) => sweep.requeued > 0)).toEqual([]);
    expect(await checks.statesOf(id)).toEqual({ published: 60 });
    expect(await checks.doubledAndMissing(seq)).toEqual({ doubled: [], missing: [] });
  });
});
