import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type AxiosInstance } from 'axios';
import { Clock, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { channelAccepted, channelRequest, OutboundGuard, platformHttpClient } from '@mb/platforms';

import { NotificationsRepository, type OutboxRow } from './notifications.repository';
import { NotificationsService } from './notifications.service';

const BATCH = 50;
const LEASE_SECONDS = 60;
const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;

/**
 * Sends what the outbox holds through each unit's channel: one try per notification per turn, a
 * later try after a refusal or a failure (doubling, up to an hour), and failed for good after
 * eight. Robots and unit sites are addresses users typed: they connect only where the guard allows.
 */
@Injectable()
export class NotificationSender extends RecurringWork {
  private readonly http: AxiosInstance;

  constructor(
    private readonly outbox: NotificationsRepository,
    private readonly notifications: NotificationsService,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
    this.http = platformHttpClient('notification', undefined, TIMEOUT_MS, new OutboundGuard(config.outboundAllowList));
  }

  protected tasks(): RecurringTask[] {
    return [{ name: 'notification-sender', everyMs: this.config.notificationSendIntervalMs, run: () => this.sendDue() }];
  }

  async sendDue(): Promise<number> {
    const due = await this.outbox.takeDue(this.clock.now(), LEASE_SECONDS, BATCH);
    await Promise.all(due.map((row) => this.send(row)));
    return due.length;
  }

  private async send(row: OutboxRow): Promise<void> {
    let error: string;
    try {
      const { url, secret } = this.notifications.openChannel(row.unitId, row.urlSealed, row.secretSealed);
      const request = channelRequest(row.kind, url, secret, row, this.clock.now());
      const response = await this.http.post(request.url, request.body, { headers: request.headers, responseType: 'text' });
      if (channelAccepted(row.kind, response.status, response.data)) {
        await this.outbox.markSent(row.id, this.clock.now());
        return;
      }
      error = `the channel answered ${response.status} ${String(response.data).slice(0, 120)}`;
    } catch (failure) {
      error = `the channel could not be reached: ${(failure as Error).message}`;
    }
    const retryAt =
      row.attempts >= MAX_ATTEMPTS ? null : new Date(this.clock.now().getTime() + Math.min(3_600_000, 5_000 * 2 ** (row.attempts - 1)));
    this.logger.warn({ notificationId: row.id, attempts: row.attempts }, 'notification not delivered');
    await this.outbox.markFailed(row.id, error, retryAt);
  }
}
