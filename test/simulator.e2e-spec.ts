import { randomUUID } from 'node:crypto';
import { signWebhook } from '@mb/platforms';
import { TestSystem } from './support/system';

describe('the platform simulator', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('sim', { queueBackend: 'postgres', apps: ['platform-sim'] });
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('webhook receiver', () => {
    const secret = 'whsec-receiver-secret-0001';
    const url = '/webhook/sites/site-a/bulletins';

    beforeEach(async () => {
      await system.sim.post('/_sim/reset', {});
      await system.sim.post('/_sim/accounts', { accounts: [{ platform: 'webhook', accountId: 'site-a', credentials: { secret } }] });
    });

    function signedHeaders(
      body: string,
      eventId = randomUUID(),
      timestamp = Math.floor(Date.now() / 1000),
      key = secret,
      method = 'POST',
      path = url,
    ) {
      return {
        'Content-Type': 'application/json',
        'x-mb-event-id': eventId,
        'x-mb-timestamp': String(timestamp),
        'x-mb-signature': signWebhook(key, { method, path, eventId, deliveryKey: '', timestamp, rawBody: body }),
      };
    }

    const body = JSON.stringify({ event: 'bulletin.published', bulletin: { title: '紧急寻人', text: '请提供线索' } });

    it('accepts a request signed with the site secret', async () => {
      const response = await system.sim.post(url, body, { headers: signedHeaders(body), transformRequest: [(data) => data] });
      expect(response.status).toBe(201);
      expect((await system.sim.get('/_sim/accounts/webhook/site-a/posts')).data).toHaveLength(1);
    });

    it('refuses a replayed request, a tampered body, another secret and a stale timestamp', async () => {
      const headers = signedHeaders(body);
      expect((await system.sim.post(url, body, { headers, transformRequest: [(data) => data] })).status).toBe(201);
      const replay = await system.sim.post(url, body, { headers, transformRequest: [(data) => data] });
      expect(replay.status).toBe(409);
      const tampered = await system.sim.post(url, body.replace('紧急寻人', '虚假信息'), {
        headers: signedHeaders(body),
        transformRequest: [(data) => data],
      });
      expect(tampered.status).toBe(401);
      const wrongKey = await system.sim.post(url, body, {
        headers: signedHeaders(body, randomUUID(), undefined, 'some-other-secret-000'),
        transformRequest: [(data) => data],
      });
      expect(wrongKey.status).toBe(401);
      const stale = await system.sim.post(url, body, {
        headers: signedHeaders(body, randomUUID(), Math.floor(Date.now() / 1000) - 600),
        transformRequest: [(data) => data],
      });
      expect(stale.status).toBe(401);
      // A signature made for another verb or path does not carry over.
      const otherPath = await system.sim.post(url, body, {
        headers: signedHeaders(body, randomUUID(), undefined, secret, 'POST', `${url}/other`),
        transformRequest: [(data) => data],
      });
      expect(otherPath.status).toBe(401);
      const otherMethod = await system.sim.post(url, body, {
        headers: signedHeaders(body, randomUUID(), undefined, secret, 'PUT'),
        transformRequest: [(data) => data],
      });
      expect(otherMethod.status).toBe(401);
      expect((await system.sim.get('/_sim/accounts/webhook/site-a/posts')).data).toHaveLength(1);
    });
  });

  describe('read counters', () => {
    async function runScenario(seed: number): Promise<number[][]> {
      await system.sim.post('/_sim/reset', { seed });
      await system.sim.put('/_sim/clock', { at: '2026-11-20T00:00:00.000Z' });
      await system.sim.post('/_sim/accounts', {
        accounts: [1, 2, 3].map((n) => ({
          platform: 'webhook',
          accountId: `site-${n}`,
          credentials: { secret: `secret-${n}-0000000000` },
          followers: n * 20_000,
        })),
      });
      for (const n of [1, 2, 3]) {
        const payload = JSON.stringify({ bulletin: { title: `通报${n}`, text: `正文${n}` } });
        const eventId = randomUUID();
        const timestamp = Math.floor(Date.now() / 1000);
        await system.sim.post(`/webhook/sites/site-${n}/bulletins`, payload, {
          headers: {
            'Content-Type': 'application/json',
            'x-mb-event-id': eventId,
            'x-mb-timestamp': String(timestamp),
            'x-mb-signature': signWebhook(`secret-${n}-0000000000`, {
              method: 'POST',
              path: `/webhook/sites/site-${n}/bulletins`,
              eventId,
              deliveryKey: '',
              timestamp,
              rawBody: payload,
            }),
          },
          transformRequest: [(data) => data],
        });
      }
      const series: number[][] = [];
      for (const hours of [0.5, 1, 3, 12, 48]) {
        await system.sim.put('/_sim/clock', { at: new Date(Date.parse('2026-11-20T00:00:00.000Z') + hours * 3_600_000).toISOString() });
        const posts = (await system.sim.get('/_sim/posts', { params: { platform: 'webhook' } })).data as Array<{
          counters: { reads: number };
        }>;
        series.push(posts.map((post) => post.counters.reads));
      }
      return series;
    }

    it('grow over time, more for accounts with more followers', async () => {
      const series = await runScenario(11);
      for (let step = 1; step < series.length; step += 1) {
        for (let post = 0; post < 3; post += 1) expect(series[step][post]).toBeGreaterThan(series[step - 1][post]);
      }
      expect(series.at(-1)![2]).toBeGreaterThan(series.at(-1)![0]);
    });

    it('give the same sequence for the same seed, and another for another seed', async () => {
      const first = await runScenario(20261123);
      const second = await runScenario(20261123);
      const other = await runScenario(99);
      expect(second).toEqual(first);
      expect(other).not.toEqual(first);
    });
  });
});
