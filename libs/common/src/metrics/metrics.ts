import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The one registry of the process: every series below, Node's process metrics and the gauges read from the database. */
export const metricsRegistry = new Registry();

const registers = [metricsRegistry];

/** Seconds buckets from a fast local call to a platform at its timeout. */
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The series the engine counts as it works; names and labels are defined here only (docs/operations.md lists them). */
export const METRICS = {
  deliveryOutcomes: new Counter({
    name: 'mb_delivery_outcomes_total',
    help: 'Platform jobs run by the worker (deliver, reconcile, remove), by platform and how each ended (published, updated, removed, failed, retry, rate_limited, ...)',
    labelNames: ['platform', 'job', 'outcome'],
    registers,
  }),
  platformCalls: new Histogram({
    name: 'mb_platform_call_duration_seconds',
    help: 'Platform HTTP calls by platform, call (method and path) and outcome class (2xx, 4xx, 5xx, timeout, network)',
    labelNames: ['platform', 'call', 'outcome'],
    buckets: CALL_BUCKETS,
    registers,
  }),
  rateLimitWaits: new Counter({
    name: 'mb_rate_limit_waits_total',
    help: "Deliveries set back because the platform answered that the app's rate limit was reached",
    labelNames: ['platform'],
    registers,
  }),
  rateLimitWaitSeconds: new Counter({
    name: 'mb_rate_limit_wait_seconds_total',
    help: 'Seconds deliveries were set back by platform rate limits',
    labelNames: ['platform'],
    registers,
  }),
  breakerOpens: new Counter({
    name: 'mb_breaker_opens_total',
    help: 'Accounts whose circuit breaker opened (consecutive failures, or a failed probe)',
    labelNames: ['platform'],
    registers,
  }),
  sweeperActions: new Counter({
    name: 'mb_sweeper_actions_total',
    help: 'What the sweeper did: leases expired, abandoned deliveries cancelled, deliveries queued again, reconciliations started',
    labelNames: ['action'],
    registers,
  }),
  tipsReceived: new Counter({
    name: 'mb_tips_received_total',
    help: 'Tips stored, by the channel they came through (page, api, platform)',
    labelNames: ['channel'],
    registers,
  }),
  httpRequests: new Histogram({
    name: 'mb_http_request_duration_seconds',
    help: "The api's answers by method, route template and status",
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  }),
};

let processMetricsOn = false;

/** Node's own process metrics (CPU, memory, event loop lag, handles), once per process. */
export function collectProcessMetrics(): void {
  if (processMetricsOn) return;
  processMetricsOn = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export interface GaugeReading {
  labels: Record<string, string>;
  value: number;
}

/**
 * A gauge read from the database (or the queue) when it is scraped, reading at most once per
 * `cacheMs` however often it is scraped. The api registers these, so each figure comes from one
 * place; in an api cluster its processes report the same reading, taken once (aggregator "first").
 */
export function readAtScrape(
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<GaugeReading[]>,
  cacheMs = 5_000,
): Gauge {
  metricsRegistry.removeSingleMetric(name);
  let cached: { at: number; readings: GaugeReading[] } | null = null;
  return new Gauge({
    name,
    help,
    labelNames,
    aggregator: 'first',
    registers,
    async collect() {
      if (!cached || Date.now() - cached.at > cacheMs) cached = { at: Date.now(), readings: await read() };
      this.reset();
      for (const reading of cached.readings) this.set(reading.labels, reading.value);
    },
  });
}
