import { machine, saveAndPrint, type TableRow } from './bench-results';
import { FAN_OUT_LATENCY_MS, fanOut } from './fanout.scenario';
import { reportsAtScale } from './reports.scenario';
import { tipIntake } from './tips.scenario';
import { BARE_PLATFORMS } from './bare-posts';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZE = QUICK
  ? {
      large: 400,
      small: 200,
      limited: 400,
      scaleOut: 100,
      tips: 500,
      tipsWarmUp: 100,
      reportAccounts: 1000,
      reportBulletins: 10,
      snapshotsPerPost: 10,
      reportTips: 2000,
    }
  : {
      large: 20_000,
      small: 2_000,
      limited: 10_000,
      scaleOut: 4_000,
      tips: 20_000,
      tipsWarmUp: 2_000,
      reportAccounts: 20_000,
      reportBulletins: 50,
      snapshotsPerPost: 10,
      reportTips: 100_000,
    };

/**
 * Each platform's posts per second in the rate-limited run: 200/s over the five, well below what the
 * engine posts unlimited here (600/s or so), so the limit binds and the run measures how closely the
 * engine follows it; its raw speed is the first scenario's figure.
 */
const LIMITED_RATE_PER_PLATFORM = 40;

/**
 * Each scale-out worker's concurrency: 1 delivery in flight on a one-call platform, 11 over the
 * five (WeChat's five calls get 5), the least a worker can be held to.
 */
const SCALE_OUT_CONCURRENCY = 1;

/**
 * The platforms' answer time in the scale-out runs. At 50 ms a single worker on the slower
 * machines of this kind was only 80% latency-bound, and two of them, with the simulator and both
 * databases, kept 1.2-1.4 of the two cores busy: the ratio measured the CPU left over, not how
 * the processes share the work. At 100 ms one worker is latency-bound on every machine seen; the
 * 50 ms pair is still run and reported (full mode) beside it.
 */
const SCALE_OUT_LATENCY_MS = 100;

type FanOutRun = Awaited<ReturnType<typeof fanOut>>;
const bare = (run: FanOutRun) => run.baseline as { perSecond: number; runs: number[]; cpuMsPerPost: number };
/** The engine's CPU a delivery over the bare client's CPU a post, for the same posts in the same run. */
const efficiency = (run: FanOutRun) => ratio(run.figures.engineCpuMsPerDelivery, bare(run).cpuMsPerPost);
const ratio = (value: number, base: number) => Math.round((value / base) * 1000) / 1000;
/** Deliveries a second with more workers over with one. */
const overOneWorker = (one: FanOutRun, more: FanOutRun) => ratio(more.figures.deliveriesPerSecond, one.figures.deliveriesPerSecond);

describe('benchmarks', () => {
  it('fan-out, rate-limited fan-out, scale-out, memory, tip intake and reports, each against a baseline measured in the same run', async () => {
    const redis = await fanOut({ label: 'fan-out (Redis)', backend: 'redis', accounts: SIZE.large, withBaseline: true });
    const postgres = await fanOut({ label: 'fan-out (PostgreSQL)', backend: 'postgres', accounts: SIZE.large, withBaseline: true });
    const limited = await fanOut({
      label: 'rate-limited fan-out',
      backend: 'redis',
      accounts: SIZE.limited,
      ratePerSecond: LIMITED_RATE_PER_PLATFORM,
    });
    const boundSeconds = SIZE.limited / BARE_PLATFORMS.length / LIMITED_RATE_PER_PLATFORM;
    const scaleOut = (workers: number, latencyMs: number) =>
      fanOut({
        label: `scale-out: ${workers}w, ${latencyMs} ms`,
        backend: 'redis',
        accounts: SIZE.scaleOut,
        workerConcurrency: SCALE_OUT_CONCURRENCY,
        workers,
        latencyMs,
      });
    const one = await scaleOut(1, SCALE_OUT_LATENCY_MS);
    const two = await scaleOut(2, SCALE_OUT_LATENCY_MS);
    const four = await scaleOut(4, SCALE_OUT_LATENCY_MS);
    const at50 = QUICK ? undefined : { one: await scaleOut(1, FAN_OUT_LATENCY_MS), two: await scaleOut(2, FAN_OUT_LATENCY_MS) };
    const small = await fanOut({ label: 'memory: small fan-out', backend: 'redis', accounts: SIZE.small });
    const tips = await tipIntake(SIZE.tips, 50, SIZE.tipsWarmUp);
    const reports = await reportsAtScale(SIZE.reportAccounts, SIZE.reportBulletins, SIZE.snapshotsPerPost, SIZE.reportTips);

    const results = {
      date: new Date().toISOString(),
      mode: QUICK ? 'quick' : 'full',
      machine: machine(),
      fanout: {
        ...redis.figures,
        bareClientPerSecond: Math.round(bare(redis).perSecond),
        bareClientRuns: bare(redis).runs,
        bareClientCpuMsPerPost: bare(redis).cpuMsPerPost,
      },
      fanout_ratio: ratio(redis.figures.deliveriesPerSecond, bare(redis).perSecond),
      efficiency_ratio: efficiency(redis),
      first_post_ms: redis.figures.firstPostMs,
      fanout_pg: {
        ...postgres.figures,
        bareClientPerSecond: Math.round(bare(postgres).perSecond),
        bareClientRuns: bare(postgres).runs,
        bareClientCpuMsPerPost: bare(postgres).cpuMsPerPost,
      },
      fanout_ratio_pg: ratio(postgres.figures.deliveriesPerSecond, bare(postgres).perSecond),
      efficiency_ratio_pg: efficiency(postgres),
      first_post_ms_pg: postgres.figures.firstPostMs,
      ratelimit: { ...limited.figures, postsPerSecondPerPlatform: LIMITED_RATE_PER_PLATFORM, boundSeconds },
      ratelimit_ratio: ratio(limited.figures.wallSeconds, boundSeconds),
      scaleout: {
        concurrencyPerPlatform: SCALE_OUT_CONCURRENCY,
        latencyMs: SCALE_OUT_LATENCY_MS,
        oneWorker: one.figures,
        twoWorkers: two.figures,
        fourWorkers: four.figures,
        ...(at50 && { at50ms: { oneWorker: at50.one.figures, twoWorkers: at50.two.figures, ratio: overOneWorker(at50.one, at50.two) } }),
      },
      scaleout_ratio: overOneWorker(one, two),
      scaleout_ratio_4: overOneWorker(one, four),
      memory: {
        smallAccounts: SIZE.small,
        smallPeakRssMb: small.figures.workerPeakRssMb,
        largeAccounts: SIZE.large,
        largePeakRssMb: redis.figures.workerPeakRssMb,
      },
      memory_growth: ratio(redis.figures.workerPeakRssMb, small.figures.workerPeakRssMb),
      tips,
      tips_ratio: ratio(tips.tipsPerSecond, tips.bareInsertsPerSecond),
      reports,
    };
    const table: TableRow[] = [
      ['fanout_ratio (Redis)', results.fanout_ratio, '≥ 0.85'],
      ['fanout_ratio_pg', results.fanout_ratio_pg, '≥ 0.6'],
      ['efficiency_ratio (Redis)', results.efficiency_ratio, '≤ 5'],
      ['efficiency_ratio_pg', results.efficiency_ratio_pg, '≤ 15'],
      ['first_post_ms (Redis)', results.first_post_ms, '< 1000'],
      ['first_post_ms_pg', results.first_post_ms_pg, '< 1000'],
      ['ratelimit_ratio', results.ratelimit_ratio, '≤ 1.08'],
      [`scaleout_ratio (${SCALE_OUT_LATENCY_MS} ms)`, results.scaleout_ratio, '≥ 1.85'],
      [`scaleout_ratio_4 (${SCALE_OUT_LATENCY_MS} ms)`, results.scaleout_ratio_4, '≥ 3.5'],
      ['memory_growth', results.memory_growth, '≤ 1.3'],
      ['tips_ratio', results.tips_ratio, '≥ 0.7'],
      [`reports slowest p95 ms (${reports.deliveries} deliveries, ${reports.snapshots} snapshots)`, reports.slowestP95Ms, '< 300'],
    ];
    saveAndPrint(results, QUICK ? '-quick' : '', table);
    expect(results.fanout.deliveriesPerSecond).toBeGreaterThan(0);
    expect(results.tips.tipsPerSecond).toBeGreaterThan(0);
  });
});
