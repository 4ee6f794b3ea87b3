import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, Type } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig, platformRatePerSecond } from '@mb/config';
import { DeliveryOutcome, DeliveryService, PlatformRateLimited, RetryLater } from '@mb/dispatch';
import { PLATFORMS, Platform } from '@mb/vocabulary';
import { deliveriesInFlight } from '@mb/platforms';
import { AccountJob, AccountJobName, DeliveryJob, DeliveryJobName, DeliveryQueue, deliveryQueueName } from '@mb/queue';
import { MetricsCollectorService } from '@mb/reports';
import { TipInboxService } from '@mb/tips';

/** The queue waits as long as the failed attempt asked (full-jitter backoff, Retry-After). */
function platformBackoff(_attemptsMade: number, _type: string | undefined, error: Error | undefined): number {
  return error instanceof RetryLater ? error.delayMs : 1000;
}

/**
 * One processor class per platform queue, all handing jobs to the same DeliveryService. The
 * queue's limiter holds each platform to its configured rate across every worker process, and a
 * platform's own "too many calls" pauses that platform's queue for its Retry-After.
 */
function deliveryProcessorFor(platform: Platform, config: AppConfig): Type<WorkerHost> {
  @Processor(deliveryQueueName(platform), {
    autorun: true,
    concurrency: deliveriesInFlight(platform, config.workerConcurrency),
    limiter: { max: platformRatePerSecond(config, platform), duration: 1000 },
    settings: { backoffStrategy: platformBackoff },
    // A killed worker's jobs come back within seconds, not the default half minute.
    lockDuration: 15_000,
    stalledInterval: 5_000,
    maxStalledCount: 3,
  })
  class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
    private readonly logger = new Logger(`deliver-${platform}`);

    constructor(
      @Inject(DeliveryService) private readonly deliveries: DeliveryService,
      @Inject(DeliveryQueue) private readonly queues: DeliveryQueue,
      @Inject(TipInboxService) private readonly inbox: TipInboxService,
      @Inject(MetricsCollectorService) private readonly metrics: MetricsCollectorService,
    ) {
      super();
    }

    onApplicationBootstrap(): void {
      this.worker.on('error', (error) => this.logger.warn({ err: error }, 'queue connection error'));
    }

    async process(job: Job<DeliveryJob | AccountJob>): Promise<unknown> {
      try {
        const outcome = await this.run(job.name as DeliveryJobName | AccountJobName, job.data);
        this.logger.debug({ jobId: job.id, job: job.name, outcome }, 'job done');
        return outcome;
      } catch (error) {
        if (!(error instanceof PlatformRateLimited)) throw error;
        // The whole platform queue pauses in every process; this job comes back after the wait.
        await this.queues.queue(platform).rateLimit(error.waitMs);
        throw new RetryLater(error.waitMs, 'platform rate limited');
      }
    }

    private run(name: DeliveryJobName | AccountJobName, data: DeliveryJob | AccountJob): Promise<DeliveryOutcome | object | string> {
      const { deliveryId } = data as DeliveryJob;
      const { accountId, tipId } = data as AccountJob;
      switch (name) {
        case DeliveryJobName.Deliver:
          return this.deliveries.deliver(deliveryId);
        case DeliveryJobName.Reconcile:
          return this.deliveries.reconcile(deliveryId);
        case DeliveryJobName.Remove:
          return this.deliveries.remove(deliveryId);
        case AccountJobName.CollectInbound:
          return this.inbox.collect(accountId as string);
        case AccountJobName.SendTipReply:
          return this.inbox.sendReply(tipId as string);
        case AccountJobName.CollectMetrics:
          return this.metrics.collect(accountId as string);
      }
    }
  }
  Object.defineProperty(DeliveryProcessor, 'name', { value: `DeliveryProcessor_${platform}` });
  return DeliveryProcessor;
}

export function deliveryProcessors(config: AppConfig): Array<Type<WorkerHost>> {
  return PLATFORMS.map((platform) => deliveryProcessorFor(platform, config));
}
