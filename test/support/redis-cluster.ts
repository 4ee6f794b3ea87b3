import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './system';

interface ClusterNode {
  port: number;
  dir: string;
  process: ChildProcess;
}

function redisCli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
}

/** A port whose cluster bus (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 55_000) return port;
  }
}

/**
 * A real Redis Cluster on loopback: masters with one replica each, each node its own
 * `redis-server --cluster-enabled yes` process, joined by `redis-cli --cluster create`. Nothing is
 * kept on disk; stop() kills every node and removes their folders.
 */
export class RedisCluster {
  private readonly nodes: ClusterNode[] = [];
  private readonly root = mkdtempSync(join(tmpdir(), 'mb-redis-cluster-'));

  static async start(masters = 3): Promise<RedisCluster> {
    const cluster = new RedisCluster();
    try {
      for (let index = 0; index < masters * 2; index += 1) await cluster.startNode(await clusterPort());
      execFileSync(
        'redis-cli',
        ['--cluster', 'create', ...cluster.nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', '1', '--cluster-yes'],
        { encoding: 'utf8', timeout: 60_000 },
      );
      await cluster.waitUntilHealthy();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** The seed list as `MB_REDIS_CLUSTER_NODES` takes it. */
  get seeds(): string {
    return this.nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  }

  private async startNode(port: number, dir = join(this.root, String(port))): Promise<void> {
    mkdirSync(dir, { recursive: true });
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        // A dead master's replica is promoted within seconds.
        '--cluster-node-timeout',
        '1500',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    this.nodes.push({ port, dir, process: child });
    await waitFor(`redis node ${port}`, async () => (redisCli(port, 'ping').trim() === 'PONG' ? true : undefined), 20_000, 100);
  }

  private liveNodes(): ClusterNode[] {
    return this.nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);
  }

  /** Every live node agrees the cluster is whole: all slots served. */
  async waitUntilHealthy(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      'the cluster to be healthy',
      async () => (this.liveNodes().every((node) => /cluster_state:ok/.test(redisCli(node.port, 'cluster', 'info'))) ? true : undefined),
      timeoutMs,
      200,
    );
  }

  /** The port of the master serving a key's slot now. */
  masterOf(key: string): number {
    const slot = Number(redisCli(this.liveNodes()[0].port, 'cluster', 'keyslot', key).trim());
    const shards = redisCli(this.liveNodes()[0].port, 'cluster', 'nodes')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields[2].includes('master') && !fields[2].includes('fail'));
    for (const fields of shards) {
      const port = Number(/:(\d+)@/.exec(fields[1])![1]);
      for (const range of fields.slice(8)) {
        const [low, high = low] = range.split('-').map(Number);
        if (slot >= low && slot <= high) return port;
      }
    }
    throw new Error(`no master serves slot ${slot}`);
  }

  /** Masters that hold at least one key, and how many keys each. */
  keysPerMaster(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const node of this.liveNodes()) {
      if (!/role:master/.test(redisCli(node.port, 'info', 'replication'))) continue;
      const keys = Number(redisCli(node.port, 'dbsize').trim());
      if (keys > 0) counts.set(node.port, keys);
    }
    return counts;
  }

  /** Kills one node's process outright, as a crash would. */
  async kill(port: number): Promise<void> {
    const node = this.nodes.find((candidate) => candidate.port === port)!;
    const exited = new Promise((resolve) => node.process.once('exit', resolve));
    node.process.kill('SIGKILL');
    await exited;
  }

  /** Whether the node on this port is a replica now. */
  isReplica(port: number): boolean {
    return /role:slave/.test(redisCli(port, 'info', 'replication'));
  }

  /** Starts a killed node again on its port and its cluster file: it rejoins as a replica of whoever took over. */
  async restart(port: number): Promise<void> {
    const index = this.nodes.findIndex((candidate) => candidate.port === port);
    const [node] = this.nodes.splice(index, 1);
    await this.startNode(port, node.dir);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.liveNodes().map(
        (node) =>
          new Promise<void>((resolve) => {
            node.process.once('exit', () => resolve());
            node.process.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.root, { recursive: true, force: true });
  }
}
