import { Type } from 'class-transformer';
import { Platform, PLATFORMS } from '@mb/vocabulary';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  Length,
  IsInt,
  IsNumber,
  IsNotEmpty,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const QUEUE_BACKENDS = ['postgres', 'redis'] as const;
export type QueueBackendKind = (typeof QUEUE_BACKENDS)[number];

export const CAP_STATUSES = ['Actual', 'Exercise'] as const;
export type CapStatus = (typeof CAP_STATUSES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const URL_OPTIONS = { require_tld: false, require_protocol: true };

/** One platform's settings. */
export class PlatformSettings {
  /** Base URL of the platform's open API; absent, the simulator's routes for it (development and tests). */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  url?: string;

  /** Calls per second the platform app may make, shared by every worker process (the queue enforces it). */
  @IsOptional()
  @IsInt()
  @Min(1)
  ratePerSecond?: number;
}

/** The settings of each platform, keyed by its vocabulary value; a platform left out takes the defaults. */
export class PlatformSettingsMap {
  [platform: string]: PlatformSettings | undefined;
}
// A property per platform, declared from the vocabulary, so an unknown key is refused and a new platform needs no field here.
for (const platform of PLATFORMS) {
  IsOptional()(PlatformSettingsMap.prototype, platform);
  ValidateNested()(PlatformSettingsMap.prototype, platform);
  Type(() => PlatformSettings)(PlatformSettingsMap.prototype, platform);
}

/** PostgreSQL connections each kind of process may open at most (ORM and queue backend together). */
export class ConnectionBudget {
  @IsInt()
  @Min(3)
  api: number;

  @IsInt()
  @Min(6)
  worker: number;

  @IsInt()
  @Min(2)
  cli: number;
}

export class SimulatorSettings {
  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;

  @IsInt()
  seed: number;
}

/** The one typed configuration object of every process; built and validated by loadConfig. */
export class AppConfig {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection string' })
  databaseUrl: string;

  /** The owner role's connection, for migrating (the running processes connect as databaseUrl's role, which owns nothing). */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection string' })
  databaseOwnerUrl?: string;

  /**
   * A streaming replica of the database the reports and exports read from (as the same role);
   * the primary answers while it is unreachable. Unset, everything reads the primary.
   */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection string' })
  reportsReadUrl?: string;

  /** A superuser's connection, only for `prepare-database` (creating the two roles and the database). */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection string' })
  databaseAdminUrl?: string;

  @IsIn(QUEUE_BACKENDS)
  queueBackend: QueueBackendKind;

  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
  redisUrl: string;

  /**
   * The seed nodes (`host:port`) of a Redis Cluster; when any is given the queues run on the
   * cluster and `redisUrl` gives only its password and TLS.
   */
  @IsArray()
  @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'each entry must be host:port' })
  redisClusterNodes: string[];

  @Matches(/^[a-z][a-z0-9_]{0,40}$/, { message: 'must be a lowercase identifier' })
  queueNamespace: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  apiPort: number;

  /** api processes sharing the port (Node cluster): intake and reads scale with cores. */
  @IsInt()
  @Min(1)
  @Max(64)
  apiProcesses: number;

  @IsUrl(URL_OPTIONS)
  publicBaseUrl: string;

  @IsNotEmpty({ message: 'is required (base64 of 32 random bytes)' })
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of exactly 32 bytes' })
  credentialsKey: string;

  @IsIn(LOG_LEVELS)
  logLevel: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  workerConcurrency: number;

  @IsInt()
  @Min(5)
  deliveryLeaseSeconds: number;

  @IsInt()
  @Min(1)
  @Max(50)
  deliveryMaxAttempts: number;

  @IsInt()
  @Min(100)
  platformTimeoutMs: number;

  /** Backoff of a failed attempt: full jitter below base × 2^(attempt-1), capped at the maximum. */
  @IsInt()
  @Min(10)
  retryBaseDelayMs: number;

  @IsInt()
  @Min(100)
  retryMaxDelayMs: number;

  @ValidateNested()
  @Type(() => PlatformSettingsMap)
  platforms: PlatformSettingsMap;

  /** Calls per second for a platform whose settings give none. */
  @IsInt()
  @Min(1)
  platformDefaultRatePerSecond: number;

  /** How often the sweeper looks for deliveries the queue may have lost. */
  @IsInt()
  @Min(100)
  sweepIntervalMs: number;

  /** A delivery queued longer than this, once its platform's queue has moved past it, is queued again (a no-op when its job still exists). */
  @IsInt()
  @Min(1)
  queuedStaleSeconds: number;

  /** An unconfirmed delivery is reconciled after this long, once the platform has had time to show the post. */
  @IsInt()
  @Min(0)
  reconcileAfterSeconds: number;

  /** How long a unit operator has to review a repost when the unit sets no window of its own. */
  @IsInt()
  @Min(1)
  reviewWindowMinutes: number;

  /** Hours the handling unit has to reply to a tip before it escalates to the parent unit. */
  @IsNumber()
  @Min(0.01)
  tipReplyDeadlineHours: number;

  @IsNumber()
  @Min(0)
  tipDuplicateWindowHours: number;

  @IsNumber()
  @Min(1)
  tipRoutingMaxKm: number;

  @IsInt()
  @Min(1)
  tipsPerClientPerMinute: number;

  @IsInt()
  @Min(1)
  tipsPerBulletinPerMinute: number;

  /** Reads and messages by reply code one client address may make per minute (a code is not to be guessed). */
  @IsInt()
  @Min(1)
  replyCodeRequestsPerClientPerMinute: number;

  /** A unit is told of its unanswered tips this many hours before their reply deadline. */
  @IsNumber()
  @Min(0.01)
  tipReplyDueSoonHours: number;

  /** A tip's thread with its tipster is kept this many days after its last message, then purged. */
  @IsInt()
  @Min(1)
  tipThreadRetentionDays: number;

  @IsInt()
  @Min(50)
  tipThreadPurgeIntervalMs: number;

  /** Counter readings are kept this many months (whole UTC months, the current one counted), then dropped a month at a time; 0 keeps them all. The reports read the aggregates, which stay. */
  @IsInt()
  @Min(0)
  readingsRetentionMonths: number;

  /** How often the worker makes the coming months' reading partitions and drops those past the retention. */
  @IsInt()
  @Min(50)
  readingsUpkeepIntervalMs: number;

  @IsInt()
  @Min(1)
  inboundPollSeconds: number;

  /** How often the worker checks accounts' credentials and dormancy (a unit is told at most once a day). */
  @IsInt()
  @Min(50)
  credentialCheckIntervalMs: number;

  /** An account that has posted nothing successfully for this many days is flagged to its unit. */
  @IsInt()
  @Min(1)
  dormantAccountDays: number;

  /** A refreshable token that runs out within this many hours is renewed ahead, at most once a Beijing day. */
  @IsInt()
  @Min(1)
  credentialRenewAheadHours: number;

  /** A unit is told this many days before an account's authorisation (its refresh token) runs out. */
  @IsInt()
  @Min(1)
  reauthoriseWarningDays: number;

  /** How often the worker sends the notifications due through the units' channels. */
  @IsInt()
  @Min(50)
  notificationSendIntervalMs: number;

  /** How often the worker looks for units whose reposts are past their deadline. */
  @IsInt()
  @Min(50)
  repostNudgeIntervalMs: number;

  /** How long a unit has to repost an urgent bulletin before it is nudged; its parent is told at twice this. */
  @IsInt()
  @Min(1)
  repostDeadlineUrgentSeconds: number;

  /** The same for any other bulletin. */
  @IsInt()
  @Min(1)
  repostDeadlineNormalSeconds: number;

  @IsInt()
  @Min(1)
  breakerFailureThreshold: number;

  @IsInt()
  @Min(1)
  breakerCooldownSeconds: number;

  @IsInt()
  @Min(1)
  accessTokenTtlSeconds: number;

  @IsInt()
  @Min(60)
  refreshTokenTtlSeconds: number;

  /**
   * How long a refresh token just rotated may be presented again while its successor is unused: a
   * reload that cut off the refresh answer loses the successor, and must not end the session.
   */
  @IsInt()
  @Min(0)
  @Max(60)
  refreshReuseGraceSeconds: number;

  /** Wrong passwords in a row, from one client address for one user name, before that pair must wait. */
  @IsInt()
  @Min(1)
  loginMaxFailures: number;

  /** The first wait; each further one doubles, up to loginLockoutSeconds. */
  @IsInt()
  @Min(1)
  loginFirstBlockSeconds: number;

  /** The longest wait after repeated failures. */
  @IsInt()
  @Min(1)
  loginLockoutSeconds: number;

  /** A session (a chain of refreshed tokens) ends this long after its sign-in, however often it is refreshed. */
  @IsInt()
  @Min(5)
  sessionMaxSeconds: number;

  /** Login attempts one client address may make per minute (per api process). */
  @IsInt()
  @Min(1)
  loginAttemptsPerMinute: number;

  @Matches(/^[a-z][a-z0-9_.-]{2,63}$/, { message: 'must be a lowercase user name' })
  adminUsername: string;

  /** When set, the admin user is created with it on first start (environment only: a secret). */
  @IsOptional()
  @IsString()
  @Length(12, 72, { message: 'must be 12 to 72 characters' })
  adminPassword?: string;

  /**
   * Never in production: a clock the tests can move (shared through the database) and a count of
   * the queries each request made (X-Query-Count).
   */
  @IsBoolean()
  testHooks: boolean;

  /**
   * Addresses or CIDR ranges of the reverse proxies in front of the api: only their
   * X-Forwarded-For is believed, so each tipster keeps a rate-limit bucket of their own.
   */
  @IsArray()
  @Matches(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, { each: true, message: 'each entry must be an IP address or CIDR range' })
  trustedProxies: string[];

  /**
   * Hosts (name, IP or CIDR, with an optional :port) that outbound calls to user-supplied URLs may
   * reach although they are private or loopback: the simulator in the demo and tests, never a
   * production default.
   */
  @IsArray()
  @IsString({ each: true })
  outboundAllowList: string[];

  /** CAP's `sender`: who this province's alerts come from, unique among senders; the public address's host when absent. */
  @IsOptional()
  @Matches(/^[^\s,<&]{3,100}$/, { message: 'must be 3 to 100 characters without spaces, commas, < or &' })
  capSender?: string;

  /** `Exercise` on a test or training deployment, so that no receiver takes its alerts for real ones. */
  @IsIn(CAP_STATUSES)
  capStatus: CapStatus;

  /** The bearer token Prometheus presents to /metrics; without one no process serves metrics (environment only: a secret). */
  @IsOptional()
  @IsString()
  @Length(16, 200, { message: 'must be 16 to 200 characters' })
  metricsScrapeToken?: string;

  /** The address the worker's metrics listener binds to (keep it private: loopback or the scrape network). */
  @IsString()
  @IsNotEmpty()
  metricsHost: string;

  /** The worker's metrics port; 0 for none. */
  @IsInt()
  @Min(0)
  @Max(65535)
  workerMetricsPort: number;

  @ValidateNested()
  @Type(() => SimulatorSettings)
  simulator: SimulatorSettings;

  @ValidateNested()
  @Type(() => ConnectionBudget)
  connectionBudget: ConnectionBudget;
}

/** A platform's call rate: its own setting, else the default. */
export function platformRatePerSecond(config: AppConfig, platform: Platform): number {
  return config.platforms[platform]?.ratePerSecond ?? config.platformDefaultRatePerSecond;
}

/** A platform's base URL: its own setting, else the simulator's routes for it at `simulatorPath`. */
export function platformBaseUrl(config: AppConfig, platform: Platform, simulatorPath: string): string {
  return config.platforms[platform]?.url ?? `http://127.0.0.1:${config.simulator.port}${simulatorPath}`;
}
