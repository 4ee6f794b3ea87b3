import { randomBytes } from 'node:crypto';
import axios from 'axios';
import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  registerWithSimulator,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { freePort, TestSystem, waitFor } from './support/system';
import { type QueueBackendKind } from '@mb/config';
import { AttributionCodec } from '@mb/platforms';
import { Platform, PLATFORMS as PLATFORM_NAMES } from '@mb/vocabulary';

const ACCOUNTS = 12;
const PLATFORMS = [Platform.Webhook, Platform.Weibo];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format, read into samples. */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

function total(all: Sample[], name: string, labels: Record<string, string> = {}): number {
  return all
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

describe.each<QueueBackendKind>(['postgres', 'redis'])(
  'Prometheus metrics of the api and the worker (%s queue backend)',
  (queueBackend) => {
    let system: TestSystem;
    let tree: UnitTree;
    let workerMetricsUrl: string;
    const token = randomBytes(24).toString('hex');
    const scrape = async (url: string) => {
      const answer = await axios.get(url, {
        headers: { Authorization: `Bearer ${token}` },
        responseType: 'text',
        validateStatus: () => true,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return samples(answer.data as string);
    };

    beforeAll(async () => {
      const workerPort = await freePort();
      workerMetricsUrl = `http://127.0.0.1:${workerPort}/metrics`;
      system = await TestSystem.start(`metrics_${queueBackend}`, {
        queueBackend,
        apps: ['platform-sim', 'api', 'worker'],
        env: { MB_METRICS_SCRAPE_TOKEN: token, MB_WORKER_METRICS_PORT: String(workerPort), MB_METRICS_HOST: '127.0.0.1' },
      });
      tree = await createUnitTree(system);
      const seeded = accountRows(system, tree.countyIds, ACCOUNTS, PLATFORMS);
      expect((await system.api.post('/accounts/import', { accounts: apiRows(seeded) })).data.created).toBe(ACCOUNTS);
      await registerWithSimulator(system, seeded);
    });

    afterAll(async () => {
      await system?.stop();
    });

    it('refuses a scrape without the token, on both processes', async () => {
      for (const url of [`${system.apiUrl}/metrics`, workerMetricsUrl]) {
        expect((await axios.get(url, { validateStatus: () => true })).status).toBe(401);
        expect(
          (await axios.get(url, { headers: { Authorization: 'Bearer wrong-token-of-some-length' }, validateStatus: () => true })).status,
        ).toBe(401);
      }
    });

    it('after a fan-out, the counters of both processes agree with the database', async () => {
      const { id, seq } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
      expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
      await waitFor(
        'every delivery posted',
        async () => {
          const { rows } = await system.db.query(`SELECT count(*)::int AS n FROM delivery WHERE bulletin_id = $1 AND state = 'published'`, [
            id,
          ]);
          return rows[0].n === ACCOUNTS ? true : undefined;
        },
        60_000,
      );
      // Two tips through the API, so the tip counter has something to agree with.
      const code = new AttributionCodec(system.env.MB_CREDENTIALS_KEY as string).encode(seq, 0);
      for (const text of ['在汽车站见过此人', '在菜市场见过此人']) {
        const answer = await axios.post(`${system.apiUrl}/public/tips`, { code, text, anonymous: true }, { validateStatus: () => true });
        expect(answer.status).toBe(201);
      }

      const api = await scrape(`${system.apiUrl}/metrics`);
      const worker = await scrape(workerMetricsUrl);
      const { rows: byState } = await system.db.query(`SELECT platform, state, count(*)::int AS n FROM delivery GROUP BY platform, state`);
      for (const row of byState)
        expect({ ...row, metric: total(api, 'mb_deliveries', { platform: row.platform, state: row.state }) }).toEqual({
          ...row,
          metric: row.n,
        });
      for (const platform of PLATFORMS) {
        const { rows } = await system.db.query(`SELECT count(*)::int AS n FROM delivery WHERE platform = $1 AND state = 'published'`, [
          platform,
        ]);
        expect(total(worker, 'mb_delivery_outcomes_total', { platform, job: 'deliver', outcome: 'published' })).toBe(rows[0].n);
        // Every post was at least one call that answered 2xx, timed under the platform's name.
        expect(total(worker, 'mb_platform_call_duration_seconds_count', { platform, outcome: '2xx' })).toBeGreaterThanOrEqual(rows[0].n);
        expect(api.some((sample) => sample.name === 'mb_queue_jobs' && sample.labels.platform === platform)).toBe(true);
        expect(total(api, 'mb_queue_oldest_waiting_seconds', { platform })).toBeGreaterThanOrEqual(0);
      }
      const { rows: tips } = await system.db.query(`SELECT count(*)::int AS n FROM tip WHERE source = 'api'`);
      expect(total(api, 'mb_tips_received_total', { channel: 'api' })).toBe(tips[0].n);
      const { rows: awaited } = await system.db.query(`SELECT count(*)::int AS n FROM tip WHERE replied_at IS NULL`);
      expect(
        total(api, 'mb_tip_replies_awaited', { deadline: 'due' }) + total(api, 'mb_tip_replies_awaited', { deadline: 'overdue' }),
      ).toBe(awaited[0].n);
      // Request durations are by route template, never by the path with its ids.
      expect(total(api, 'mb_http_request_duration_seconds_count', { method: 'POST', route: '/bulletins/:id/publish', status: '202' })).toBe(
        1,
      );
      expect(api.some((sample) => sample.name === 'mb_http_request_duration_seconds_count' && sample.labels.route?.includes(id))).toBe(
        false,
      );
      // Node's own process metrics, on both.
      for (const process of [api, worker]) expect(total(process, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(worker.some((sample) => sample.name === 'nodejs_heap_size_used_bytes')).toBe(true);
    });

    it('shows each platform queue on the queue board to an admin only, with a delivery waiting out a 503 among the delayed jobs', async () => {
      const board = axios.create({ baseURL: system.apiUrl, validateStatus: () => true });
      expect((await board.get('/admin/queues')).status).toBe(401);
      const analyst = await system.clientFor('analyst');
      expect((await analyst.get('/admin/queues/api/queues')).status).toBe(403);
      expect((await analyst.post('/admin/queue-board/session')).status).toBe(403);

      await system.sim.put('/_sim/faults', { platform: Platform.Weibo, errorRate: 1 });
      const { id } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
      expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
      await waitFor('a weibo delivery waiting to retry', async () => {
        const { rows } = await system.db.query(
          `SELECT count(*)::int AS n FROM delivery WHERE bulletin_id = $1 AND platform = 'weibo' AND state = 'retry_wait'`,
          [id],
        );
        return rows[0].n > 0 ? true : undefined;
      });

      const session = await system.api.post('/admin/queue-board/session');
      expect(session.status).toBe(200);
      const cookie = String(session.headers['set-cookie']).split(';')[0];
      expect(String(session.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
      expect(String(session.headers['set-cookie'])).toContain('Path=/admin/queues');
      const page = await board.get('/admin/queues', { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(page.data).toContain('__UI_CONFIG__');
      const listed = await waitFor('the delayed job on the board', async () => {
        const answer = await board.get('/admin/queues/api/queues', {
          headers: { Cookie: cookie },
          params: { activeQueue: 'deliver-weibo', status: 'delayed' },
        });
        expect(answer.status).toBe(200);
        const queues = answer.data.queues as Array<{ name: string; counts: Record<string, number>; readOnlyMode: boolean }>;
        return queues.find((queue) => queue.name === 'deliver-weibo')!.counts.delayed > 0 ? queues : undefined;
      });
      expect(listed.map((queue) => queue.name).sort()).toEqual(PLATFORM_NAMES.map((platform) => `deliver-${platform}`).sort());
      expect(listed.every((queue) => queue.readOnlyMode)).toBe(true);
      await system.sim.put('/_sim/faults', { platform: Platform.Weibo, errorRate: 0 });
    });
  },
);
