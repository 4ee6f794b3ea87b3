import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from './system';

/** Debian's PostgreSQL programs (initdb, pg_ctl, pg_basebackup), newest version first. */
function binDir(): string {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => `/usr/lib/postgresql/${version}/bin`).find((dir) => existsSync(join(dir, 'pg_basebackup')));
  if (!found) throw new Error("PostgreSQL's server programs are not installed (Debian's postgresql package)");
  return found;
}

/** PostgreSQL refuses to run as root: as root the programs run as the postgres user. */
function run(program: string, args: string[]): string {
  const command = join(binDir(), program);
  const [file, argv] = userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A PostgreSQL primary of the test's own (its default pg_hba lets loopback replicate, which the
 * shared server's does not) and a streaming replica of it made by `pg_basebackup -R`, both on
 * loopback ports, their data in one temporary folder that stop() removes with both servers.
 */
export class StreamingReplica {
  private readonly root = mkdtempSync(join(tmpdir(), 'mb-replica-'));
  private readonly primaryDir = join(this.root, 'primary');
  private readonly replicaDir = join(this.root, 'replica');
  private replicaRunning = false;
  private primaryRunning = false;

  private constructor(
    readonly primaryPort: number,
    readonly replicaPort: number,
  ) {}

  static async start(): Promise<StreamingReplica> {
    const pair = new StreamingReplica(await freePort(), await freePort());
    try {
      chmodSync(pair.root, 0o777);
      run('initdb', ['-D', pair.primaryDir, '-U', 'postgres', '--auth=trust', '--locale=C.UTF-8', '-E', 'UTF8', '--no-sync']);
      pair.startServer(pair.primaryDir, pair.primaryPort);
      pair.primaryRunning = true;
      run('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(pair.primaryPort),
        '-U',
        'postgres',
        '-D',
        pair.replicaDir,
        '-R',
        '-X',
        'stream',
      ]);
      await pair.startReplica();
      return pair;
    } catch (error) {
      await pair.stop();
      throw error;
    }
  }

  private startServer(dir: string, port: number): void {
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c max_connections=40 -c wal_level=replica -c hot_standby=on`;
    run('pg_ctl', ['-D', dir, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  /** A superuser's connection string to a database on the primary. */
  primaryUrl(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort}/${database}`;
  }

  /** A connection string to a database on the replica, as a role. */
  replicaUrl(database: string, role = 'postgres'): string {
    return `postgres://${role}@127.0.0.1:${this.replicaPort}/${database}`;
  }

  /** Waits until the replica has replayed everything the primary had written when asked. */
  async waitForReplay(): Promise<void> {
    const primary = new Client({ connectionString: this.primaryUrl() });
    await primary.connect();
    const { rows } = await primary.query('SELECT pg_current_wal_lsn()::text AS lsn');
    await primary.end();
    const replica = new Client({ connectionString: this.replicaUrl('postgres') });
    await replica.connect();
    try {
      await waitFor(
        'the replica to catch up',
        async () => {
          const { rows: replayed } = await replica.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [rows[0].lsn]);
          return replayed[0].done ? true : undefined;
        },
        30_000,
        100,
      );
    } finally {
      await replica.end();
    }
  }

  /** Stops the replica at once, as a crash would. */
  stopReplica(): void {
    if (!this.replicaRunning) return;
    run('pg_ctl', ['-D', this.replicaDir, '-m', 'immediate', '-w', 'stop']);
    this.replicaRunning = false;
  }

  async startReplica(): Promise<void> {
    this.startServer(this.replicaDir, this.replicaPort);
    this.replicaRunning = true;
    await waitFor(
      'the replica to accept reads',
      async () => {
        const client = new Client({ connectionString: this.replicaUrl('postgres') });
        await client.connect();
        const { rows } = await client.query('SELECT pg_is_in_recovery() AS standby');
        await client.end();
        return rows[0].standby ? true : undefined;
      },
      30_000,
      200,
    );
  }

  async stop(): Promise<void> {
    for (const [running, dir] of [
      [this.replicaRunning, this.replicaDir],
      [this.primaryRunning, this.primaryDir],
    ] as const) {
      if (running) {
        try {
          run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
        } catch {
          // Already gone.
        }
      }
    }
    this.replicaRunning = false;
    this.primaryRunning = false;
    rmSync(this.root, { recursive: true, force: true });
  }
}
