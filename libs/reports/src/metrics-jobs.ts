import { Injectable } from '@nestjs/common';
import { type PlatformJobHandler, type PlatformJobRegistry, PlatformQueues } from '@mb/queue';
import { Platform } from '@mb/vocabulary';
import { MetricsCollectorService } from './metrics-collector.service';

/** Reads the counters of an account's posts that are due, on the account's platform queue. */
export const COLLECT_METRICS = 'collect-metrics';

@Injectable()
export class MetricsJobQueue {
  constructor(private readonly queues: PlatformQueues) {}

  enqueueMetricsCollection(accounts: Array<{ id: string; platform: Platform }>): Promise<void> {
    return this.queues.addOnce(
      COLLECT_METRICS,
      accounts.map((account) => ({ platform: account.platform, jobId: `metrics-${account.id}`, data: { accountId: account.id } })),
    );
  }
}

@Injectable()
export class MetricsJobHandlers implements PlatformJobRegistry {
  readonly handlers: ReadonlyArray<PlatformJobHandler<{ accountId: string }>>;

  constructor(collector: MetricsCollectorService) {
    this.handlers = [{ name: COLLECT_METRICS, handle: ({ accountId }) => collector.collect(accountId) }];
  }
}
