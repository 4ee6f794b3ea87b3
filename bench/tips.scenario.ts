import { randomBytes, randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { Pool as PgPool } from 'pg';
import { Pool } from 'undici';
import { AttributionCodec } from '@mb/platforms';
import { approvedBulletin, createUnitTree, wantedBulletin } from '../test/support/factories';
import { TestSystem } from '../test/support/system';
import { CpuUsage } from './cpu-usage';

export interface TipIntakeFigures {
  submissions: number;
  warmUp: number;
  concurrency: number;
  tipsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The mean of the bare loop's runs before and after the api's, as the fan-out's baseline is taken. */
  bareInsertsPerSecond: number;
  bareRuns: number[];
  bareP99Ms: number;
  /** CPU seconds each kind of process used while the API took the tips, and during the bare loop before them. */
  cpuSeconds: Record<string, number>;
  bareCpuSeconds: Record<string, number>;
}

const percentile = (sorted: number[], share: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] * 10) / 10;

async function timedLoop(
  total: number,
  concurrency: number,
  once: (index: number) => Promise<void>,
  bar: SingleBar,
): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const at = performance.now();
        await once(index);
        latencies.push(performance.now() - at);
        bar.increment();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: Math.round((total / seconds) * 10) / 10, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * N tips posted to the public API at a fixed concurrency, against a bare loop of the rows intake
 * writes (tip, first assignment, audit row, in one transaction) through `pg` at the same concurrency.
 * Each loop first runs `warmUp` untimed (the api's code compiled, pools full), as a long-running
 * api would be. The bare loop runs again after the api's, on the tables as the api left them, so
 * neither side is always measured on the smaller tables or the earlier minute of a drifting machine.
 */
export async function tipIntake(submissions: number, concurrency: number, warmUp: number): Promise<TipIntakeFigures> {
  // One api process, as configured by default: on two cores shared with PostgreSQL and the load,
  // a second one cost 40% more api CPU a tip (1.46 against 1.05 ms) and took fewer tips a second.
  const system = await TestSystem.start('bench_tips', {
    queueBackend: 'postgres',
    apps: ['platform-sim', 'api'],
    env: {
      MB_LOG_LEVEL: 'info',
      MB_API_PROCESSES: '1',
      MB_TIPS_PER_CLIENT_PER_MINUTE: '10000000',
      MB_TIPS_PER_BULLETIN_PER_MINUTE: '10000000',
    },
  });
  try {
    const tree = await createUnitTree(system);
    const { id, seq } = await approvedBulletin(system, wantedBulletin(tree.countyIds[0], [tree.countyIds[0]]));
    await system.reviewer.post(`/bulletins/${id}/publish`);
    const code = new AttributionCodec(system.env.MB_CREDENTIALS_KEY as string).encode(seq, 0);
    const bar = new SingleBar({
      format: '  tip intake             [{bar}] {value}/{total} tips',
      hideCursor: true,
      stream: process.stderr,
    });

    bar.start((submissions + warmUp) * 3, 0);
    const bareInsert = async (database: PgPool, index: number) => {
      const client = await database.connect();
      try {
        const tipId = randomUUID();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO tip (id, reply_code, bulletin_id, source, idempotency_key, text, anonymous, text_fingerprint, handling_unit_id, routed_unit_id, reply_due_at, received_at)
           VALUES ($1, $2, $3, 'api', $4, $5, true, $6, $7, $7, now() + interval '1 day', now())`,
          [
            tipId,
            randomBytes(5).toString('hex').toUpperCase(),
            id,
            `bare-${index}`,
            `基准线索${index}：在车站附近见过嫌疑人`,
            randomBytes(32).toString('hex'),
            tree.countyIds[0],
          ],
        );
        await client.query(
          `INSERT INTO tip_assignment (tip_id, bulletin_id, unit_id, assigned_at, due_at) VALUES ($1, $2, $3, now(), now() + interval '1 day')`,
          [tipId, id, tree.countyIds[0]],
        );
        await client.query(`INSERT INTO audit_event (action, entity_type, entity_id, after) VALUES ('tip.received', 'tip', $1, '{}')`, [
          tipId,
        ]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    /**
     * One bare run on its own pool, warmed first; run k takes idempotency keys of its own. The pool
     * is closed before the api's loop is measured: a backend that ends takes its CPU seconds out of the count.
     */
    const bareRun = async (k: number) => {
      const database = new PgPool({ connectionString: system.databaseUrl, max: 20 });
      const from = k * (submissions + warmUp);
      await timedLoop(warmUp, concurrency, (index) => bareInsert(database, from + submissions + index), bar);
      const cpu = CpuUsage.start();
      const run = await timedLoop(submissions, concurrency, (index) => bareInsert(database, from + index), bar);
      const cpuSeconds = cpu.stop();
      await database.end();
      return { ...run, cpuSeconds };
    };
    const bareBefore = await bareRun(0);

    const http = new Pool(system.apiUrl, { connections: concurrency });
    const submit = async (index: number) => {
      const response = await http.request({
        path: '/public/tips',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${index}-${randomBytes(4).toString('hex')}` },
        body: JSON.stringify({ code, text: `压测线索${index}：在${index % 97}号路口见过嫌疑人`, anonymous: true }),
      });
      await response.body.dump();
      if (response.statusCode !== 201) throw new Error(`tip ${index} answered ${response.statusCode}`);
    };
    await timedLoop(warmUp, concurrency, (index) => submit(submissions + index), bar);
    const cpu = CpuUsage.start();
    const engine = await timedLoop(submissions, concurrency, submit, bar);
    await http.close();
    const cpuSeconds = cpu.stop();
    const bareAfter = await bareRun(1);
    bar.stop();
    const bareRuns = [bareBefore.perSecond, bareAfter.perSecond];
    return {
      submissions,
      warmUp,
      concurrency,
      tipsPerSecond: engine.perSecond,
      latencyP50Ms: percentile(engine.latencies, 0.5),
      latencyP99Ms: percentile(engine.latencies, 0.99),
      bareInsertsPerSecond: Math.round(((bareRuns[0] + bareRuns[1]) / 2) * 10) / 10,
      bareRuns,
      bareP99Ms: percentile(
        [...bareBefore.latencies, ...bareAfter.latencies].sort((a, b) => a - b),
        0.99,
      ),
      cpuSeconds,
      bareCpuSeconds: bareBefore.cpuSeconds,
    };
  } finally {
    await system.stop();
  }
}
