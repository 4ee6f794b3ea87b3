import { PLATFORMS } from '@mb/vocabulary';
import { accountRows, apiRows, createUnitTree, registerWithSimulator } from './support/factories';
import { FAULT_TEST_ENV, FanOutChecks } from './support/fan-out-checks';
import { RedisCluster } from './support/redis-cluster';
import { TestSystem, waitFor } from './support/system';

const ACCOUNTS = 600;

/**
 * The queues on a real Redis Cluster (three masters, a replica each, on loopback): each platform's
 * queue lives in the slot of its hash tag, and a worker killed or a master killed mid fan-out
 * still leaves every account with exactly one post.
 */
describe('delivery on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let system: TestSystem;
  let checks: FanOutChecks;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3);
    system = await TestSystem.start('cluster', {
      queueBackend: 'redis',
      env: { ...FAULT_TEST_ENV, MB_REDIS_CLUSTER_NODES: cluster.seeds },
    });
    const tree = await createUnitTree(system);
    const rows = accountRows(system, tree.countyIds, ACCOUNTS);
    const imported = await system.api.post('/accounts/import', { accounts: apiRows(rows) });
    expect(imported.data.created).toBe(ACCOUNTS);
    await registerWithSimulator(system, rows);
    await system.sim.put('/_sim/faults', { latencyMs: 60, jitterMs: 20 });
    checks = new FanOutChecks(system, tree, rows);
  });

  afterAll(async () => {
    await system?.stop();
    await cluster?.stop();
  });

  const queueTag = (platform: string) => `{${system.name}:deliver-${platform}}`;

  it('spreads the platform queues over the masters by their hash tags and posts once to every account', async () => {
    const bulletin = await checks.publish('悬赏通缉：集群投递');
    await checks.waitUntilIdle(bulletin.id);
    expect(await checks.statesOf(bulletin.id)).toEqual({ published: ACCOUNTS });
    expect(await checks.doubledAndMissing(bulletin.seq)).toEqual({ doubled: [], missing: [] });
    // The keys sit exactly on the masters that serve the queues' tags: one slot a queue, not one node for all.
    const tagMasters = new Set(PLATFORMS.map((platform) => cluster.masterOf(queueTag(platform))));
    expect(new Set(cluster.keysPerMaster().keys())).toEqual(tagMasters);
  });

  it('a worker killed with SIGKILL mid fan-out: once restarted, every account has exactly one post', async () => {
    const run = await checks.throughFault(
      '悬赏通缉：集群上工作进程被杀',
      () => system.kill('worker', 'SIGKILL'),
      () => system.startApp('worker'),
    );
    expect(run.shareAfterFault).toBeLessThan(1);
    expect(run.states).toEqual({ published: ACCOUNTS });
    expect(run.posts).toEqual({ doubled: [], missing: [] });
  });

  it('a master killed mid fan-out: its replica takes over, every account has exactly one post, and the old master rejoins as a replica', async () => {
    // The master of WeChat's queue, the slowest platform's, so that its jobs are still there to lose.
    let victim = 0;
    const run = await checks.throughFault('悬赏通缉：集群主节点故障', async () => {
      victim = cluster.masterOf(queueTag('wechat_mp'));
      await cluster.kill(victim);
    });
    expect(run.shareAfterFault).toBeLessThan(1);
    expect(cluster.masterOf(queueTag('wechat_mp'))).not.toBe(victim);
    await cluster.waitUntilHealthy();
    expect(run.states).toEqual({ published: ACCOUNTS });
    expect(run.posts).toEqual({ doubled: [], missing: [] });

    await cluster.restart(victim);
    await waitFor('the old master to rejoin as a replica', async () => (cluster.isReplica(victim) ? true : undefined), 30_000, 250);
    await cluster.waitUntilHealthy();
    // The engine goes on posting on the reshaped cluster.
    const after = await checks.publish('悬赏通缉：集群恢复后', ['weibo', 'webhook']);
    await checks.waitUntilIdle(after.id);
    expect(Object.keys(await checks.statesOf(after.id))).toEqual(['published']);
  });
});
