import { createPostgresBackend, runMigrations, setDefaultBackendFactory } from 'bullmq';
import { Cluster } from 'ioredis';
import { Client, Pool } from 'pg';
import { AppConfig, connectionPlan, type ProcessKind } from '@mb/config';

/** The one pool every queue and worker of this process shares on the PostgreSQL backend. */
let sharedPool: Pool | undefined;
let processKind: ProcessKind = 'cli';
/** The one Redis Cluster client of this process, where the queues run on a cluster. */
let sharedCluster: Cluster | undefined;

/**
 * BullMQ runs on Redis (for scale) or on PostgreSQL (so the system can run with PostgreSQL alone).
 * The backend is a process-wide default that must be chosen before any queue is built; the kind of
 * process sizes its share of the connection budget.
 */
export function selectQueueBackend(config: AppConfig, kind: ProcessKind): void {
  processKind = kind;
  setDefaultBackendFactory(config.queueBackend === 'postgres' ? (sharedPoolBackend(queueSchemaOf(config)) as never) : undefined);
}

/**
 * BullMQ's PostgreSQL backend over our shared pool. Given a pool rather than a connection string,
 * the backend assumes its default schema for its version check; ours is named per deployment, so
 * each backend is told it before its first query (its readiness check starts on first use).
 */
function sharedPoolBackend(schema: string): typeof createPostgresBackend {
  return (name, opts, factoryOpts) => {
    const backend = createPostgresBackend(name, opts, factoryOpts) as unknown as { schema: string; connection: { schema: string } };
    backend.connection.schema = schema;
    backend.schema = schema;
    return backend as unknown as ReturnType<typeof createPostgresBackend>;
  };
}

/**
 * The `connection` option for queues and workers of the configured backend. On PostgreSQL it is
 * one pool for the whole process: a pool per queue and per worker (BullMQ's default for a
 * connection string) made one api and one worker open over fifty connections.
 */
export function queueConnection(config: AppConfig): any {
  if (config.queueBackend === 'postgres') {
    sharedPool ??= new Pool({
      connectionString: config.databaseUrl,
      max: connectionPlan(config, processKind).queue,
      // BullMQ's SQL names its tables unqualified; with a pool of ours it finds them through this.
      options: `-c search_path="${queueSchemaOf(config)}" -c jit=off`,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      application_name: `mb-${processKind}-queue`,
    });
    return sharedPool;
  }
  const url = new URL(config.redisUrl);
  const redisOptions = {
    password: url.password ? decodeURIComponent(url.password) : undefined,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ's workers block on their connections and must not give up on a command.
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  };
  if (config.redisClusterNodes.length > 0) {
    // One cluster client for every queue of the process; BullMQ duplicates it for each worker's blocking reads.
    sharedCluster ??= new Cluster(
      config.redisClusterNodes.map((node) => {
        const [host, port] = node.split(':');
        return { host, port: Number(port) };
      }),
      {
        redisOptions,
        enableOfflineQueue: true,
        // A failed-over master is found again by asking the cluster for its slots, not by retrying the dead address.
        slotsRefreshTimeout: 2000,
        clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
      },
    );
    return sharedCluster;
  }
  return { ...redisOptions, host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.replace('/', '') || 0) };
}

/** Closes the process's cluster client once the queues and workers on it have closed. */
export async function closeSharedQueueConnections(): Promise<void> {
  const cluster = sharedCluster;
  sharedCluster = undefined;
  await cluster?.quit().catch(() => cluster.disconnect());
}

/**
 * A queue's Redis key prefix: the namespace and the queue's name as a hash tag, so that every key
 * of one queue falls in one cluster slot (BullMQ's scripts touch several at once) while the
 * platforms' queues spread over the cluster's masters. The PostgreSQL backend uses the schema instead.
 */
export function queuePrefix(config: AppConfig, queueName: string): string {
  return `{${config.queueNamespace}:${queueName}}`;
}

/** The schema of the PostgreSQL backend's tables. */
export function queueSchemaOf(config: AppConfig): string {
  return `${config.queueNamespace}_queue`;
}

/** Creates the PostgreSQL backend's tables, as the owner role; idempotent and safe from several processes at once. */
export async function migrateQueueSchema(config: AppConfig, ownerUrl = config.databaseUrl): Promise<void> {
  if (config.queueBackend !== 'postgres') return;
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client as never, queueSchemaOf(config));
  } finally {
    await client.end();
  }
}
