import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Pool } from 'undici';
import { Platform, signWebhook } from '@mb/platforms';
import { accountRows, apiRows, approvedBulletin, createUnitTree, registerWithSimulator, wantedBulletin } from '../test/support/factories';
import { TestSystem, waitFor } from '../test/support/system';

const QUICK = process.env.BENCH_QUICK === '1';
const LARGE = QUICK ? 500 : 20_000;
const SMALL = QUICK ? 200 : 2_000;
const LATENCY_MS = 50;
const CONCURRENCY = 50;
const PLATFORM_COUNT = 5;

interface FanOutFigures {
  accounts: number;
  wallSeconds: number;
  deliveriesPerSecond: number;
  firstPostMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  workerPeakRssMb: number;
}

interface RunOptions {
  label: string;
  backend: 'redis' | 'postgres';
  accounts: number;
  workerConcurrency?: number;
  workers?: number;
  /** Platform calls per second allowed, both by the simulator and by the engine's limiter. */
  ratePerSecond?: number;
  /** Runs the bare-client baseline against the same simulator first. */
  withBaseline?: boolean;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kilobytes / 102.4) / 10;
}

/** The same number of posts sent straight to the simulator with the fastest plain client, at the engine's concurrency. */
async function bareBaseline(system: TestSystem, sites: Array<{ platformAccountId: string; credentials: Record<string, string> }>, posts: number, concurrency: number): Promise<number> {
  const pool = new Pool(system.simUrl, { connections: concurrency });
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < posts) {
      const site = sites[next % sites.length];
      next += 1;
      const body = JSON.stringify({ event: 'bulletin.published', bulletin: { title: '基准', text: `基准通报 ${next}` } });
      const eventId = randomUUID();
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await pool.request({
        path: `/webhook/sites/${site.platformAccountId}/bulletins`,
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-mb-event-id': eventId,
          'x-mb-timestamp': String(timestamp),
          'x-mb-delivery': eventId,
          'x-mb-signature': signWebhook(site.credentials.secret, eventId, timestamp, body),
        },
      });
      await response.body.dump();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  return posts / ((Date.now() - started) / 1000);
}

async function fanOut(options: RunOptions): Promise<{ figures: FanOutFigures; baselinePerSecond?: number }> {
  const concurrency = options.workerConcurrency ?? CONCURRENCY;
  const rate = options.ratePerSecond ? String(options.ratePerSecond) : '100000';
  const system = await TestSystem.start(`bench_${options.label.toLowerCase().replace(/[^a-z0-9]+/g, '')}`, {
    queueBackend: options.backend,
    env: {
      MB_LOG_LEVEL: 'info',
      MB_WORKER_CONCURRENCY: String(concurrency),
      MB_RATE_WECHAT_MP: rate,
      MB_RATE_WEIBO: rate,
      MB_RATE_DOUYIN: rate,
      MB_RATE_TOUTIAO: rate,
      MB_RATE_WEBHOOK: rate,
      MB_PLATFORM_TIMEOUT_MS: '30000',
    },
  });
  try {
    for (let extra = 1; extra < (options.workers ?? 1); extra += 1) await system.startApp('worker');
    const tree = await createUnitTree(system);
    const rows = accountRows(system, tree.countyIds, options.accounts);
    for (let start = 0; start < rows.length; start += 10_000) {
      const imported = await system.api.post('/accounts/import', { accounts: apiRows(rows.slice(start, start + 10_000)) }, { maxBodyLength: Infinity });
      if (imported.status !== 200) throw new Error(`import answered ${imported.status}`);
    }
    await registerWithSimulator(system, rows);
    await system.sim.put('/_sim/faults', { latencyMs: LATENCY_MS });
    if (options.ratePerSecond) {
      for (const platform of ['wechat_mp', 'weibo', 'douyin', 'toutiao', 'webhook']) await system.sim.put('/_sim/faults', { platform, rateLimitPerSecond: options.ratePerSecond });
    }
    let baselinePerSecond: number | undefined;
    if (options.withBaseline) {
      const sites = rows.filter((row) => row.platform === Platform.Webhook);
      baselinePerSecond = await bareBaseline(system, sites, options.accounts, concurrency * PLATFORM_COUNT);
    }

    const { id } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
    const bar = new SingleBar({ format: `  ${options.label.padEnd(22)} [{bar}] {value}/{total} deliveries`, hideCursor: true, stream: process.stderr });
    bar.start(options.accounts, 0);
    const started = Date.now();
    const published = await system.reviewer.post(`/bulletins/${id}/publish`);
    if (published.data.deliveriesCreated !== options.accounts) throw new Error(`publish created ${published.data.deliveriesCreated} deliveries`);
    await waitFor('the fan-out', async () => {
      const progress = (await system.api.get(`/bulletins/${id}/progress`)).data;
      bar.update(progress.finished);
      return progress.finished === options.accounts ? true : undefined;
    }, 3_600_000, 100);
    const wallMs = Date.now() - started;
    bar.stop();
    const { rows: [timing] } = await system.db.query(
      `SELECT extract(epoch FROM min(posted_at)) * 1000 AS first_post,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM posted_at - created_at) * 1000) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM posted_at - created_at) * 1000) AS p95,
              count(*) FILTER (WHERE state <> 'published')::int AS not_published
       FROM delivery WHERE bulletin_id = $1`,
      [id],
    );
    if (timing.not_published > 0) throw new Error(`${timing.not_published} deliveries did not end published`);
    const figures: FanOutFigures = {
      accounts: options.accounts,
      wallSeconds: Math.round(wallMs) / 1000,
      deliveriesPerSecond: Math.round((options.accounts / (wallMs / 1000)) * 10) / 10,
      firstPostMs: Math.round(Number(timing.first_post) - started),
      latencyP50Ms: Math.round(Number(timing.p50)),
      latencyP95Ms: Math.round(Number(timing.p95)),
      workerPeakRssMb: Math.max(...system.pids('worker').map(peakRssMb)),
    };
    return { figures, baselinePerSecond };
  } finally {
    await system.stop();
  }
}

const ratio = (value: number, base: number) => Math.round((value / base) * 1000) / 1000;

describe('benchmarks', () => {
  it('fan-out, rate-limited fan-out, scale-out and memory, each against a baseline measured in the same run', async () => {
    const redis = await fanOut({ label: 'fan-out (Redis)', backend: 'redis', accounts: LARGE, withBaseline: true });
    const postgres = await fanOut({ label: 'fan-out (PostgreSQL)', backend: 'postgres', accounts: LARGE, withBaseline: true });
    const rate = QUICK ? 40 : 100;
    const limited = await fanOut({ label: 'rate-limited fan-out', backend: 'redis', accounts: SMALL, ratePerSecond: rate });
    const boundSeconds = SMALL / PLATFORM_COUNT / rate;
    const one = await fanOut({ label: 'scale-out: 1 worker', backend: 'redis', accounts: SMALL, workerConcurrency: 4, workers: 1 });
    const two = await fanOut({ label: 'scale-out: 2 workers', backend: 'redis', accounts: SMALL, workerConcurrency: 4, workers: 2 });
    const small = await fanOut({ label: 'memory: small fan-out', backend: 'redis', accounts: SMALL });

    const results = {
      date: new Date().toISOString(),
      mode: QUICK ? 'quick' : 'full',
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      fanout: { ...redis.figures, bareClientPerSecond: Math.round(redis.baselinePerSecond ?? 0) },
      fanout_ratio: ratio(redis.figures.deliveriesPerSecond, redis.baselinePerSecond as number),
      fanout_pg: { ...postgres.figures, bareClientPerSecond: Math.round(postgres.baselinePerSecond ?? 0) },
      fanout_ratio_pg: ratio(postgres.figures.deliveriesPerSecond, postgres.baselinePerSecond as number),
      ratelimit: { ...limited.figures, ratePerSecondPerPlatform: rate, boundSeconds },
      ratelimit_ratio: ratio(limited.figures.wallSeconds, boundSeconds),
      scaleout: { oneWorker: one.figures, twoWorkers: two.figures },
      scaleout_ratio: ratio(two.figures.deliveriesPerSecond, one.figures.deliveriesPerSecond),
      memory: { smallAccounts: SMALL, smallPeakRssMb: small.figures.workerPeakRssMb, largeAccounts: LARGE, largePeakRssMb: redis.figures.workerPeakRssMb },
      memory_growth: ratio(redis.figures.workerPeakRssMb, small.figures.workerPeakRssMb),
      tips_ratio: null,
      reports: null,
      not_measured_yet: 'tip intake and reports at scale: their features (issues 8 and 9) are not built yet',
    };
    const directory = join(process.cwd(), 'bench', 'results');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `${results.date.slice(0, 10)}${QUICK ? '-quick' : ''}.json`), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    const table = [
      ['fanout_ratio (Redis)', results.fanout_ratio, '≥ 0.7'],
      ['fanout_ratio_pg', results.fanout_ratio_pg, '≥ 0.35'],
      ['ratelimit_ratio', results.ratelimit_ratio, '≤ 1.15'],
      ['scaleout_ratio', results.scaleout_ratio, '≥ 1.8'],
      ['memory_growth', results.memory_growth, '≤ 1.3'],
    ];
    process.stdout.write(`\n${table.map(([name, value, target]) => `${String(name).padEnd(22)} ${String(value).padStart(8)}   target ${target}`).join('\n')}\n`);
    expect(results.fanout.deliveriesPerSecond).toBeGreaterThan(0);
  });
});
