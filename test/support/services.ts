import { execSync } from 'node:child_process';
import { connect } from 'node:net';
import { waitFor } from './system';

const REDIS_START =
  process.env.MB_TEST_REDIS_START ??
  'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts Redis with the machine's command if it is not answering; every fault test ends with this. */
export async function ensureRedisRunning(): Promise<void> {
  if (await portOpen(6379)) return;
  execSync('mkdir -p /var/lib/redis /var/log/redis');
  execSync(REDIS_START);
  await waitFor('redis to start', async () => ((await portOpen(6379)) ? true : undefined), 20_000);
}

/** A real Redis restart: every job and lock it held is gone. */
export async function restartRedis(): Promise<void> {
  execSync('redis-cli -h 127.0.0.1 -p 6379 shutdown nosave || true');
  await waitFor('redis to stop', async () => ((await portOpen(6379)) ? undefined : true), 20_000);
  await ensureRedisRunning();
}
