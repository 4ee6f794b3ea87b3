import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AppConfig } from '@mb/config';
import { Platform } from '@mb/platforms';
import { DELIVER_JOB, DeliveryJob, deliveryQueueName } from './queue-names';

const BULK_SIZE = 1000;

/** Puts deliveries on their platform's queue, the job id being the delivery id so a delivery is queued once. */
@Injectable()
export class DeliveryQueue {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  async enqueue(deliveries: Array<{ id: string; platform: Platform }>): Promise<void> {
    const byPlatform = new Map<Platform, string[]>();
    for (const delivery of deliveries) {
      byPlatform.set(delivery.platform, [...(byPlatform.get(delivery.platform) ?? []), delivery.id]);
    }
    for (const [platform, ids] of byPlatform) {
      const queue = this.queue(platform);
      for (let start = 0; start < ids.length; start += BULK_SIZE) {
        await queue.addBulk(
          ids.slice(start, start + BULK_SIZE).map((deliveryId) => ({
            name: DELIVER_JOB,
            data: { deliveryId } satisfies DeliveryJob,
            opts: {
              jobId: deliveryId,
              attempts: this.config.deliveryMaxAttempts,
              backoff: { type: 'platform' },
              removeOnComplete: true,
              removeOnFail: 1000,
            },
          })),
        );
      }
    }
  }

  queue(platform: Platform): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(deliveryQueueName(platform)), { strict: false });
  }
}
