import { Client } from 'pg';

/**
 * Two database roles: an owner that runs the migrations and owns every table, and the role the
 * running processes connect as, which owns nothing and may only read and write rows. The app role
 * therefore cannot alter a table, disable its triggers or switch `session_replication_role`, and
 * holds only SELECT and INSERT on the audit trail.
 */

interface RoleOfUrl {
  name: string;
  password: string | null;
  database: string;
}

function roleOf(url: string): RoleOfUrl {
  const parsed = new URL(url);
  return {
    name: decodeURIComponent(parsed.username || 'postgres'),
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  };
}

/** The distance functions the ring and routing queries use (earthdistance needs cube). */
const SUPERUSER_EXTENSIONS = ['cube', 'earthdistance'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a login role, or brings an existing one to the stated password; never a superuser. */
async function ensureRole(admin: Client, role: RoleOfUrl): Promise<void> {
  const password = role.password === null ? '' : ` PASSWORD ${literal(role.password)}`;
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password}`;
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  if (rowCount === 0) {
    await admin.query(`CREATE ROLE ${ident(role.name)} ${attributes}`).catch((error: { code?: string }) => {
      if (error.code !== '42710' && error.code !== '23505') throw error; // created meanwhile by another set-up
    });
  }
  await admin.query(`ALTER ROLE ${ident(role.name)} ${attributes}`);
}

/**
 * With a superuser's connection: both roles, and the database owned by the owner role. Idempotent.
 * The owner and the app role must differ: a process that owns its tables can rewrite history.
 */
export async function prepareDatabase(
  adminUrl: string,
  ownerUrl: string,
  appUrl: string,
): Promise<{ database: string; owner: string; app: string }> {
  const owner = roleOf(ownerUrl);
  const app = roleOf(appUrl);
  if (owner.name === app.name)
    throw new Error('the owner role (MB_DATABASE_OWNER_URL) and the app role (MB_DATABASE_URL) must be different roles');
  if (owner.database !== app.database) throw new Error('MB_DATABASE_OWNER_URL and MB_DATABASE_URL must name the same database');
  const serverUrl = new URL(adminUrl);
  serverUrl.pathname = '/postgres';
  await withClient(serverUrl.toString(), async (admin) => {
    await ensureRole(admin, owner);
    await ensureRole(admin, app);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [owner.database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${ident(owner.database)} OWNER ${ident(owner.name)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
    await admin.query(`ALTER DATABASE ${ident(owner.database)} OWNER TO ${ident(owner.name)}`);
  });
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${encodeURIComponent(owner.database)}`;
  await withClient(databaseUrl.toString(), async (admin) => {
    await admin.query(`ALTER SCHEMA public OWNER TO ${ident(owner.name)}`);
    await takeOverObjects(admin, owner.name);
    // Nobody but the owner creates objects in the schema the tables live in.
    await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(owner.database)} TO ${ident(app.name)}`);
    // Extensions that only a superuser may create; the migrations then find them in place.
    for (const extension of SUPERUSER_EXTENSIONS) await admin.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
  });
  return { database: owner.database, owner: owner.name, app: app.name };
}

/**
 * A database migrated before the roles were split has its objects owned by whoever migrated it
 * then (a superuser): they pass to the owner role, except what belongs to an extension.
 */
async function takeOverObjects(admin: Client, owner: string): Promise<void> {
  const notExtension = (catalog: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = o.oid AND d.deptype = 'e')`;
  const userSchema = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%'`;
  const { rows } = await admin.query(
    `SELECT format('ALTER SCHEMA %I OWNER TO %I', o.nspname, $1::text) AS sql FROM pg_namespace o JOIN pg_namespace n ON n.oid = o.oid
       WHERE ${userSchema} AND pg_get_userbyid(o.nspowner) <> $1 AND ${notExtension('pg_namespace')}
     UNION ALL
     SELECT format('ALTER %s %I.%I OWNER TO %I', CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, o.relname, $1::text)
       FROM pg_class o JOIN pg_namespace n ON n.oid = o.relnamespace
       WHERE ${userSchema} AND o.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT o.relispartition AND pg_get_userbyid(o.relowner) <> $1 AND ${notExtension('pg_class')}
         -- A column's own sequence follows its table.
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = o.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0)
     UNION ALL
     SELECT format('ALTER ROUTINE %I.%I(%s) OWNER TO %I', n.nspname, o.proname, pg_get_function_identity_arguments(o.oid), $1::text)
       FROM pg_proc o JOIN pg_namespace n ON n.oid = o.pronamespace
       WHERE ${userSchema} AND pg_get_userbyid(o.proowner) <> $1 AND ${notExtension('pg_proc')}
     UNION ALL
     SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, o.typname, $1::text)
       FROM pg_type o JOIN pg_namespace n ON n.oid = o.typnamespace
       WHERE ${userSchema} AND o.typtype IN ('e', 'd') AND pg_get_userbyid(o.typowner) <> $1 AND ${notExtension('pg_type')}`,
    [owner],
  );
  for (const { sql } of rows) await admin.query(sql);
}

/**
 * After migrating, as the owner: the app role's rights on what exists now. Tables: read and
 * write rows; the audit trail: read and append only; the migrations' own table: read only.
 */
/** `queueSchemas`: the queue backend's own schemas, where the app role may also create its per-queue sequences. */
export async function grantRuntimeAccess(ownerUrl: string, appUrl: string, queueSchemas: string[]): Promise<void> {
  const owner = roleOf(ownerUrl);
  const app = roleOf(appUrl);
  if (owner.name === app.name) return;
  await withClient(ownerUrl, async (client) => {
    const role = ident(app.name);
    for (const schema of ['public', ...queueSchemas]) {
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (exists.rowCount === 0) continue;
      const name = ident(schema);
      await client.query(`GRANT USAGE ON SCHEMA ${name} TO ${role}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${name} TO ${role}`);
      await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${name} TO ${role}`);
      await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${name} TO ${role}`);
      // The queue backend creates a job-id sequence per queue on its first job: its own schema only, never the application's.
      if (schema !== 'public') await client.query(`GRANT CREATE ON SCHEMA ${name} TO ${role}`);
    }
    await client.query(`REVOKE ALL ON audit_event FROM ${role}`);
    await client.query(`GRANT SELECT, INSERT ON audit_event TO ${role}`);
    await client.query(`REVOKE ALL ON schema_migration FROM ${role}`);
    await client.query(`GRANT SELECT ON schema_migration TO ${role}`);
  });
}

/** What the running process's role may do that it should not: for a warning at start. */
export async function roleProblems(client: { query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }> }): Promise<string[]> {
  const { rows } = await client.query(`
    SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypass,
           (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
    FROM pg_roles r WHERE r.rolname = current_user`);
  const problems: string[] = [];
  if (rows[0]?.superuser) problems.push('connects as a superuser');
  if (rows[0]?.bypass) problems.push('bypasses row security');
  if (Number(rows[0]?.owned ?? 0) > 0) problems.push(`owns ${rows[0].owned} tables`);
  return problems;
}
