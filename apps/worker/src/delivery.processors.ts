import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { Job } from 'bullmq';
import { METRICS } from '@mb/common';
import { AppConfig } from '@mb/config';
import { PlatformCallGate, PlatformRateLimited, RetryLater } from '@mb/dispatch';
import { PLATFORMS, Platform } from '@mb/vocabulary';
import { deliveriesInFlight } from '@mb/platforms';
import { deliveryQueueName, PLATFORM_JOB_HANDLERS, type PlatformJobHandler } from '@mb/queue';

/** The queue waits as long as the failed attempt asked (full-jitter backoff, Retry-After). */
function platformBackoff(_attemptsMade: number, _type: string | undefined, error: Error | undefined): number {
  return error instanceof RetryLater ? error.delayMs : 1000;
}

/**
 * One processor class per platform queue, each handing a job to the handler its lib registered. The
 * engine's call gate holds each platform to its configured rate across every worker process, and a
 * platform's own "too many calls" pauses that platform for its Retry-After; the queue has no
 * limiter of its own.
 */
function deliveryProcessorFor(platform: Platform, config: AppConfig): Type<WorkerHost> {
  @Processor(deliveryQueueName(platform), {
    autorun: true,
    concurrency: deliveriesInFlight(platform, config.workerConcurrency),
    settings: { backoffStrategy: platformBackoff },
    // A killed worker's jobs come back within seconds, not the default half minute.
    lockDuration: 15_000,
    stalledInterval: 5_000,
    maxStalledCount: 3,
  })
  class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
    private readonly logger = new Logger(`deliver-${platform}`);

    private readonly handlers: Map<string, PlatformJobHandler>;

    constructor(
      @Inject(PLATFORM_JOB_HANDLERS) handlers: PlatformJobHandler[],
      @Inject(PlatformCallGate) private readonly gate: PlatformCallGate,
    ) {
      super();
      this.handlers = new Map(handlers.map((handler) => [handler.name, handler]));
    }

    onApplicationBootstrap(): void {
      this.worker.on('error', (error) => this.logger.warn({ err: error }, 'queue connection error'));
    }

    async process(job: Job): Promise<unknown> {
      const counted = (outcome: string) => METRICS.deliveryOutcomes.inc({ platform, job: job.name, outcome });
      try {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await this.gate.take(platform);
        const startedAt = Date.now();
        const outcome = await handler.handle(job.data);
        this.gate.finished(platform, startedAt);
        this.logger.debug({ jobId: job.id, job: job.name, outcome }, 'job done');
        counted(String(outcome));
        return outcome;
      } catch (error) {
        if (!(error instanceof PlatformRateLimited)) {
          counted(error instanceof RetryLater ? 'retry' : 'error');
          // A job that fails for a reason of its own must be seen: nothing else reports it.
          if (!(error instanceof RetryLater)) this.logger.error({ err: error, jobId: job.id, job: job.name }, 'job failed');
          throw error;
        }
        counted('rate_limited');
        METRICS.rateLimitWaits.inc({ platform });
        METRICS.rateLimitWaitSeconds.inc({ platform }, error.waitMs / 1000);
        // The platform pauses in every process; this job comes back after the wait.
        await this.gate.pause(platform, error.waitMs);
        throw new RetryLater(error.waitMs, 'platform rate limited');
      }
    }
  }
  Object.defineProperty(DeliveryProcessor, 'name', { value: `DeliveryProcessor_${platform}` });
  return DeliveryProcessor;
}

export function deliveryProcessors(config: AppConfig): Array<Type<WorkerHost>> {
  return PLATFORMS.map((platform) => deliveryProcessorFor(platform, config));
}
