import { PLATFORMS } from '@mb/vocabulary';
import { approvedBulletin, publishedToAll, wantedBulletin } from '../test/support/factories';
import { TestSystem } from '../test/support/system';
import { FAN_OUT_LATENCY_MS, type FanOutFigures, publishAndMeasure } from './fanout.scenario';

/** Ten provinces of the GB/T 2260 registry: the capitals' provinces of the north, the east and the centre. */
export const NATIONAL_PROVINCES = ['110000', '120000', '130000', '140000', '320000', '330000', '370000', '410000', '420000', '440000'];

export interface NationalFigures {
  provinces: number;
  units: number;
  accounts: number;
  /** One province's accounts, one worker: the reference the national runs are measured against. */
  oneProvince: FanOutFigures;
  /** Every province's accounts, one worker, then two. */
  nationOneWorker: FanOutFigures;
  nationTwoWorkers: FanOutFigures;
  /** The engine's CPU a delivery at the national size over at one province's. */
  costGrowth: number;
  /** The worker's peak memory at the national size over at one province's. */
  memoryGrowth: number;
  /** Deliveries a second at the national size, two workers over one. */
  scaleoutRatio: number;
}

const ratio = (value: number, base: number) => Math.round((value / base) * 1000) / 1000;

/**
 * A national matrix: ten provinces with their cities, counties and stations from the registry,
 * `accountsPerProvince` simulated accounts on each, and a bulletin to one province, then to all of
 * them with one worker and with two. Each run starts fresh workers, so a peak memory is that run's.
 */
export async function nationalFanOut(accountsPerProvince: number, provinces = NATIONAL_PROVINCES): Promise<NationalFigures> {
  const system = await TestSystem.start('bench_national', {
    queueBackend: 'redis',
    env: {
      MB_LOG_LEVEL: 'info',
      MB_WORKER_CONCURRENCY: '50',
      ...Object.fromEntries(PLATFORMS.map((platform) => [`MB_RATE_${platform.toUpperCase()}`, '100000'])),
      MB_PLATFORM_TIMEOUT_MS: '30000',
    },
  });
  try {
    process.stderr.write(`  national: seeding ${provinces.length} provinces, ${accountsPerProvince * provinces.length} accounts\n`);
    for (const [index, province] of provinces.entries())
      await system.runCliAsync('seed-demo', '--province', province, '--accounts', String(accountsPerProvince * (index + 1)));
    await system.runCliAsync('sim-register');
    await system.sim.put('/_sim/faults', { latencyMs: FAN_OUT_LATENCY_MS });
    const { rows: provinceUnits } = await system.db.query(`SELECT id, code FROM unit WHERE code = ANY ($1)`, [provinces]);
    const unitOf = new Map(provinceUnits.map((row: { id: string; code: string }) => [row.code, row.id]));
    const [{ units }] = (await system.db.query(`SELECT count(*)::int AS units FROM unit`)).rows;
    const [{ accounts }] = (await system.db.query(`SELECT count(*)::int AS accounts FROM account WHERE active`)).rows;

    const issuer = unitOf.get(provinces[0]) as string;
    const [county] = (await system.db.query(`SELECT id FROM unit WHERE level = 'county' ORDER BY code LIMIT 1`)).rows;
    const run = async (label: string, targets: string[], expected: number, workers: number): Promise<FanOutFigures> => {
      await system.kill('worker', 'SIGTERM');
      for (let started = 0; started < workers; started += 1) await system.startApp('worker');
      // A running system is measured, not a starting one: one county's fan-out first warms every worker.
      const warmUp = await approvedBulletin(system, wantedBulletin(issuer, [county.id]));
      await publishedToAll(system, warmUp.id, 120_000);
      const { id } = await approvedBulletin(
        system,
        wantedBulletin(
          issuer,
          targets.map((code) => unitOf.get(code) as string),
        ),
      );
      return publishAndMeasure(system, id, expected, label);
    };
    const oneProvince = await run('national: one province', [provinces[0]], accountsPerProvince, 1);
    const nationOneWorker = await run('national: 10 provinces, 1w', provinces, accounts, 1);
    const nationTwoWorkers = await run('national: 10 provinces, 2w', provinces, accounts, 2);
    return {
      provinces: provinces.length,
      units,
      accounts,
      oneProvince,
      nationOneWorker,
      nationTwoWorkers,
      costGrowth: ratio(nationOneWorker.engineCpuMsPerDelivery, oneProvince.engineCpuMsPerDelivery),
      memoryGrowth: ratio(nationOneWorker.workerPeakRssMb, oneProvince.workerPeakRssMb),
      scaleoutRatio: ratio(nationTwoWorkers.deliveriesPerSecond, nationOneWorker.deliveriesPerSecond),
    };
  } finally {
    await system.stop();
  }
}
