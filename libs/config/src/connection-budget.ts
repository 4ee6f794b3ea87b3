import { AppConfig } from './app-config';

export type ProcessKind = 'api' | 'worker' | 'cli';

/** How a process's PostgreSQL connections are split between the ORM's pool and the queue backend's one pool. */
export interface ConnectionPlan {
  kind: ProcessKind;
  budget: number;
  orm: number;
  queue: number;
}

/** BullMQ's PostgreSQL backend holds one connection per consuming worker (its LISTEN), per platform queue. */
const PLATFORM_QUEUES = 5;

/**
 * Every process keeps to its budget: the ORM's pool (prepared statements included, they use it)
 * and, on the PostgreSQL queue backend, one queue pool that all of the process's queues and
 * workers share. A worker's queue pool holds a LISTEN connection per platform queue plus as many
 * for its queries; an api only adds jobs.
 */
export function connectionPlan(config: AppConfig, kind: ProcessKind): ConnectionPlan {
  const budget = config.connectionBudget[kind];
  if (config.queueBackend !== 'postgres') return { kind, budget, orm: budget, queue: 0 };
  const wanted = kind === 'worker' ? PLATFORM_QUEUES + 4 : 2;
  const queue = Math.min(wanted, Math.max(1, budget - 2));
  return { kind, budget, orm: Math.max(1, budget - queue), queue };
}
