import 'reflect-metadata';
import { parseArgs } from 'node:util';
// Only what migrating needs is loaded up front: the application's modules took longer to load
// than the migrations take to run, and every deploy (and every test's fresh database) migrates.
import { loadConfigOrExit } from '@mb/config/load';
import { grantRuntimeAccess, prepareDatabase, runApplicationMigrations } from '@mb/database/migrate';
import { migrateQueueSchema, queueSchemaOf } from '@mb/queue/schema';

const USAGE = `usage: node dist/apps/cli/src/main.js <command>
  prepare-database                as MB_DATABASE_ADMIN_URL (a superuser): create the owner role
                                  (MB_DATABASE_OWNER_URL), the app role (MB_DATABASE_URL) and the database
  migrate                         as the owner role: apply database and queue-schema migrations, then
                                  grant the app role what it may do
  seed-demo [--accounts N] [--users-password P]
                                  seed Shandong (370000), stations, N simulated accounts (default 3000)
                                  and, with a password, one user per role
  sim-register                    register every active account's credentials with the platform simulator`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      accounts: { type: 'string', default: '3000' },
      province: { type: 'string', default: '370000' },
      'users-password': { type: 'string' },
    },
  });
  const config = loadConfigOrExit();
  const command = positionals[0];
  if (command === 'prepare-database') {
    if (!config.databaseAdminUrl || !config.databaseOwnerUrl)
      throw new Error('prepare-database needs MB_DATABASE_ADMIN_URL and MB_DATABASE_OWNER_URL');
    process.stdout.write(
      `${JSON.stringify(await prepareDatabase(config.databaseAdminUrl, config.databaseOwnerUrl, config.databaseUrl))}\n`,
    );
    return;
  }
  if (command === 'migrate') {
    const ownerUrl = config.databaseOwnerUrl ?? config.databaseUrl;
    const applied = await runApplicationMigrations(ownerUrl);
    await migrateQueueSchema(config, ownerUrl);
    await grantRuntimeAccess(ownerUrl, config.databaseUrl, [queueSchemaOf(config)]);
    process.stdout.write(`${JSON.stringify({ migrated: applied })}\n`);
    return;
  }
  if (command !== 'seed-demo' && command !== 'sim-register') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(64);
  }
  const [{ NestFactory }, { Logger }, { CliModule }, { DemoProvinceSeeder }] = await Promise.all([
    import('@nestjs/core'),
    import('nestjs-pino'),
    import('./cli.module'),
    import('./demo-province.seeder'),
  ]);
  const app = await NestFactory.createApplicationContext(CliModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const seeder = app.get(DemoProvinceSeeder);
  try {
    if (command === 'seed-demo') {
      const accountTarget = Number(values.accounts);
      if (!Number.isInteger(accountTarget) || accountTarget < 0) throw new Error('--accounts must be a whole number');
      const units = await seeder.seedUnits(values.province as string);
      const accounts = await seeder.seedAccounts(values.province as string, accountTarget);
      const password = values['users-password'] as string | undefined;
      const users = password ? await seeder.seedUsers(password) : [];
      process.stdout.write(
        `${JSON.stringify({ units: units.units, unmatchedCounties: units.unmatchedCounties, accountsAdded: accounts, users })}\n`,
      );
    } else {
      process.stdout.write(`${JSON.stringify({ registered: await seeder.registerAccountsWithSimulator() })}\n`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
