import { accountRows, apiRows, createUnitTree, registerWithSimulator } from './support/factories';
import { FanOutChecks } from './support/fan-out-checks';
import { StreamingReplica } from './support/postgres-replica';
import { TestSystem, waitFor } from './support/system';
import { Client } from 'pg';

const ACCOUNTS = 60;

/**
 * Reports read from a real streaming replica (pg_basebackup of a primary of the test's own), and
 * from the primary while the replica is down: the analyst's figures never stop, and never lie.
 */
describe('reports from a read replica', () => {
  let pair: StreamingReplica;
  let system: TestSystem;
  let checks: FanOutChecks;

  beforeAll(async () => {
    pair = await StreamingReplica.start();
    system = await TestSystem.start('replica', { queueBackend: 'postgres', serverAdminUrl: pair.primaryUrl() });
    // The database's name is known once it exists: the api starts again reading its reports from the replica.
    await system.kill('api', 'SIGTERM');
    await system.startApp('api', { MB_REPORTS_READ_URL: pair.replicaUrl(system.name, 'mb_test_app') });
    const tree = await createUnitTree(system);
    const rows = accountRows(system, tree.countyIds, ACCOUNTS);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).data.created).toBe(ACCOUNTS);
    await registerWithSimulator(system, rows);
    checks = new FanOutChecks(system, tree, rows);
  });

  afterAll(async () => {
    await system?.stop();
    await pair?.stop();
  });

  /** The api's report connections on the replica, as the replica itself lists them. */
  async function replicaConnections(): Promise<number> {
    const replica = new Client({ connectionString: pair.replicaUrl('postgres') });
    await replica.connect();
    try {
      const { rows } = await replica.query(
        `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND application_name = 'mb-reports-replica'`,
        [system.name],
      );
      return rows[0].count;
    } finally {
      await replica.end();
    }
  }

  async function totals(): Promise<{ bulletins: number; posts: number }> {
    const answer = await system.api.get('/reports/totals');
    expect(answer.status).toBe(200);
    return answer.data;
  }

  it('answers the totals from the replica once it has replayed the fan-out', async () => {
    const bulletin = await checks.publish('悬赏通缉：报表读副本');
    await checks.waitUntilIdle(bulletin.id);
    await pair.waitForReplay();
    expect(await totals()).toMatchObject({ bulletins: 1, posts: ACCOUNTS });
    expect(await replicaConnections()).toBeGreaterThan(0);
  });

  it('answers from the primary while the replica is down, with what was written meanwhile, and goes back to the replica', async () => {
    pair.stopReplica();
    expect(await totals()).toMatchObject({ bulletins: 1, posts: ACCOUNTS });
    const second = await checks.publish('悬赏通缉：副本停机期间', ['weibo']);
    await checks.waitUntilIdle(second.id);
    const weiboPosts = (await checks.statesOf(second.id)).published;
    expect(await totals()).toMatchObject({ bulletins: 2, posts: ACCOUNTS + weiboPosts });
    expect(system.logs()).toContain('replica unreachable; reports read the primary');

    await pair.startReplica();
    await pair.waitForReplay();
    await waitFor(
      'the reports to read the replica again',
      async () => {
        await totals();
        return (await replicaConnections()) > 0 ? true : undefined;
      },
      30_000,
      1000,
    );
    expect(await totals()).toMatchObject({ bulletins: 2, posts: ACCOUNTS + weiboPosts });
  });
});
