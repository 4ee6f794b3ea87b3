import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { Client } from 'pg';

const ROOT = process.cwd();
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const ADMIN_DATABASE_URL = process.env.MB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.MB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_PASSWORD = `admin-${randomBytes(12).toString('hex')}`;
export const USER_PASSWORD = `user-${randomBytes(12).toString('hex')}`;

const TEST_APP_ROLE = 'mb_test_app';
const TEST_OWNER_ROLE = 'mb_test_owner';

/** A connection string for one of the test roles (trust authentication, as on the test machines) to one database. */
function roleUrl(role: string, database: string, server = ADMIN_DATABASE_URL): string {
  const url = new URL(server);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

export type AppName = 'api' | 'worker' | 'platform-sim';

export interface SystemOptions {
  queueBackend: 'postgres' | 'redis';
  apps?: AppName[];
  /** Configuration for every process of this system (MB_* variables). */
  env?: NodeJS.ProcessEnv;
  /** The role the processes connect as, when a test needs one of its own (to limit its connections, say). */
  appRole?: string;
  /** A superuser's connection to another PostgreSQL server than the shared one (a test's own primary, say). */
  serverAdminUrl?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export { waitFor };

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** The flags an app is started with in production (apps/<app>/node-flags), so tests run it the same way. */
export function nodeFlagsOf(app: AppName): string[] {
  const file = join(ROOT, 'apps', app, 'node-flags');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/) : [];
}

/**
 * The real system for one test file: its own database on the real PostgreSQL, its own Redis
 * namespace, and api, worker and simulator as separate Node processes from the build.
 */
export class TestSystem {
  readonly env: NodeJS.ProcessEnv;
  /** Signed in as the admin (set-up: units, accounts, users). */
  readonly api: AxiosInstance;
  /** Signed in as an editor and a reviewer: bulletins pass four eyes. */
  readonly editor: AxiosInstance;
  readonly reviewer: AxiosInstance;
  readonly sim: AxiosInstance;
  readonly db: Client;
  private readonly processes: Array<{ app: AppName; child: ChildProcess }> = [];
  private readonly logFiles: string[] = [];

  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    readonly apiUrl: string,
    readonly simUrl: string,
    env: NodeJS.ProcessEnv,
    private readonly serverAdminUrl = ADMIN_DATABASE_URL,
  ) {
    this.env = env;
    this.api = axios.create({ baseURL: apiUrl, validateStatus: () => true });
    this.editor = axios.create({ baseURL: apiUrl, validateStatus: () => true });
    this.reviewer = axios.create({ baseURL: apiUrl, validateStatus: () => true });
    this.sim = axios.create({ baseURL: simUrl, validateStatus: () => true });
    // The test's own look at the data: a superuser's connection to this system's database.
    this.db = new Client({ connectionString: this.adminDatabaseUrl });
  }

  /** A superuser's connection string to this system's database: for set-up that no process of the system may do (bulk loads). */
  get adminDatabaseUrl(): string {
    return this.serverAdminUrl.replace(/\/[^/]*$/, `/${this.name}`);
  }

  static async start(label: string, options: SystemOptions): Promise<TestSystem> {
    const name = `mb_test_${label}_${randomBytes(3).toString('hex')}`;
    // As in production: processes connect as a role that owns nothing; migrations run as the owner.
    const server = options.serverAdminUrl ?? ADMIN_DATABASE_URL;
    const databaseUrl = roleUrl(options.appRole ?? TEST_APP_ROLE, name, server);
    const ownerUrl = roleUrl(TEST_OWNER_ROLE, name, server);
    const [apiPort, simPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      MB_DATABASE_URL: databaseUrl,
      MB_DATABASE_OWNER_URL: ownerUrl,
      MB_DATABASE_ADMIN_URL: server,
      MB_QUEUE_BACKEND: options.queueBackend,
      MB_REDIS_URL: REDIS_URL,
      MB_QUEUE_NAMESPACE: name,
      MB_API_PORT: String(apiPort),
      MB_SIM_PORT: String(simPort),
      MB_PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      MB_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      MB_LOG_LEVEL: 'debug',
      MB_ADMIN_USERNAME: 'admin',
      MB_ADMIN_PASSWORD: ADMIN_PASSWORD,
      MB_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      // The simulator is the one private host the engine's outbound calls to typed URLs may reach.
      MB_OUTBOUND_ALLOW_LIST: `127.0.0.1:${simPort}`,
      ...options.env,
    };
    const system = new TestSystem(name, databaseUrl, `http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${simPort}`, env, server);
    system.runCli('prepare-database');
    system.runCli('migrate');
    await system.db.connect();
    const apps = options.apps ?? ['platform-sim', 'api', 'worker'];
    // Side by side: each waits only for its own readiness.
    await Promise.all(apps.map((app) => system.startApp(app)));
    if (apps.includes('api')) await system.signIn();
    return system;
  }

  /** A signed-in client for a new user of this role (unit operators need their unit). */
  async clientFor(role: string, unitId?: string): Promise<AxiosInstance> {
    const username = `${role.replace('_', '')}${randomBytes(3).toString('hex')}`;
    const created = await this.api.post('/users', {
      username,
      displayName: `测试${role}`,
      password: USER_PASSWORD,
      role,
      ...(unitId ? { unitId } : {}),
    });
    if (created.status !== 201) throw new Error(`creating ${role} answered ${created.status}: ${JSON.stringify(created.data)}`);
    return this.signedIn(username, USER_PASSWORD);
  }

  /** A client signed in as this user; it signs in again by itself when its access token has expired. */
  async signedIn(username: string, password: string): Promise<AxiosInstance> {
    const login = async () => {
      const answer = await axios.post(`${this.apiUrl}/auth/login`, { username, password }, { validateStatus: () => true });
      if (answer.status !== 200) throw new Error(`login of ${username} answered ${answer.status}: ${JSON.stringify(answer.data)}`);
      return `Bearer ${answer.data.accessToken}`;
    };
    const client = axios.create({ baseURL: this.apiUrl, validateStatus: () => true });
    // In the common headers, where signing in again replaces it for every later request.
    client.defaults.headers.common.Authorization = await login();
    client.interceptors.response.use(async (response) => {
      const config = response.config as typeof response.config & { signedInAgain?: boolean };
      if (response.status !== 401 || response.data?.code !== 'AUTH_TOKEN_INVALID' || config.signedInAgain) return response;
      client.defaults.headers.common.Authorization = await login();
      return client.request({
        ...config,
        signedInAgain: true,
        headers: { ...config.headers, Authorization: client.defaults.headers.common.Authorization },
      } as typeof config);
    });
    return client;
  }

  private async signIn(): Promise<void> {
    (this as { api: AxiosInstance }).api = await this.signedIn('admin', ADMIN_PASSWORD);
    (this as { editor: AxiosInstance }).editor = await this.clientFor('editor');
    (this as { reviewer: AxiosInstance }).reviewer = await this.clientFor('reviewer');
  }

  runCli(...args: string[]): string {
    const result = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', ...args], { cwd: ROOT, env: this.env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** The cli without blocking this process: long seeding would otherwise leave the clients' kept-alive sockets dead. */
  runCliAsync(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['dist/apps/cli/src/main.js', ...args], { cwd: ROOT, env: this.env });
      const [stdout, stderr]: [Buffer[], Buffer[]] = [[], []];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', reject);
      child.on('close', (status) =>
        status === 0
          ? resolve(Buffer.concat(stdout).toString('utf8'))
          : reject(new Error(`cli ${args.join(' ')} failed: ${Buffer.concat(stderr).toString('utf8')}`)),
      );
    });
  }

  /** Starts one more process of an app (several workers may run side by side), and waits until it serves. */
  async startApp(app: AppName, env: NodeJS.ProcessEnv = {}): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const instance = this.processes.filter((entry) => entry.app === app).length;
    const logFile = join(ARTIFACTS, `${this.name}.${app}.${instance}.log`);
    this.logFiles.push(logFile);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...nodeFlagsOf(app), `dist/apps/${app}/src/main.js`], {
      cwd: ROOT,
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.push({ app, child });
    if (app === 'api') await waitFor('api health', async () => ((await this.api.get('/health')).status === 200 ? true : undefined));
    if (app === 'platform-sim')
      await waitFor('simulator', async () => ((await this.sim.get('/_sim/posts')).status === 200 ? true : undefined));
    if (app === 'worker')
      await waitFor('worker start', async () => (readFileSync(logFile, 'utf8').includes('worker consuming') ? true : undefined));
  }

  /** Ends every process of an app, by default without warning (SIGKILL), as a crash would. */
  async kill(app: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const victims = this.processes.filter((entry) => entry.app === app);
    await Promise.all(victims.map(({ child }) => stopChild(child, signal)));
    for (const victim of victims) this.processes.splice(this.processes.indexOf(victim), 1);
  }

  /** Process ids of the running processes of an app (for memory readings). */
  pids(app: AppName): number[] {
    return this.processes.filter((entry) => entry.app === app).map((entry) => entry.child.pid as number);
  }

  /** Everything every process of this system wrote, for checks that secrets never reached a log. */
  logs(): string {
    return this.logFiles
      .map((file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return '';
        }
      })
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map(({ child }) => stopChild(child, 'SIGTERM')));
    this.processes.length = 0;
    await this.db.end().catch(() => undefined);
    const admin = new Client({ connectionString: this.serverAdminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }

  async count(table: string): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS count FROM ${table}`);
    return rows[0].count;
  }
}
