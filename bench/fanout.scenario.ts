import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { PLATFORMS } from '@mb/vocabulary';
import { deliveriesInFlight } from '@mb/platforms';
import { BareAccount, BarePoster, BARE_PLATFORMS } from './bare-posts';
import { CpuUsage, engineCpuSeconds } from './cpu-usage';
import { accountRows, apiRows, approvedBulletin, createUnitTree, registerWithSimulator, wantedBulletin } from '../test/support/factories';
import { TestSystem, waitFor } from '../test/support/system';

/** The simulator's answer time in the fan-out scenarios, the 50 ms. */
export const FAN_OUT_LATENCY_MS = 50;
const CONCURRENCY = 50;

export interface FanOutFigures {
  accounts: number;
  wallSeconds: number;
  deliveriesPerSecond: number;
  firstPostMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  workerPeakRssMb: number;
  /** Posts the simulator refused with 429 because they came faster than its limit. */
  rateLimitedAnswers: number;
  /** CPU seconds each kind of process used during the fan-out (the machine's two cores are shared by all). */
  cpuSeconds: Record<string, number>;
  /** The engine's CPU (worker, api, PostgreSQL, Redis) a delivery, in milliseconds. */
  engineCpuMsPerDelivery: number;
  /** How long the publish call took to answer (the delivery rows are on record; queueing goes on after). */
  publishAnswerMs: number;
}

/** A bare run: posts a second, and the bare client's own CPU a post (its process, which does nothing else meanwhile). */
export interface BareRun {
  perSecond: number;
  cpuMsPerPost: number;
}

export interface RunOptions {
  label: string;
  backend: 'redis' | 'postgres';
  accounts: number;
  workerConcurrency?: number;
  workers?: number;
  /** Posts per second each platform accepts (the simulator's limit) and the engine's limiter is set to. */
  ratePerSecond?: number;
  /** The simulator's answer time for every call (FAN_OUT_LATENCY_MS unless given). */
  latencyMs?: number;
  /** Runs the bare-client baseline against the same simulator first. */
  withBaseline?: boolean;
}

export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kilobytes / 102.4) / 10;
}

/** The same posts to the same accounts, sent straight to the simulator by a bare client at the engine's concurrency. */
async function bareBaseline(system: TestSystem, label: string, accounts: BareAccount[], concurrency: number): Promise<BareRun> {
  const poster = new BarePoster(system.simUrl, concurrency);
  const bar = new SingleBar({
    format: `  ${label.padEnd(22)} [{bar}] {value}/{total} bare posts`,
    hideCursor: true,
    stream: process.stderr,
  });
  bar.start(accounts.length, 0);
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const sender = async () => {
    while (next < accounts.length) {
      const account = accounts[next];
      next += 1;
      await poster.post(account);
      bar.increment();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const perSecond = accounts.length / ((Date.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  bar.stop();
  await poster.close();
  return { perSecond, cpuMsPerPost: (cpu.user + cpu.system) / 1000 / accounts.length };
}

/** One fan-out on a fresh system: publish to every account, time it to the last delivery recorded. */
export async function fanOut(
  options: RunOptions,
): Promise<{ figures: FanOutFigures; baseline?: { perSecond: number; runs: number[]; cpuMsPerPost: number } }> {
  const concurrency = options.workerConcurrency ?? CONCURRENCY;
  const rate = options.ratePerSecond ? String(options.ratePerSecond) : '100000';
  const system = await TestSystem.start(`bench_${options.label.toLowerCase().replace(/[^a-z0-9]+/g, '')}`, {
    queueBackend: options.backend,
    env: {
      MB_LOG_LEVEL: 'info',
      MB_WORKER_CONCURRENCY: String(concurrency),
      ...Object.fromEntries(PLATFORMS.map((platform) => [`MB_RATE_${platform.toUpperCase()}`, rate])),
      MB_PLATFORM_TIMEOUT_MS: '30000',
    },
  });
  try {
    for (let extra = 1; extra < (options.workers ?? 1); extra += 1) await system.startApp('worker');
    const tree = await createUnitTree(system);
    const rows = accountRows(system, tree.countyIds, options.accounts, BARE_PLATFORMS);
    for (let start = 0; start < rows.length; start += 10_000) {
      const imported = await system.api.post(
        '/accounts/import',
        { accounts: apiRows(rows.slice(start, start + 10_000)) },
        { maxBodyLength: Infinity },
      );
      if (imported.status !== 200) throw new Error(`import answered ${imported.status}`);
    }
    await registerWithSimulator(system, rows);
    await system.sim.put('/_sim/faults', { latencyMs: options.latencyMs ?? FAN_OUT_LATENCY_MS });
    if (options.ratePerSecond) {
      for (const platform of BARE_PLATFORMS)
        await system.sim.put('/_sim/faults', { platform, publishRateLimitPerSecond: options.ratePerSecond });
    }
    // As many posts in flight as one worker keeps over all platforms.
    const inFlight = BARE_PLATFORMS.reduce((sum, platform) => sum + deliveriesInFlight(platform, concurrency), 0);
    const bareAccounts = rows.map(({ platform, platformAccountId, simCredentials }) => ({
      platform,
      platformAccountId,
      credentials: simCredentials,
    }));
    const bareRuns: BareRun[] = [];
    if (options.withBaseline) bareRuns.push(await bareBaseline(system, options.label, bareAccounts, inFlight));

    const { id } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
    const figures = await publishAndMeasure(system, id, options.accounts, options.label);
    // The bare loop once more on the simulator as the engine left it (warmer, holding more posts):
    // the mean of the runs before and after weighs both sides of the engine's run alike.
    if (options.withBaseline) bareRuns.push(await bareBaseline(system, options.label, bareAccounts, inFlight));
    const mean = (figure: (run: BareRun) => number) => bareRuns.reduce((sum, run) => sum + figure(run), 0) / bareRuns.length;
    const baseline = bareRuns.length
      ? {
          perSecond: mean((run) => run.perSecond),
          runs: bareRuns.map((run) => Math.round(run.perSecond)),
          cpuMsPerPost: Math.round(mean((run) => run.cpuMsPerPost) * 1000) / 1000,
        }
      : undefined;
    return { figures, baseline };
  } finally {
    await system.stop();
  }
}

async function rateLimitedSoFar(system: TestSystem): Promise<number> {
  const calls = (await system.sim.get('/_sim/calls')).data as { rateLimited: Record<string, number> };
  return Object.values(calls.rateLimited).reduce((sum, count) => sum + count, 0);
}

/** Publishes an approved bulletin expected to reach `accounts` accounts, with a progress bar, and times it to the last post recorded. */
export async function publishAndMeasure(system: TestSystem, id: string, accounts: number, label: string): Promise<FanOutFigures> {
  const bar = new SingleBar({
    format: `  ${label.padEnd(22)} [{bar}] {value}/{total} deliveries`,
    hideCursor: true,
    stream: process.stderr,
  });
  const limitedBefore = await rateLimitedSoFar(system);
  bar.start(accounts, 0);
  const cpu = CpuUsage.start();
  const started = Date.now();
  const published = await system.reviewer.post(`/bulletins/${id}/publish`);
  const publishAnswerMs = Date.now() - started;
  if (published.data.deliveriesCreated !== accounts) throw new Error(`publish created ${published.data.deliveriesCreated} deliveries`);
  await waitFor(
    'the fan-out',
    async () => {
      const progress = (await system.api.get(`/bulletins/${id}/progress`)).data;
      bar.update(progress.finished);
      return progress.finished === accounts ? true : undefined;
    },
    3_600_000,
    1_000,
  );
  const cpuSeconds = cpu.stop();
  bar.stop();
  const {
    rows: [timing],
  } = await system.db.query(
    `SELECT extract(epoch FROM min(posted_at)) * 1000 AS first_post, extract(epoch FROM max(posted_at)) * 1000 AS last_post,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM posted_at - created_at) * 1000) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM posted_at - created_at) * 1000) AS p95,
            count(*) FILTER (WHERE state <> 'published')::int AS not_published
     FROM delivery WHERE bulletin_id = $1`,
    [id],
  );
  if (timing.not_published > 0) throw new Error(`${timing.not_published} deliveries did not end published`);
  // Timed to the last post recorded, not to when the once-a-second progress poll noticed it.
  const wallMs = Number(timing.last_post) - started;
  return {
    accounts,
    wallSeconds: Math.round(wallMs) / 1000,
    deliveriesPerSecond: Math.round((accounts / (wallMs / 1000)) * 10) / 10,
    firstPostMs: Math.round(Number(timing.first_post) - started),
    publishAnswerMs,
    latencyP50Ms: Math.round(Number(timing.p50)),
    latencyP95Ms: Math.round(Number(timing.p95)),
    workerPeakRssMb: Math.max(...system.pids('worker').map(peakRssMb)),
    rateLimitedAnswers: (await rateLimitedSoFar(system)) - limitedBefore,
    cpuSeconds,
    engineCpuMsPerDelivery: Math.round((engineCpuSeconds(cpuSeconds) * 1000 * 1000) / accounts) / 1000,
  };
}
