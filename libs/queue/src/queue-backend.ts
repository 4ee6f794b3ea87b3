import { createPostgresBackend, runMigrations, setDefaultBackendFactory } from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '@mb/config';

/**
 * BullMQ runs on Redis (for scale) or on PostgreSQL (so the system can run with PostgreSQL alone).
 * The backend is a process-wide default that must be chosen before any queue is built.
 */
export function selectQueueBackend(config: AppConfig): void {
  setDefaultBackendFactory(config.queueBackend === 'postgres' ? (createPostgresBackend as never) : undefined);
}

/** The `connection` option for queues and workers of the configured backend. */
export function queueConnection(config: AppConfig): any {
  if (config.queueBackend === 'postgres') {
    return { connectionString: config.databaseUrl, schema: queueSchemaOf(config), max: 10, skipMigrations: true };
  }
  const url = new URL(config.redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.replace('/', '') || 0),
    password: url.password || undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  };
}

/** Redis keys are namespaced by prefix; the PostgreSQL backend by schema (see queueConnection). */
export function queuePrefix(config: AppConfig): string {
  return config.queueNamespace;
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
