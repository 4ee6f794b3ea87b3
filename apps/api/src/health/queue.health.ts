import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '@mb/config';
import { Platform } from '@mb/vocabulary';

import { PlatformQueues } from '@mb/queue';

const TIMEOUT_MS = 3000;

/** The queue backend answers when a queue can count its jobs, whichever backend it is. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly queues: PlatformQueues,
    private readonly config: AppConfig,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const counts = await Promise.race([
        this.queues.queue(Platform.Weibo).getJobCounts('waiting', 'active', 'delayed'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)),
      ]);
      return indicator.up({ backend: this.config.queueBackend, weibo: counts });
    } catch (error) {
      return indicator.down({ backend: this.config.queueBackend, message: (error as Error).message });
    }
  }
}
