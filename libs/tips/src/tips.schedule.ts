import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditService } from '@mb/audit';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';
import { Platform } from '@mb/platforms';
import { DeliveryQueue } from '@mb/queue';
import { TipsRepository } from './tips.repository';

const BATCH = 500;

/**
 * The worker's timed work on tips. It only decides and enqueues — platform calls happen in the
 * platform queues' jobs — except for escalation, which is a database change claimed row by row.
 */
@Injectable()
export class TipsSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TipsSchedule.name);
  private running = false;

  constructor(
    private readonly tips: TipsRepository,
    private readonly queue: DeliveryQueue,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval('tips-deadlines', setInterval(() => void this.runDue(), this.config.sweepIntervalMs));
    this.scheduler.addInterval('tips-inbound', setInterval(() => void this.pollInbound(), this.config.inboundPollSeconds * 1000));
  }

  onApplicationShutdown(): void {
    for (const name of ['tips-deadlines', 'tips-inbound']) {
      if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    }
  }

  async runDue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.escalateOverdue();
      const replies = await this.tips.pendingPlatformReplies(BATCH);
      await this.queue.enqueueTipReplies(replies.map((tip) => ({ id: tip.id, platform: tip.platform as Platform })));
    } catch (error) {
      this.logger.warn({ err: error }, 'tip deadlines failed; the next run will try again');
    } finally {
      this.running = false;
    }
  }

  async pollInbound(): Promise<void> {
    try {
      const accounts = await this.tips.accountsWithLivePosts();
      await this.queue.enqueueInboundCollection(accounts.map((account) => ({ id: account.id, platform: account.platform as Platform })));
    } catch (error) {
      this.logger.warn({ err: error }, 'inbound polling not enqueued; the next run will try again');
    }
  }

  /** A tip nobody answered in time moves up to the parent unit, with a fresh deadline. */
  private async escalateOverdue(): Promise<void> {
    const deadlineMs = this.config.tipReplyDeadlineHours * 3_600_000;
    for (;;) {
      const escalated = await this.transactions.run(async () => {
        const now = this.clock.now();
        const moved = await this.tips.escalateOverdue(now, deadlineMs, BATCH);
        for (const tip of moved) {
          await this.tips.closeAssignment(tip.id, 'escalated', now);
          await this.tips.openAssignment(tip.id, tip.to_unit, now, tip.due_at);
          await this.audit.record({ action: 'tip.escalated', entityType: 'tip', entityId: tip.id, before: { handlingUnitId: tip.from_unit }, after: { handlingUnitId: tip.to_unit, replyDueAt: tip.due_at } });
        }
        return moved.length;
      });
      if (escalated > 0) this.logger.log({ tips: escalated }, 'unanswered tips escalated to parent units');
      if (escalated < BATCH) return;
    }
  }
}
