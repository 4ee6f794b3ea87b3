import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, Type } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig } from '@mb/config';
import { DeliveryService, RetryLater } from '@mb/dispatch';
import { PLATFORMS, Platform } from '@mb/platforms';
import { DeliveryJob, deliveryQueueName } from '@mb/queue';

/** The queue waits as long as the failed attempt asked (full-jitter backoff, Retry-After). */
function platformBackoff(_attemptsMade: number, _type: string | undefined, error: Error | undefined): number {
  return error instanceof RetryLater ? error.delayMs : 1000;
}

/** One processor class per platform queue; all of them hand the job to the same DeliveryService. */
function deliveryProcessorFor(platform: Platform): Type<WorkerHost> {
  @Processor(deliveryQueueName(platform), { autorun: true, settings: { backoffStrategy: platformBackoff }, lockDuration: 60_000 })
  class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
    private readonly logger = new Logger(`deliver-${platform}`);

    constructor(
      @Inject(DeliveryService) private readonly deliveries: DeliveryService,
      @Inject(AppConfig) private readonly config: AppConfig,
    ) {
      super();
    }

    onApplicationBootstrap(): void {
      this.worker.concurrency = this.config.workerConcurrency;
    }

    async process(job: Job<DeliveryJob>): Promise<string> {
      const outcome = await this.deliveries.deliver(job.data.deliveryId);
      this.logger.debug({ jobId: job.id, deliveryId: job.data.deliveryId, outcome }, 'delivery job done');
      return outcome;
    }
  }
  Object.defineProperty(DeliveryProcessor, 'name', { value: `DeliveryProcessor_${platform}` });
  return DeliveryProcessor;
}

export const DELIVERY_PROCESSORS = PLATFORMS.map(deliveryProcessorFor);
