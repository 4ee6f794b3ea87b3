import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { PLATFORMS } from '@mb/vocabulary';
import { AppConfig } from './app-config';

type Plain = Record<string, unknown>;

/** Each platform's URL and rate, overridden by MB_PLATFORM_URL_<PLATFORM> and MB_RATE_<PLATFORM>. */
function platformEnvironmentKeys(): Record<string, string> {
  return Object.fromEntries(
    PLATFORMS.flatMap((platform) => [
      [`platforms.${platform}.url`, `MB_PLATFORM_URL_${platform.toUpperCase()}`],
      [`platforms.${platform}.ratePerSecond`, `MB_RATE_${platform.toUpperCase()}`],
    ]),
  );
}

/** Each configuration key and the environment variable that overrides it. */
export const ENVIRONMENT_KEYS: Record<string, string> = {
  databaseUrl: 'MB_DATABASE_URL',
  databaseOwnerUrl: 'MB_DATABASE_OWNER_URL',
  databaseAdminUrl: 'MB_DATABASE_ADMIN_URL',
  reportsReadUrl: 'MB_REPORTS_READ_URL',
  queueBackend: 'MB_QUEUE_BACKEND',
  redisUrl: 'MB_REDIS_URL',
  redisClusterNodes: 'MB_REDIS_CLUSTER_NODES',
  queueNamespace: 'MB_QUEUE_NAMESPACE',
  apiPort: 'MB_API_PORT',
  apiProcesses: 'MB_API_PROCESSES',
  publicBaseUrl: 'MB_PUBLIC_BASE_URL',
  credentialsKey: 'MB_CREDENTIALS_KEY',
  logLevel: 'MB_LOG_LEVEL',
  workerConcurrency: 'MB_WORKER_CONCURRENCY',
  deliveryLeaseSeconds: 'MB_DELIVERY_LEASE_SECONDS',
  deliveryMaxAttempts: 'MB_DELIVERY_MAX_ATTEMPTS',
  platformTimeoutMs: 'MB_PLATFORM_TIMEOUT_MS',
  retryBaseDelayMs: 'MB_RETRY_BASE_DELAY_MS',
  retryMaxDelayMs: 'MB_RETRY_MAX_DELAY_MS',
  platformDefaultRatePerSecond: 'MB_RATE_DEFAULT',
  ...platformEnvironmentKeys(),
  sweepIntervalMs: 'MB_SWEEP_INTERVAL_MS',
  queuedStaleSeconds: 'MB_QUEUED_STALE_SECONDS',
  reconcileAfterSeconds: 'MB_RECONCILE_AFTER_SECONDS',
  reviewWindowMinutes: 'MB_REVIEW_WINDOW_MINUTES',
  tipReplyDeadlineHours: 'MB_TIP_REPLY_DEADLINE_HOURS',
  tipDuplicateWindowHours: 'MB_TIP_DUPLICATE_WINDOW_HOURS',
  tipRoutingMaxKm: 'MB_TIP_ROUTING_MAX_KM',
  tipsPerClientPerMinute: 'MB_TIPS_PER_CLIENT_PER_MINUTE',
  replyCodeRequestsPerClientPerMinute: 'MB_REPLY_CODE_REQUESTS_PER_CLIENT_PER_MINUTE',
  tipThreadRetentionDays: 'MB_TIP_THREAD_RETENTION_DAYS',
  tipReplyDueSoonHours: 'MB_TIP_REPLY_DUE_SOON_HOURS',
  tipThreadPurgeIntervalMs: 'MB_TIP_THREAD_PURGE_INTERVAL_MS',
  readingsRetentionMonths: 'MB_READINGS_RETENTION_MONTHS',
  readingsUpkeepIntervalMs: 'MB_READINGS_UPKEEP_INTERVAL_MS',
  tipsPerBulletinPerMinute: 'MB_TIPS_PER_BULLETIN_PER_MINUTE',
  inboundPollSeconds: 'MB_INBOUND_POLL_SECONDS',
  breakerFailureThreshold: 'MB_BREAKER_FAILURE_THRESHOLD',
  breakerCooldownSeconds: 'MB_BREAKER_COOLDOWN_SECONDS',
  accessTokenTtlSeconds: 'MB_ACCESS_TOKEN_TTL_SECONDS',
  refreshTokenTtlSeconds: 'MB_REFRESH_TOKEN_TTL_SECONDS',
  refreshReuseGraceSeconds: 'MB_REFRESH_REUSE_GRACE_SECONDS',
  notificationSendIntervalMs: 'MB_NOTIFICATION_SEND_INTERVAL_MS',
  credentialCheckIntervalMs: 'MB_CREDENTIAL_CHECK_INTERVAL_MS',
  dormantAccountDays: 'MB_DORMANT_ACCOUNT_DAYS',
  credentialRenewAheadHours: 'MB_CREDENTIAL_RENEW_AHEAD_HOURS',
  reauthoriseWarningDays: 'MB_REAUTHORISE_WARNING_DAYS',
  repostNudgeIntervalMs: 'MB_REPOST_NUDGE_INTERVAL_MS',
  repostDeadlineUrgentSeconds: 'MB_REPOST_DEADLINE_URGENT_SECONDS',
  repostDeadlineNormalSeconds: 'MB_REPOST_DEADLINE_NORMAL_SECONDS',
  loginMaxFailures: 'MB_LOGIN_MAX_FAILURES',
  loginLockoutSeconds: 'MB_LOGIN_LOCKOUT_SECONDS',
  loginFirstBlockSeconds: 'MB_LOGIN_FIRST_BLOCK_SECONDS',
  sessionMaxSeconds: 'MB_SESSION_MAX_SECONDS',
  loginAttemptsPerMinute: 'MB_LOGIN_ATTEMPTS_PER_MINUTE',
  adminUsername: 'MB_ADMIN_USERNAME',
  adminPassword: 'MB_ADMIN_PASSWORD',
  testHooks: 'MB_TEST_HOOKS',
  trustedProxies: 'MB_TRUSTED_PROXIES',
  outboundAllowList: 'MB_OUTBOUND_ALLOW_LIST',
  capSender: 'MB_CAP_SENDER',
  capStatus: 'MB_CAP_STATUS',
  metricsScrapeToken: 'MB_METRICS_SCRAPE_TOKEN',
  metricsHost: 'MB_METRICS_HOST',
  workerMetricsPort: 'MB_WORKER_METRICS_PORT',
  'connectionBudget.api': 'MB_CONNECTION_BUDGET_API',
  'connectionBudget.worker': 'MB_CONNECTION_BUDGET_WORKER',
  'connectionBudget.cli': 'MB_CONNECTION_BUDGET_CLI',
  'simulator.port': 'MB_SIM_PORT',
  'simulator.seed': 'MB_SIM_SEED',
};

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

function readJson(path: string): Plain {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Plain) : {};
}

function deepMerge(base: Plain, override: Plain): Plain {
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setPath(target: Plain, dottedKey: string, value: unknown): void {
  const parts = dottedKey.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Plain;
  }
  node[parts[parts.length - 1]] = value;
}

/** Numbers from the environment arrive as text; convert them only where the default is a number. */
function fromEnvironment(defaults: Plain, env: NodeJS.ProcessEnv): Plain {
  const overrides: Plain = {};
  for (const [key, variable] of Object.entries(ENVIRONMENT_KEYS)) {
    const raw = env[variable];
    if (raw === undefined) continue;
    const defaultValue = key.split('.').reduce<unknown>((node, part) => (node as Plain)?.[part], defaults);
    // A platform left out of the files has no default to go by; its rate is a number all the same.
    const numeric = (typeof defaultValue === 'number' || key.endsWith('.ratePerSecond')) && /^-?\d+(\.\d+)?$/.test(raw.trim());
    const boolean = typeof defaultValue === 'boolean' && /^(true|false)$/.test(raw.trim());
    // A list is written comma-separated.
    const list = Array.isArray(defaultValue)
      ? raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : null;
    setPath(overrides, key, list ?? (numeric ? Number(raw) : boolean ? raw.trim() === 'true' : raw));
  }
  return overrides;
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const key = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => {
      const variable = ENVIRONMENT_KEYS[key];
      const text = message.replace(new RegExp(`^${error.property} `), '');
      return `${key}${variable ? ` (${variable})` : ''}: ${text}`;
    });
    return [...own, ...describe(error.children ?? [], `${key}.`)];
  });
}

/** The project's config/ folder, found upward from this file so it works from src/ and dist/ alike. */
function defaultConfigDirectory(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'config', 'default.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new ConfigurationError(['config/default.json: not found']);
    directory = parent;
  }
  return join(directory, 'config');
}

/** Merges config/default.json, config/<NODE_ENV>.json and MB_* variables, and validates the result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const directory = env.MB_CONFIG_DIR ?? defaultConfigDirectory();
  const defaults = readJson(join(directory, 'default.json'));
  const perEnvironment = env.NODE_ENV ? readJson(join(directory, `${env.NODE_ENV}.json`)) : {};
  const layered = deepMerge(defaults, perEnvironment);
  const merged = deepMerge(layered, fromEnvironment(layered, env));
  const config = plainToInstance(AppConfig, merged);
  const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  return config;
}

/** For process entry points: a bad configuration ends the process with a message naming the key. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

/**
 * The configuration for writing the OpenAPI document at build time: no secret is used there, so a
 * build machine without the credentials key still writes it (a placeholder key stands in).
 */
export function loadConfigForDocument(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadConfig({ ...env, MB_CREDENTIALS_KEY: env.MB_CREDENTIALS_KEY ?? Buffer.alloc(32).toString('base64') });
}
