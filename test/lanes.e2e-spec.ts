import { Platform } from '@mb/vocabulary';
import {
  approvedBulletin,
  createUnitTree,
  platformAccount,
  registerWithSimulator,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

const HOUR_MS = 3_600_000;

/** The next 10:00 in Beijing (02:00 UTC), at least an hour away: a whole working day ahead, whatever time the suite runs. */
function nextBeijingMorning(): number {
  const morning = new Date();
  morning.setUTCHours(2, 0, 0, 0);
  while (morning.getTime() < Date.now() + HOUR_MS) morning.setUTCDate(morning.getUTCDate() + 1);
  return morning.getTime();
}

interface DeliveryRow {
  id: string;
  state: string;
  lane: string | null;
  laneReason: string | null;
  lastErrorCode: string | null;
  lastErrorReason: string | null;
  nextAttemptAt: string | null;
  attempts: number;
}

/** Each platform's lanes and quotas: a WeChat account pushes (群发) within its quota and publishes without pushing beyond it. */
describe('posting lanes and quotas', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let offsetMs = 0;
  const accounts = {
    subscription: { ...platformAccount(Platform.WechatMp, 9101, ''), accountClass: 'subscription', tag: 'quota-sub' },
    service: { ...platformAccount(Platform.WechatMp, 9102, ''), accountClass: 'service', tag: 'quota-svc' },
  };
  const accountIds: Record<keyof typeof accounts, string> = { subscription: '', service: '' };

  beforeAll(async () => {
    system = await TestSystem.start('lanes', {
      queueBackend: 'postgres',
      env: {
        MB_TEST_HOOKS: 'true',
        MB_SWEEP_INTERVAL_MS: '300',
        MB_RETRY_BASE_DELAY_MS: '100',
        MB_RETRY_MAX_DELAY_MS: '500',
        MB_CREDENTIAL_CHECK_INTERVAL_MS: '300',
      },
    });
    tree = await createUnitTree(system);
    for (const [name, account] of Object.entries(accounts) as Array<[keyof typeof accounts, (typeof accounts)['service']]>) {
      const created = await system.api.post('/accounts', {
        unitId: tree.countyIds[0],
        platform: account.platform,
        platformAccountId: account.platformAccountId,
        displayName: `龙口市政法委${name === 'service' ? '服务号' : '订阅号'}`,
        followers: 20_000,
        tags: [account.tag],
        accountClass: account.accountClass,
        credentials: account.credentials,
      });
      expect(created.status).toBe(201);
      expect(created.data.accountClass).toBe(account.accountClass);
      accountIds[name] = created.data.id;
    }
    await registerWithSimulator(system, Object.values(accounts));
    // Every process and the simulator stand at 10:00 on one Beijing day.
    offsetMs = nextBeijingMorning() - Date.now();
    await moveClocks(offsetMs);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function moveClocks(toOffsetMs: number): Promise<void> {
    const previous = (await system.sim.put('/_sim/clock', {})).data.now;
    const simAhead = Date.parse(previous) - Date.now();
    expect((await system.api.put('/test-clock', { offsetMs: toOffsetMs })).status).toBe(200);
    await system.sim.put('/_sim/clock', { advanceSeconds: Math.round((toOffsetMs - simAhead) / 1000) });
  }

  async function bulletinTo(tag: string, priority: 'urgent' | 'normal', title: string): Promise<string> {
    const body = wantedBulletin(tree.cityId, [tree.cityId], ['wechat_mp']);
    const bulletin = await approvedBulletin(system, { ...body, title, priority, target: { ...body.target, includeTags: [tag] } });
    expect((await system.reviewer.post(`/bulletins/${bulletin.id}/publish`)).status).toBe(202);
    return bulletin.id;
  }

  async function deliveryOf(bulletinId: string): Promise<DeliveryRow> {
    const { data } = await system.api.get(`/bulletins/${bulletinId}/deliveries`);
    expect(data.items).toHaveLength(1);
    return data.items[0];
  }

  async function settled(bulletinId: string, states: string[]): Promise<DeliveryRow> {
    return waitFor(
      `the delivery of ${bulletinId} in ${states.join('/')}`,
      async () => {
        const delivery = await deliveryOf(bulletinId);
        return states.includes(delivery.state) ? delivery : undefined;
      },
      60_000,
      200,
    );
  }

  const simPosts = async (accountId: string) =>
    (await system.sim.get(`/_sim/accounts/wechat_mp/${accountId}/posts`)).data as Array<{ title: string; extra: Record<string, string> }>;

  it('pushes one of 10 urgent bulletins to a subscription account in a day and publishes the other 9 without a push, saying why on each', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, index) => bulletinTo('quota-sub', 'urgent', `紧急寻人启事第${index + 1}号`)),
    );
    const deliveries = await Promise.all(ids.map((id) => settled(id, ['published'])));

    const pushed = deliveries.filter((delivery) => delivery.lane === 'push');
    expect(pushed).toHaveLength(1);
    expect(pushed[0].laneReason).toBe('urgent_pushed');
    const published = deliveries.filter((delivery) => delivery.lane === 'publish');
    expect(published).toHaveLength(9);
    for (const delivery of published) expect(delivery.laneReason).toBe('push_quota_used');

    // The platform saw one mass send and nine articles that tell no follower.
    const posts = await simPosts(accounts.subscription.platformAccountId);
    expect(posts).toHaveLength(10);
    expect(posts.filter((post) => post.extra.pushed === 'true')).toHaveLength(1);

    const quotas = (await system.api.get(`/accounts/${accountIds.subscription}/quotas`)).data as Array<Record<string, unknown>>;
    expect(quotas).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ lane: 'push', window: 'day', limit: 1, used: 1, pushesToFollowers: true }),
        expect.objectContaining({ lane: 'publish', window: 'day', limit: 100, used: 9, pushesToFollowers: false }),
      ]),
    );
    // A subscription account has no monthly quota of a service account.
    expect(quotas.find((quota) => quota.window === 'month')).toBeUndefined();

    // A bulletin that is not urgent never spends the push, even on a new day with the push unused.
    offsetMs += 24 * HOUR_MS;
    await moveClocks(offsetMs);
    const normal = await settled(await bulletinTo('quota-sub', 'normal', '悬赏通缉犯罪嫌疑人李某某'), ['published']);
    expect([normal.lane, normal.laneReason]).toEqual(['publish', 'not_urgent']);
    const urgentNextDay = await settled(await bulletinTo('quota-sub', 'urgent', '紧急寻人启事次日'), ['published']);
    expect([urgentNextDay.lane, urgentNextDay.laneReason]).toEqual(['push', 'urgent_pushed']);
  });

  it('waits out a quota the platform says is used up until it resets, without retrying in a loop or calling it a failure', async () => {
    // The platform counts posts the engine did not make: it allows this account two articles today.
    await system.sim.put('/_sim/faults', { platform: 'wechat_mp', accountId: accounts.service.platformAccountId, postQuota: 2 });
    const first = await bulletinTo('quota-svc', 'normal', '悬赏通缉第一号');
    const second = await bulletinTo('quota-svc', 'normal', '悬赏通缉第二号');
    await settled(first, ['published']);
    await settled(second, ['published']);

    const third = await bulletinTo('quota-svc', 'normal', '悬赏通缉第三号');
    const waiting = await settled(third, ['retry_wait']);
    expect(waiting.lastErrorCode).toBe('QUOTA_EXHAUSTED');
    expect(waiting.attempts).toBe(0);
    // Next Beijing midnight, by the engine's (moved) clock.
    const engineNow = Date.now() + offsetMs;
    const midnight = new Date(engineNow + 8 * HOUR_MS);
    midnight.setUTCHours(24, 0, 0, 0);
    expect(Date.parse(waiting.nextAttemptAt!)).toBe(midnight.getTime() - 8 * HOUR_MS);

    // A fourth one waits too, without asking the platform again while the quota is known to be used up.
    const callsBefore = await submitCalls(accounts.service.platformAccountId);
    const fourth = await bulletinTo('quota-svc', 'normal', '悬赏通缉第四号');
    const fourthWaiting = await settled(fourth, ['retry_wait']);
    expect(fourthWaiting.lastErrorCode).toBe('QUOTA_EXHAUSTED');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await submitCalls(accounts.service.platformAccountId)).toBe(callsBefore);
    expect((await deliveryOf(third)).state).toBe('retry_wait');
    const dead = (await system.api.get('/deliveries/dead-letters')).data;
    expect(dead.items.filter((item: { bulletinId: string }) => [third, fourth].includes(item.bulletinId))).toHaveLength(0);

    const quotas = (await system.api.get(`/accounts/${accountIds.service}/quotas`)).data as Array<Record<string, any>>;
    const publish = quotas.find((quota) => quota.lane === 'publish');
    expect(Date.parse(publish!.blockedUntil)).toBe(midnight.getTime() - 8 * HOUR_MS);

    // After midnight both go out, once each.
    offsetMs += 16 * HOUR_MS;
    await moveClocks(offsetMs);
    await system.sim.put('/_sim/faults', { platform: 'wechat_mp', accountId: accounts.service.platformAccountId, postQuota: 0 });
    for (const id of [third, fourth]) expect((await settled(id, ['published'])).attempts).toBe(1);
    const titles = (await simPosts(accounts.service.platformAccountId)).map((post) => post.title);
    expect(titles.filter((title) => title === '悬赏通缉第三号')).toHaveLength(1);
  });

  it('says before and at publishing how many targeted accounts are expected to fail, and why', async () => {
    // A Weibo account authorised without a refresh token: once its token dies, only an operator can renew it.
    const weibo = platformAccount(Platform.Weibo, 9202, '');
    const credentials = { accessToken: weibo.credentials.accessToken };
    const created = await system.api.post('/accounts', {
      unitId: tree.countyIds[1],
      platform: 'weibo',
      platformAccountId: weibo.platformAccountId,
      displayName: '莱阳公安微博',
      tags: ['gap'],
      credentials,
    });
    expect(created.status).toBe(201);
    await registerWithSimulator(system, [{ ...weibo, credentials, simCredentials: credentials }]);
    const toGap = async (title: string) => {
      const body = wantedBulletin(tree.cityId, [tree.cityId], ['weibo']);
      return approvedBulletin(system, { ...body, title, target: { ...body.target, includeTags: ['gap'] } });
    };
    const first = await toGap('悬赏通缉犯罪嫌疑人孙某某');
    const clean = await system.reviewer.post(`/bulletins/${first.id}/publish`);
    expect(clean.data.reachGap).toEqual({ expectedToFail: 0, credentialsExpired: 0, authRefused: 0, breakerOpen: 0 });
    await settled(first.id, ['published']);

    await system.sim.post('/_sim/tokens/expire', { platform: 'weibo', accountId: weibo.platformAccountId });
    const second = await toGap('悬赏通缉犯罪嫌疑人周某某');
    expect((await system.reviewer.post(`/bulletins/${second.id}/publish`)).status).toBe(202);
    expect((await settled(second.id, ['failed'])).lastErrorCode).toBe('AUTH_EXPIRED');

    const third = await toGap('悬赏通缉犯罪嫌疑人吴某某');
    expect((await system.api.get(`/bulletins/${third.id}/target-preview`)).data.reachGap).toMatchObject({
      expectedToFail: 1,
      authRefused: 1,
    });
    const answer = await system.reviewer.post(`/bulletins/${third.id}/publish`);
    expect(answer.status).toBe(202);
    expect(answer.data.reachGap).toMatchObject({ expectedToFail: 1, authRefused: 1, breakerOpen: 0 });

    // Credential health names the account and why; the daily check tells its unit, once.
    const health = (await system.api.get('/accounts/credential-health', { params: { problemsOnly: true, unitId: tree.countyIds[1] } }))
      .data;
    expect(health.items).toEqual([
      expect.objectContaining({ displayName: '莱阳公安微博', authRefused: true, lastFailureCode: 'AUTH_EXPIRED', dormant: false }),
    ]);
    const told = await waitFor(
      'the unit told of the account',
      async () => {
        const { items } = (await system.api.get('/notifications', { params: { unitId: tree.countyIds[1] } })).data;
        const found = items.filter((item: { kind: string }) => item.kind === 'credentials_attention');
        return found.length ? found : undefined;
      },
      20_000,
      200,
    );
    expect(told[0].text).toContain('平台拒绝授权、需重新授权 1 个：莱阳公安微博');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const again = (await system.api.get('/notifications', { params: { unitId: tree.countyIds[1] } })).data.items;
    expect(again.filter((item: { kind: string }) => item.kind === 'credentials_attention')).toHaveLength(1);

    // Fifteen days without a successful post: 龙口市's accounts are dormant, and 龙口市 is told.
    offsetMs += 15 * 24 * HOUR_MS;
    await moveClocks(offsetMs);
    const dormant = await waitFor(
      'the dormant accounts flagged',
      async () => {
        const { items } = (await system.api.get('/notifications', { params: { unitId: tree.countyIds[0] } })).data;
        return items.find(
          (item: { kind: string; text: string }) => item.kind === 'credentials_attention' && item.text.includes('14 天内没有成功发布'),
        );
      },
      20_000,
      200,
    );
    expect(dormant.text).toContain('龙口市政法委订阅号');
  });

  it('refuses a kind of account the platform does not have, naming the field', async () => {
    const weibo = platformAccount(Platform.Weibo, 9201, '');
    const answer = await system.api.post('/accounts', {
      unitId: tree.countyIds[0],
      platform: 'weibo',
      platformAccountId: weibo.platformAccountId,
      displayName: '龙口公安微博',
      accountClass: 'service',
      credentials: weibo.credentials,
    });
    expect([answer.status, answer.data.field]).toEqual([400, 'accountClass']);
    const { rows } = await system.db.query(`SELECT count(*)::int AS n FROM account WHERE platform_account_id = $1`, [
      weibo.platformAccountId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  /** The calls that make a post: drafts, submits and mass sends (statistics and comments are read all along). */
  async function submitCalls(platformAccountId: string): Promise<number> {
    const { log } = (await system.sim.get('/_sim/calls')).data as { log: Array<{ platform: string; accountId?: string; path?: string }> };
    return log.filter(
      (call) => call.accountId === platformAccountId && /draft\/add|freepublish\/submit|mass\/sendall/.test(call.path ?? ''),
    ).length;
  }
});
