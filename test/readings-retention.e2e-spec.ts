import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  dueReadingsTaken,
  publishedToAll,
  registerWithSimulator,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

const DAY = 86_400_000;
const RETENTION_MONTHS = 3;

/** The month partitions of the readings, oldest first, as `YYYY_MM`. */
async function readingMonths(system: TestSystem): Promise<string[]> {
  const { rows } = await system.db.query(
    `SELECT substring(c.relname FROM 15) AS month FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'post_snapshot'::regclass AND c.relname ~ '^post_snapshot_[0-9]{4}_[0-9]{2}$' ORDER BY 1`,
  );
  return rows.map((row) => row.month);
}

const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7).replace('-', '_');

describe('counter readings kept by month, for as long as the retention says', () => {
  let system: TestSystem;
  let clockMs = 0;

  beforeAll(async () => {
    system = await TestSystem.start('readings_retention', {
      queueBackend: 'redis',
      env: {
        MB_TEST_HOOKS: 'true',
        MB_SWEEP_INTERVAL_MS: '250',
        MB_READINGS_RETENTION_MONTHS: String(RETENTION_MONTHS),
        MB_READINGS_UPKEEP_INTERVAL_MS: '300',
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function advance(ms: number): Promise<void> {
    clockMs += ms;
    expect((await system.api.put('/test-clock', { offsetMs: clockMs })).status).toBe(200);
    expect((await system.sim.put('/_sim/clock', { advanceSeconds: ms / 1000 })).status).toBe(200);
  }

  it("drops readings older than the retention a month at a time, while the reports' figures stay as they were", async () => {
    const tree = await createUnitTree(system);
    const rows = accountRows(system, tree.countyIds, 20);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).status).toBe(200);
    await registerWithSimulator(system, rows);
    const { id } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
    await publishedToAll(system, id);

    // The coming months are made ahead, so readings land in their own month.
    const now = Date.now();
    await waitFor('the coming months', async () => ((await readingMonths(system)).includes(monthOf(now + 62 * DAY)) ? true : undefined));
    await advance(6 * 60_000);
    await dueReadingsTaken(system, clockMs);
    const firstMonth = monthOf(Date.now() + clockMs);
    const { rows: early } = await system.db.query(`SELECT count(*)::int AS readings FROM post_snapshot WHERE bulletin_id = $1`, [id]);
    expect(early[0].readings).toBeGreaterThanOrEqual(20);
    const { rows: inDefault } = await system.db.query(`SELECT count(*)::int AS readings FROM post_snapshot_default`);
    expect(inDefault[0].readings).toBe(0);
    const analyst = await system.clientFor('analyst');
    const before = (await analyst.get(`/reports/bulletins/${id}`)).data;
    expect(before.funnel.reads).toBeGreaterThan(0);

    // Four months later the first month is past the three kept (this month and the two before).
    await advance(4 * 31 * DAY);
    const later = Date.now() + clockMs;
    await waitFor('the first month dropped', async () => (!(await readingMonths(system)).includes(firstMonth) ? true : undefined));
    // The readings due after four months are taken before the report is compared with the counters.
    await dueReadingsTaken(system, clockMs);
    const months = await readingMonths(system);
    expect(months[0]).toBe(monthOf(Date.UTC(new Date(later).getUTCFullYear(), new Date(later).getUTCMonth() - (RETENTION_MONTHS - 1), 1)));
    expect(months).toContain(monthOf(later));
    const { rows: left } = await system.db.query(
      `SELECT count(*)::int AS readings FROM post_snapshot WHERE bulletin_id = $1 AND taken_at < now() + ($2 || ' milliseconds')::interval - interval '3 months'`,
      [id, clockMs],
    );
    expect(left[0].readings).toBe(0);
    // The report is the posts' kept counters, not the dropped readings.
    const after = (await analyst.get(`/reports/bulletins/${id}`)).data;
    const { rows: counters } = await system.db.query(`SELECT sum(reads)::int AS reads FROM post_metrics WHERE bulletin_id = $1`, [id]);
    expect(after.funnel.reads).toBeGreaterThanOrEqual(before.funnel.reads);
    expect(after.funnel.reads).toBe(counters[0].reads);
    expect(after.funnel.posted).toBe(before.funnel.posted);
    // The hour-by-hour reads of the first day are pre-aggregated too, and stay.
    expect(after.readsOverTime.slice(0, before.readsOverTime.length)).toEqual(before.readsOverTime);
  });
});
