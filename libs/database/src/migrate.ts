import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PLATFORMS } from '@mb/vocabulary';
import { MIGRATIONS } from './migrations';

/** Creates the database named in the URL when it does not exist yet (a fresh machine, a test run). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by a concurrent migrator
      });
    }
  } finally {
    await client.end();
  }
}

const MIGRATION_LOCK_KEY = 7_221_001;

/**
 * The `platform` domain accepts exactly the platforms of the vocabulary: rewritten when they
 * differ (a platform added or retired), left alone otherwise, so a routine migrate takes no lock.
 */
async function syncPlatformCheck(dataSource: DataSource): Promise<void> {
  if (PLATFORMS.some((platform) => !/^[a-z][a-z0-9_]*$/.test(platform)))
    throw new Error('a platform value must be a plain lower-case name');
  const wanted = `CHECK ((VALUE = ANY (ARRAY[${PLATFORMS.map((platform) => `'${platform}'::text`).join(', ')}])))`;
  const [current] = await dataSource.query(
    `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contypid = 'platform'::regtype AND conname = 'platform_known'`,
  );
  if (current?.definition === wanted) return;
  await dataSource.transaction(async (manager) => {
    await manager.query(`ALTER DOMAIN platform DROP CONSTRAINT IF EXISTS platform_known`);
    await manager.query(`ALTER DOMAIN platform ADD CONSTRAINT platform_known ${wanted}`);
  });
}

export function migrationDataSource(databaseUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
}

/** Applies pending application migrations; safe to run again and from several processes at once. */
export async function runApplicationMigrations(databaseUrl: string): Promise<string[]> {
  await ensureDatabaseExists(databaseUrl);
  const dataSource = await migrationDataSource(databaseUrl).initialize();
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await syncPlatformCheck(dataSource);
    return applied.map((migration) => migration.name);
  } finally {
    await lockHolder.release();
    await dataSource.destroy();
  }
}

export { grantRuntimeAccess, prepareDatabase } from './roles';
