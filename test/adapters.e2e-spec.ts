import { AppConfig } from '@mb/config';
import { Platform, BulletinKind } from '@mb/vocabulary';
import {
  type AccountSession,
  AttributionCodec,
  PlatformAdapters,
  PlatformError,
  PlatformErrorCode,
  type RefreshedCredentials,
  type RenderableBulletin,
} from '@mb/platforms';
import { type PlatformFixture, platformFixtures } from './support/platform-fixtures';
import { TestSystem } from './support/system';
import { Sex, WANTED } from '@mb/bulletins';

const codec = new AttributionCodec('contract-tests');

const CONTRACT_DETAILS = {
  suspect: { name: '张某某', sex: Sex.Male, idNumber: '370681199001011234' },
  offence: '故意伤害',
  caseNumber: '龙公刑案字〔2026〕1号',
  lastKnownWhereabouts: '龙口市',
  contactLine: '0535-8512110',
};

function bulletin(simUrl: string, accountSeq: number, images: string[] = []): RenderableBulletin {
  return {
    bulletinId: 'b-contract',
    kind: BulletinKind.Wanted,
    version: 1,
    title: '悬赏通缉犯罪嫌疑人张某某',
    body: '2026年11月1日，龙口市发生一起故意伤害案。',
    images,
    priority: 'normal',
    issuerName: '烟台市公安局',
    summary: WANTED.summary(CONTRACT_DETAILS),
    details: CONTRACT_DETAILS,
    tipUrl: `${simUrl.replace(/:\d+$/, ':3000')}/t/${codec.encode(42, accountSeq)}`,
    pageUrl: `${simUrl.replace(/:\d+$/, ':3000')}/b/${codec.encode(42, accountSeq)}`,
  };
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('platform adapters against the simulator over HTTP', () => {
  let system: TestSystem;
  let adapters: PlatformAdapters;
  let fixtures: PlatformFixture[];

  beforeAll(async () => {
    system = await TestSystem.start('adapters', { queueBackend: 'postgres', apps: ['platform-sim'] });
    adapters = new PlatformAdapters({
      platformTimeoutMs: 2000,
      outboundAllowList: [new URL(system.simUrl).host],
      // No platform URL set: each adapter goes to the simulator's routes for its platform.
      platforms: {},
      simulator: { port: Number(new URL(system.simUrl).port), seed: 1 },
    } as unknown as AppConfig);
  });

  afterAll(async () => {
    await system?.stop();
  });

  beforeEach(async () => {
    await system.sim.post('/_sim/reset', {});
    fixtures = platformFixtures(system.simUrl);
    await system.sim.post('/_sim/accounts', {
      accounts: fixtures.map((fixture) => ({
        platform: fixture.platform,
        accountId: fixture.accountId,
        credentials: fixture.simCredentials,
        followers: 100_000,
      })),
    });
  });

  function session(fixture: PlatformFixture, saved: RefreshedCredentials[] = []): AccountSession {
    return {
      accountId: 'account-1',
      platformAccountId: fixture.accountId,
      credentials: { ...fixture.credentials },
      saveCredentials: async (refreshed) => void saved.push(refreshed),
    };
  }

  async function postsOf(fixture: PlatformFixture) {
    return (await system.sim.get(`/_sim/accounts/${fixture.platform}/${fixture.accountId}/posts`)).data as Array<Record<string, any>>;
  }

  const platforms = platformFixtures('http://x').map((fixture) => fixture.platform);

  it('posts to no unit site or picture on a private, loopback or metadata address outside the allow-list, and keeps no answer body', async () => {
    const site = fixtures.find((candidate) => candidate.platform === 'webhook')!;
    const targets = [
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://0x7f000001:9/docs-json',
      'http://[::1]/admin',
      'http://10.0.0.1/cms',
      'http://localhost:22/',
    ];
    for (const url of targets) {
      const error = await failure(
        adapters
          .for(Platform.Webhook)
          .post(
            { ...session(site), credentials: { ...site.credentials, url } },
            adapters.for(Platform.Webhook).render(bulletin(system.simUrl, 30)),
            { idempotencyKey: `ssrf-${url}` },
          ),
      );
      expect({ url, code: error.code, reason: error.reason }).toEqual({
        url,
        code: PlatformErrorCode.Rejected,
        reason: 'destination not allowed (private, loopback or reserved address)',
      });
    }
    // A picture whose URL points inside is not fetched either.
    const wechat = fixtures.find((candidate) => candidate.platform === 'wechat_mp')!;
    const error = await failure(
      adapters
        .for(Platform.WechatMp)
        .post(
          session(wechat),
          adapters.for(Platform.WechatMp).render(bulletin(system.simUrl, 31, ['http://169.254.169.254/latest/meta-data/photo.jpg'])),
          { idempotencyKey: 'ssrf-image' },
        ),
    );
    expect(error.code).toBe(PlatformErrorCode.Rejected);
    expect(await postsOf(wechat)).toHaveLength(0);
  });

  it('stores a short reason for a refusal from a unit site, never the page it answered with', async () => {
    const site = fixtures.find((candidate) => candidate.platform === 'webhook')!;
    const error = await failure(
      adapters
        .for(Platform.Webhook)
        .post(
          { ...session(site), credentials: { ...site.credentials, secret: 'not-the-site-secret' } },
          adapters.for(Platform.Webhook).render(bulletin(system.simUrl, 32)),
          { idempotencyKey: 'short-reason' },
        ),
    );
    expect(error.reason).toBe('webhook 401 bad_signature');
    expect(error.reason.length).toBeLessThanOrEqual(160);
  });

  describe.each(platforms)('%s', (platform) => {
    const fixture = () => fixtures.find((candidate) => candidate.platform === platform)!;
    const adapter = () => adapters.for(platform);

    it('posts, updates and removes what the public sees', async () => {
      const rendered = adapter().render(bulletin(system.simUrl, 7, [`${system.simUrl}/_sim/assets/photo.png`]));
      const published = await adapter().post(session(fixture()), rendered, { idempotencyKey: 'delivery-1' });
      let posts = await postsOf(fixture());
      expect(posts).toHaveLength(1);
      expect(posts[0].text).toContain(rendered.marker);
      expect(posts[0].text).toContain('370681********1234');

      const revised = adapter().render({ ...bulletin(system.simUrl, 7), version: 2, body: '悬赏金额提高至十万元。' });
      const updated = await adapter().update(session(fixture()), published.postId, revised, { idempotencyKey: 'delivery-2' });
      posts = await postsOf(fixture());
      if (updated.mode === 'edited') {
        expect(posts[0].edits).toHaveLength(1);
        expect(posts[0].text).toContain('十万元');
      } else if (updated.postId === published.postId) {
        expect(posts[0].followUps.map((followUp: { text: string }) => followUp.text).join()).toContain('【更新】');
      } else {
        expect(posts).toHaveLength(2);
        expect(posts[1].title).toContain('【更新】');
      }

      await adapter().remove(session(fixture()), published.postId);
      posts = await postsOf(fixture());
      expect(posts[0].deletedAt).toBeDefined();
      await expect(adapter().remove(session(fixture()), published.postId)).resolves.toBeUndefined();
    });

    it('reads counters that grow with time, batched for several posts', async () => {
      await system.sim.put('/_sim/clock', { at: '2026-11-23T02:00:00.000Z' });
      const first = await adapter().post(session(fixture()), adapter().render(bulletin(system.simUrl, 8)), { idempotencyKey: 'd-a' });
      const second = await adapter().post(session(fixture()), adapter().render({ ...bulletin(system.simUrl, 9), body: '另一条通报。' }), {
        idempotencyKey: 'd-b',
      });
      await system.sim.put('/_sim/clock', { advanceSeconds: 3600 });
      const early = await adapter().fetchMetrics(session(fixture()), [first.postId, second.postId]);
      await system.sim.put('/_sim/clock', { advanceSeconds: 6 * 3600 });
      const later = await adapter().fetchMetrics(session(fixture()), [first.postId, second.postId]);
      expect(early.map((metrics) => metrics.postId).sort()).toEqual([first.postId, second.postId].sort());
      for (const postId of [first.postId, second.postId]) {
        const before = early.find((metrics) => metrics.postId === postId)!;
        const after = later.find((metrics) => metrics.postId === postId)!;
        expect(before.reads).toBeGreaterThan(0);
        expect(after.reads).toBeGreaterThan(before.reads);
      }
    });

    it('turns the public comments into inbound messages, once each', async () => {
      const published = await adapter().post(session(fixture()), adapter().render(bulletin(system.simUrl, 10)), { idempotencyKey: 'd-c' });
      const simPost = (await postsOf(fixture()))[0];
      await system.sim.post('/_sim/inbound', {
        platform,
        accountId: fixture().accountId,
        postId: simPost.id,
        text: '我在龙口汽车站见过此人',
        from: 'netizen-1',
      });
      const first = await adapter().fetchInbound(session(fixture()), [published.postId], null);
      expect(first.messages).toEqual([expect.objectContaining({ text: '我在龙口汽车站见过此人', senderRef: 'netizen-1' })]);
      if (platform !== 'weibo' && platform !== 'webhook') expect(first.messages[0].postId).toBe(published.postId);
      const again = await adapter().fetchInbound(session(fixture()), [published.postId], first.cursor);
      expect(again.messages).toEqual([]);
    });

    it('classifies a 429 as RATE_LIMITED with the Retry-After', async () => {
      await system.sim.put('/_sim/faults', { platform, rateLimitPerSecond: 1 });
      const errors = await Promise.allSettled([1, 2, 3].map((n) => adapter().fetchMetrics(session(fixture()), [`${n}`])));
      const limited = errors
        .filter((result) => result.status === 'rejected')
        .map((result) => (result as PromiseRejectedResult).reason as PlatformError);
      expect(limited.length).toBeGreaterThan(0);
      for (const error of limited) {
        expect(error.code).toBe(PlatformErrorCode.RateLimited);
        expect(error.retryAfterMs).toBe(1000);
      }
    });

    it('meets the platform’s posting limit on its publishing call, the one the simulator counts', async () => {
      await system.sim.put('/_sim/faults', { platform, publishRateLimitPerSecond: 1 });
      const attempts = await Promise.allSettled(
        [18, 19, 20].map((n) =>
          adapter().post(session(fixture()), adapter().render({ ...bulletin(system.simUrl, n), body: `第${n}条通报。` }), {
            idempotencyKey: `d-limit-${n}`,
          }),
        ),
      );
      const refused = attempts.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
      expect(attempts.length - refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const error of refused) expect((error as PlatformError).code).toBe(PlatformErrorCode.RateLimited);
    });

    it('classifies a 5xx as TRANSIENT', async () => {
      await system.sim.put('/_sim/faults', { platform, errorRate: 1 });
      const error = await failure(
        adapter().post(session(fixture()), adapter().render(bulletin(system.simUrl, 11)), { idempotencyKey: 'd-d' }),
      );
      expect(error.code).toBe(PlatformErrorCode.Transient);
      expect(await postsOf(fixture())).toHaveLength(0);
    });

    it('classifies refused content as REJECTED, with the platform reason', async () => {
      await system.sim.put('/_sim/faults', { platform, bannedWords: ['张某某'] });
      const error = await failure(
        adapter().post(session(fixture()), adapter().render(bulletin(system.simUrl, 12)), { idempotencyKey: 'd-e' }),
      );
      expect(error.code).toBe(PlatformErrorCode.Rejected);
      expect(error.reason.length).toBeGreaterThan(0);
    });

    it('classifies a lost answer as UNKNOWN_OUTCOME, and finds the post by its marker', async () => {
      await system.sim.put('/_sim/faults', { platform, dropRate: 1 });
      const rendered = adapter().render(bulletin(system.simUrl, 13));
      const error = await failure(adapter().post(session(fixture()), rendered, { idempotencyKey: 'd-f' }));
      expect(error.code).toBe(PlatformErrorCode.UnknownOutcome);
      await system.sim.put('/_sim/faults', { platform, dropRate: 0 });
      expect(await postsOf(fixture())).toHaveLength(1);
      const found = await adapter().findPostByMarker(session(fixture()), rendered.marker);
      expect(found?.postId).toBeDefined();
      expect(await adapter().findPostByMarker(session(fixture()), codec.encode(42, 999))).toBeNull();
    });

    it('refreshes an expired token, stores the new credentials, and carries on', async () => {
      if (!fixture().refreshes) {
        expect(platform).toBe('webhook');
        return;
      }
      const saved: RefreshedCredentials[] = [];
      const live = session(fixture(), saved);
      await adapter().post(live, adapter().render(bulletin(system.simUrl, 14)), { idempotencyKey: 'd-g' });
      await system.sim.post('/_sim/tokens/expire', { platform, accountId: fixture().accountId });
      await adapter().post(live, adapter().render({ ...bulletin(system.simUrl, 15), body: '第二条通报。' }), { idempotencyKey: 'd-h' });
      expect(await postsOf(fixture())).toHaveLength(2);
      const lastSaved = saved.at(-1)!;
      expect(lastSaved.credentials.accessToken).toBeDefined();
      expect(lastSaved.credentials.accessToken).not.toBe(fixture().credentials.accessToken);
      expect(live.credentials.accessToken).toBe(lastSaved.credentials.accessToken);
    });

    it('gives up with AUTH_EXPIRED when the token expired and cannot be refreshed', async () => {
      if (!fixture().refreshes) {
        const error = await failure(
          adapter().post(
            { ...session(fixture()), credentials: { ...fixture().credentials, secret: 'not-the-site-secret' } },
            adapter().render(bulletin(system.simUrl, 16)),
            { idempotencyKey: 'd-i' },
          ),
        );
        expect(error.code).toBe(PlatformErrorCode.Rejected);
        return;
      }
      const broken = { ...fixture().credentials, refreshToken: 'rft.revoked-by-user', appSecret: 'wrong-secret-0000000' };
      const live = { ...session(fixture()), credentials: broken };
      if (platform !== 'wechat_mp') await system.sim.post('/_sim/tokens/expire', { platform, accountId: fixture().accountId });
      const error = await failure(adapter().post(live, adapter().render(bulletin(system.simUrl, 17)), { idempotencyKey: 'd-j' }));
      expect([PlatformErrorCode.AuthExpired, PlatformErrorCode.Rejected]).toContain(error.code);
      if (platform !== 'wechat_mp') expect(error.code).toBe(PlatformErrorCode.AuthExpired);
      expect(await postsOf(fixture())).toHaveLength(0);
    });
  });
});
