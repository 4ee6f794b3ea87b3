import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  registerWithSimulator,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';
import { PLATFORM_REGISTRY } from '@mb/platforms';

const ACCOUNTS = 100;
const UNFINISHED = ['pending', 'queued', 'publishing', 'retry_wait', 'unconfirmed', 'updating', 'removing'];

type SimPost = {
  id: string;
  platform: string;
  accountId: string;
  text: string;
  title?: string;
  deletedAt?: string;
  edits: unknown[];
  followUps: Array<{ text: string }>;
};

describe('updates, resolutions and withdrawals reach every post', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let rows: ReturnType<typeof accountRows>;

  beforeAll(async () => {
    system = await TestSystem.start('propagation', {
      queueBackend: 'postgres',
      env: {
        MB_SWEEP_INTERVAL_MS: '500',
        MB_RECONCILE_AFTER_SECONDS: '1',
        MB_RETRY_BASE_DELAY_MS: '100',
        MB_RETRY_MAX_DELAY_MS: '1000',
        MB_BREAKER_FAILURE_THRESHOLD: '3',
        MB_BREAKER_COOLDOWN_SECONDS: '2',
      },
    });
    tree = await createUnitTree(system);
    rows = accountRows(system, tree.countyIds, ACCOUNTS);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).data.created).toBe(ACCOUNTS);
    await registerWithSimulator(system, rows);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function idle(bulletinId: string): Promise<void> {
    await waitFor(
      'idle',
      async () => {
        const { rows: open } = await system.db.query(
          `SELECT count(*)::int AS open FROM delivery WHERE bulletin_id = $1 AND state = ANY ($2)`,
          [bulletinId, UNFINISHED],
        );
        return open[0].open === 0 ? true : undefined;
      },
      90_000,
      200,
    );
  }

  /** An update as the province makes one: written by one person (the admin here), approved by a reviewer. */
  async function proposeAndApprove(id: string, update: object) {
    const proposed = await system.api.post(`/bulletins/${id}/updates`, update);
    expect(proposed.status).toBe(201);
    return system.reviewer.post(`/bulletins/${id}/updates/${proposed.data.id}/approve`);
  }

  async function postsOf(seq: number): Promise<SimPost[]> {
    const posts = (await system.sim.get('/_sim/posts')).data as SimPost[];
    return posts.filter((post) => post.text.includes(`/t/${seq.toString(36)}.`));
  }

  async function states(bulletinId: string, version?: number): Promise<Record<string, number>> {
    const { rows: found } = await system.db.query(
      `SELECT state, count(*)::int AS count FROM delivery WHERE bulletin_id = $1 AND ($2::int IS NULL OR version = $2) GROUP BY state`,
      [bulletinId, version ?? null],
    );
    return Object.fromEntries(found.map((row) => [row.state, row.count]));
  }

  it('an update edits or follows up every live post, a resolution marks every one, a withdrawal takes all down', async () => {
    const { id, seq } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
    await system.reviewer.post(`/bulletins/${id}/publish`);
    await idle(id);
    expect(await states(id, 1)).toEqual({ published: ACCOUNTS });

    const update = { ...wantedBulletin(tree.cityId, [tree.cityId]), body: '悬赏金额提高至十万元，欢迎群众踊跃提供线索。' };
    delete (update as Record<string, unknown>).issuerUnitId;
    delete (update as Record<string, unknown>).target;
    const updated = await proposeAndApprove(id, update);
    expect(updated.status).toBe(202);
    expect(updated.data.bulletin).toMatchObject({ status: 'updated', currentVersion: 2 });
    await idle(id);
    expect(await states(id, 2)).toEqual({ updated: ACCOUNTS });

    let posts = await postsOf(seq);
    const perAccount = new Map<string, SimPost[]>();
    for (const post of posts)
      perAccount.set(`${post.platform}:${post.accountId}`, [...(perAccount.get(`${post.platform}:${post.accountId}`) ?? []), post]);
    for (const row of rows) {
      const own = perAccount.get(`${row.platform}:${row.platformAccountId}`) ?? [];
      const updates = PLATFORM_REGISTRY[row.platform].updateMode;
      if (updates === 'edit') {
        expect(own).toHaveLength(1);
        expect(own[0].text).toContain('十万元');
        expect(own[0].edits).toHaveLength(1);
      } else if (updates === 'new_post') {
        expect(own).toHaveLength(2);
        expect(own[1].title).toContain('【更新】');
      } else {
        expect(own).toHaveLength(1);
        expect(own[0].followUps.map((followUp) => followUp.text).join()).toContain('十万元');
      }
    }
    // An edited post (or one commented on) now belongs to the newer delivery; a follow-up article leaves both live.
    const postingAnew = rows.filter((row) => PLATFORM_REGISTRY[row.platform].updateMode === 'new_post').length;
    expect(await states(id, 1)).toEqual({ superseded: ACCOUNTS - postingAnew, published: postingAnew });

    const proposedResolution = await system.api.post(`/bulletins/${id}/resolve`, {
      outcome: 'arrested',
      note: '犯罪嫌疑人已于11月20日落网',
    });
    expect(proposedResolution.status).toBe(202);
    // A note is public writing: the bulletin stays live until a second person approves it.
    expect(proposedResolution.data.bulletin.status).toBe('updated');
    expect(proposedResolution.data.proposal).toMatchObject({ kind: 'resolution', status: 'pending' });
    const resolved = await system.reviewer.post(`/bulletins/${id}/updates/${proposedResolution.data.proposal.id}/approve`);
    expect(resolved.status).toBe(202);
    expect(resolved.data.bulletin.status).toBe('resolved');
    await idle(id);
    posts = await postsOf(seq);
    for (const row of rows.filter((candidate) => PLATFORM_REGISTRY[candidate.platform].updateMode === 'edit')) {
      const own = posts.filter((post) => post.platform === row.platform && post.accountId === row.platformAccountId);
      expect(own[0].text).toContain('【已结案：犯罪嫌疑人已落网】');
    }
    for (const row of rows.filter((candidate) => PLATFORM_REGISTRY[candidate.platform].updateMode === 'comment')) {
      const own = posts.find((post) => post.platform === row.platform && post.accountId === row.platformAccountId)!;
      expect(own.followUps.at(-1)!.text).toContain('已结案');
    }

    const withdrawn = await system.api.post(`/bulletins/${id}/withdraw`, { reason: '案件已办结，撤下全部通报' });
    expect(withdrawn.status).toBe(202);
    await idle(id);
    posts = await postsOf(seq);
    expect(posts.filter((post) => !post.deletedAt)).toEqual([]);
  });

  it('nothing written after the first publish goes out before a second person approves it: updates and resolution notes', async () => {
    const { id, seq } = await approvedBulletin(system, {
      ...wantedBulletin(tree.cityId, [tree.cityId], ['webhook']),
      title: '悬赏通缉：四眼原则',
    });
    await system.reviewer.post(`/bulletins/${id}/publish`);
    await idle(id);
    const {
      issuerUnitId: _issuer,
      target: _target,
      ...live
    } = { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '悬赏通缉：四眼原则' } as Record<string, any>;
    const forged = {
      ...live,
      body: '嫌疑人已改名，请拨打新热线。',
      wanted: { ...live.wanted, suspect: { ...live.wanted.suspect, name: '李某某' }, offence: '诈骗', contactLine: '0535-0000000' },
    };

    const proposed = await system.reviewer.post(`/bulletins/${id}/updates`, forged);
    expect(proposed.status).toBe(201);
    expect(proposed.data.changes.map((change: { field: string }) => change.field).sort()).toEqual([
      'body',
      'wanted.contactLine',
      'wanted.offence',
      'wanted.suspect.name',
    ]);
    expect(proposed.data.changes.find((change: { field: string }) => change.field === 'wanted.suspect.name')).toMatchObject({
      before: '张某某',
      after: '李某某',
    });
    // Nothing changed on any post, and the author cannot approve their own change.
    expect((await system.api.get(`/bulletins/${id}`)).data.currentVersion).toBe(1);
    expect((await postsOf(seq)).some((post) => post.text.includes('李某某'))).toBe(false);
    const own = await system.reviewer.post(`/bulletins/${id}/updates/${proposed.data.id}/approve`);
    expect([own.status, own.data.code]).toEqual([403, 'BULLETIN_OWN_REVIEW']);
    expect((await system.reviewer.post(`/bulletins/${id}/updates`, forged)).data.code).toBe('BULLETIN_PROPOSAL_PENDING');

    // A second person turns it down: the live version stays.
    const rejected = await system.api.post(`/bulletins/${id}/updates/${proposed.data.id}/reject`, { reason: '热线号码不对' });
    expect(rejected.data).toMatchObject({ status: 'rejected', reason: '热线号码不对' });
    expect((await system.api.post(`/bulletins/${id}/updates/${proposed.data.id}/approve`)).data.code).toBe('BULLETIN_PROPOSAL_DECIDED');
    expect((await system.api.get(`/bulletins/${id}`)).data.currentVersion).toBe(1);

    // Proposed again and approved by someone else: one call, and it reaches every post.
    const again = await system.reviewer.post(`/bulletins/${id}/updates`, { ...live, body: '悬赏金额提高至二十万元。' });
    const approved = await system.api.post(`/bulletins/${id}/updates/${again.data.id}/approve`);
    expect(approved.status).toBe(202);
    expect(approved.data.bulletin).toMatchObject({ status: 'updated', currentVersion: 2 });
    await idle(id);
    expect((await postsOf(seq)).every((post) => post.text.includes('二十万元'))).toBe(true);
    const audit = (await system.api.get('/audit', { params: { entityType: 'bulletin', entityId: id } })).data.items as Array<{
      action: string;
      after: Record<string, any>;
    }>;
    expect(audit.find((event) => event.action === 'bulletin.updated')?.after).toMatchObject({
      proposalId: again.data.id,
      changedFields: ['body'],
    });
    const versions = (await system.api.get(`/bulletins/${id}/versions`)).data as Array<{ version: number; createdBy: string }>;
    const proposer = (await system.reviewer.get('/auth/me')).data.userId;
    expect(versions.find((version) => version.version === 2)?.createdBy).toBe(proposer);

    // A resolution's note waits the same way; the structured outcome alone goes at once.
    const noted = await system.reviewer.post(`/bulletins/${id}/resolve`, { outcome: 'arrested', note: '嫌疑人已落网，另有同伙在逃' });
    expect(noted.data.bulletin.status).toBe('updated');
    expect((await system.reviewer.post(`/bulletins/${id}/updates/${noted.data.proposal.id}/approve`)).status).toBe(403);
    expect((await system.api.post(`/bulletins/${id}/updates/${noted.data.proposal.id}/reject`, { reason: '措辞不当' })).status).toBe(200);
    const plain = await system.reviewer.post(`/bulletins/${id}/resolve`, { outcome: 'arrested' });
    expect([plain.status, plain.data.bulletin.status, plain.data.proposal]).toEqual([202, 'resolved', null]);
  });

  it("lists a bulletin's deliveries, filtered by state and platform, a page at a time", async () => {
    const { id } = await approvedBulletin(system, { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '悬赏通缉：投递清单' });
    await system.reviewer.post(`/bulletins/${id}/publish`);
    await idle(id);
    const all = await system.reviewer.get(`/bulletins/${id}/deliveries`);
    expect(all.status).toBe(200);
    expect(all.data.total).toBe(ACCOUNTS);
    expect(all.data.items).toHaveLength(ACCOUNTS);
    const weibo = (
      await system.reviewer.get(`/bulletins/${id}/deliveries`, { params: { platform: 'weibo', state: 'published', limit: 5, offset: 0 } })
    ).data;
    expect(weibo.total).toBe(rows.filter((row) => row.platform === 'weibo').length);
    expect(weibo.items).toHaveLength(5);
    expect(weibo.items.every((item: { platform: string; state: string }) => item.platform === 'weibo' && item.state === 'published')).toBe(
      true,
    );
    const bad = await system.reviewer.get(`/bulletins/${id}/deliveries`, { params: { state: 'lost' } });
    expect([bad.status, bad.data.code, bad.data.field]).toEqual([400, 'VALIDATION_FAILED', 'state']);
    expect(
      (await system.reviewer.get('/docs-json')).data.paths['/bulletins/{id}/deliveries'].get.parameters
        .map((parameter: { name: string }) => parameter.name)
        .sort(),
    ).toEqual(['id', 'limit', 'offset', 'platform', 'state']);
  });

  it('a follow-up article whose answer is lost is found, not posted twice, and a withdrawal still takes it down', async () => {
    const { id, seq } = await approvedBulletin(system, {
      ...wantedBulletin(tree.cityId, [tree.cityId], ['baijiahao']),
      title: '悬赏通缉：答复丢失的更新',
    });
    await system.reviewer.post(`/bulletins/${id}/publish`);
    await idle(id);
    const baijiahao = rows.filter((row) => row.platform === 'baijiahao');
    expect(baijiahao.length).toBeGreaterThan(0);
    // Baidu makes the follow-up article, but its answer never arrives.
    await system.sim.put('/_sim/faults', { platform: 'baijiahao', dropRate: 1 });
    try {
      const update = { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '悬赏通缉：答复丢失的更新', body: '第二版：补充体貌特征。' };
      delete (update as Record<string, unknown>).issuerUnitId;
      delete (update as Record<string, unknown>).target;
      expect((await proposeAndApprove(id, update)).status).toBe(202);
      await idle(id);
    } finally {
      await system.sim.put('/_sim/faults', { platform: 'baijiahao', dropRate: 0 });
    }
    expect(await states(id, 2)).toEqual({ updated: baijiahao.length });
    const posts = await postsOf(seq);
    for (const row of baijiahao) {
      const own = posts.filter((post) => post.accountId === row.platformAccountId);
      expect(own.map((post) => post.title?.startsWith('【更新】') ?? false)).toEqual([false, true]);
    }
    const { rows: recorded } = await system.db.query(
      `SELECT count(DISTINCT platform_post_id)::int AS posts FROM delivery WHERE bulletin_id = $1 AND platform_post_id IS NOT NULL`,
      [id],
    );
    expect(recorded[0].posts).toBe(2 * baijiahao.length);

    expect((await system.api.post(`/bulletins/${id}/withdraw`, { reason: '撤下测试通报' })).status).toBe(202);
    await idle(id);
    expect((await postsOf(seq)).filter((post) => !post.deletedAt)).toEqual([]);
  });

  it('one notice names eleven suspects of one case, each reaching the posts masked, and the case number links its bulletins', async () => {
    const base = wantedBulletin(tree.cityId, [tree.cityId], ['webhook']) as any;
    const caseNumber = `济天公刑案字〔2026〕${Date.now() % 100000}号`;
    const suspects = Array.from({ length: 11 }, (_, index) => ({
      name: `天桥斗殴嫌疑人${index + 1}`,
      sex: 'male',
      idNumber: '370681199001011234',
    }));
    const notice = {
      ...base,
      title: '关于敦促11名涉案人员投案自首的通告',
      wanted: { ...base.wanted, suspect: undefined, suspects, offence: '聚众斗殴', caseNumber },
    };
    const { id, seq } = await approvedBulletin(system, notice);
    await system.reviewer.post(`/bulletins/${id}/publish`);
    await idle(id);
    const posts = await postsOf(seq);
    expect(posts.length).toBe(rows.filter((row) => row.platform === 'webhook').length);
    for (const post of posts) {
      expect(post.text).toContain('犯罪嫌疑人11人：天桥斗殴嫌疑人1');
      expect(post.text).toContain('天桥斗殴嫌疑人11');
      expect(post.text).not.toContain('370681199001011234');
    }
    const sameCase = await approvedBulletin(system, {
      ...base,
      title: '悬赏通缉聚众斗殴组织者',
      wanted: { ...base.wanted, caseNumber },
    });
    const listed = await system.api.get('/bulletins', { params: { caseNumber } });
    expect(listed.status).toBe(200);
    expect(listed.data.map((bulletin: { id: string }) => bulletin.id).sort()).toEqual([id, sameCase.id].sort());
    expect(listed.data.find((bulletin: { id: string }) => bulletin.id === id)).toMatchObject({ caseNumber, personCount: 11 });
  });

  it('a job for a superseded version does nothing to the platform', async () => {
    await system.sim.put('/_sim/faults', { latencyMs: 300 });
    try {
      const { id, seq } = await approvedBulletin(system, {
        ...wantedBulletin(tree.cityId, [tree.cityId], ['webhook']),
        title: '悬赏通缉：版本栅栏',
      });
      await system.reviewer.post(`/bulletins/${id}/publish`);
      const update = { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '悬赏通缉：版本栅栏', body: '第二版：更换嫌疑人照片。' };
      delete (update as Record<string, unknown>).issuerUnitId;
      delete (update as Record<string, unknown>).target;
      expect((await proposeAndApprove(id, update)).status).toBe(202);
      await idle(id);
      const webhooks = rows.filter((row) => row.platform === 'webhook');
      const posts = await postsOf(seq);
      for (const row of webhooks) {
        const own = posts.filter((post) => post.accountId === row.platformAccountId);
        expect(own).toHaveLength(1);
        expect(own[0].text).toContain('第二版');
      }
      const version1 = await states(id, 1);
      expect(Object.keys(version1).every((state) => ['cancelled', 'superseded'].includes(state))).toBe(true);
    } finally {
      await system.sim.put('/_sim/faults', { latencyMs: 0 });
    }
  });

  it('an account that keeps failing opens its circuit breaker, visible in the API, and closes after a good probe', async () => {
    const victim = rows.find((row) => row.platform === 'webhook')!;
    await system.sim.put('/_sim/faults', { platform: 'webhook', accountId: victim.platformAccountId, errorRate: 1 });
    const { data: account } = await system.api.get('/accounts', { params: { platform: 'webhook', limit: 1000 } });
    const accountId = account.items.find((item: { platformAccountId: string }) => item.platformAccountId === victim.platformAccountId).id;
    const draft = {
      data: await approvedBulletin(system, { ...wantedBulletin(tree.cityId, [tree.cityId], ['webhook']), title: '悬赏通缉：熔断' }),
    };
    await system.reviewer.post(`/bulletins/${draft.data.id}/publish`);
    const opened = await waitFor(
      'the breaker to open',
      async () => {
        const view = (await system.api.get(`/accounts/${accountId}`)).data;
        return view.breaker.state === 'open' ? view.breaker : undefined;
      },
      30_000,
      100,
    );
    expect(opened.consecutiveFailures).toBeGreaterThanOrEqual(3);
    const { rows: calls } = {
      rows: (await system.sim.get('/_sim/calls')).data.log.filter(
        (call: { accountId?: string }) => call.accountId === victim.platformAccountId,
      ),
    };
    const callsWhileOpen = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      (await system.sim.get('/_sim/calls')).data.log.filter((call: { accountId?: string }) => call.accountId === victim.platformAccountId)
        .length,
    ).toBe(callsWhileOpen);

    await system.sim.put('/_sim/faults', { platform: 'webhook', accountId: victim.platformAccountId, errorRate: 0 });
    await idle(draft.data.id);
    expect(await states(draft.data.id)).toEqual({ published: rows.filter((row) => row.platform === 'webhook').length });
    const closed = (await system.api.get(`/accounts/${accountId}`)).data.breaker;
    expect(closed).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});
