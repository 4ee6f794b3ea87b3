import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { nodeFlagsOf } from './support/system';

function start(app: string, overrides: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [`dist/apps/${app}/src/main.js`], {
    cwd: process.cwd(),
    env: { ...process.env, MB_CREDENTIALS_KEY: randomBytes(32).toString('base64'), MB_API_PORT: '0', ...overrides },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('a process with a bad configuration refuses to start and names the key', () => {
  it.each([
    ['api', { MB_QUEUE_BACKEND: 'kafka' }, 'queueBackend (MB_QUEUE_BACKEND)'],
    ['worker', { MB_DATABASE_URL: 'mysql://root@localhost/x' }, 'databaseUrl (MB_DATABASE_URL)'],
    ['api', { MB_CREDENTIALS_KEY: 'too-short' }, 'credentialsKey (MB_CREDENTIALS_KEY)'],
    ['platform-sim', { MB_SIM_PORT: '70000' }, 'simulator.port (MB_SIM_PORT)'],
    ['api', { MB_WORKER_CONCURRENCY: 'lots' }, 'workerConcurrency (MB_WORKER_CONCURRENCY)'],
  ])('%s with %j', (app, overrides, key) => {
    const result = start(app, overrides as NodeJS.ProcessEnv);
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain(key);
  });

  it('a worker asked for more deliveries in flight than its heap can hold refuses, saying the heap it needs', () => {
    const result = spawnSync(process.execPath, [...nodeFlagsOf('worker'), 'dist/apps/worker/src/main.js'], {
      cwd: process.cwd(),
      env: { ...process.env, MB_CREDENTIALS_KEY: randomBytes(32).toString('base64'), MB_WORKER_CONCURRENCY: '1000' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    const [, needed, has] = /workerConcurrency 1000 needs a heap of about (\d+) MB; this worker has (\d+) MB/.exec(result.stderr) ?? [];
    expect(Number(needed)).toBeGreaterThan(Number(has));
    expect(result.stderr).toContain(`--max-old-space-size=${needed}`);
  });

  it('a missing credentials key is named too', () => {
    const env = { ...process.env };
    delete env.MB_CREDENTIALS_KEY;
    const result = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: process.cwd(),
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('credentialsKey (MB_CREDENTIALS_KEY)');
  });
});
