import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditService } from '@mb/audit';
import { Clock, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';
import { NotificationsService } from '@mb/notifications';
import { NotificationKind, Platform } from '@mb/vocabulary';

import { TipJobQueue } from './tip-jobs';
import { TipThreadService } from './tip-thread.service';
import { TipsRepository } from './tips.repository';

const BATCH = 500;

/**
 * The worker's timed work on tips. It only decides and enqueues — platform calls happen in the
 * platform queues' jobs — except for escalation, which is a database change claimed row by row.
 */
@Injectable()
export class TipsSchedule extends RecurringWork {
  constructor(
    private readonly tips: TipsRepository,
    private readonly queue: TipJobQueue,
    private readonly threads: TipThreadService,
    private readonly notifications: NotificationsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected tasks(): RecurringTask[] {
    return [
      { name: 'tips-deadlines', everyMs: this.config.sweepIntervalMs, run: () => this.runDue() },
      { name: 'tips-inbound', everyMs: this.config.inboundPollSeconds * 1000, run: () => this.pollInbound() },
      {
        name: 'tips-thread-purge',
        everyMs: this.config.tipThreadPurgeIntervalMs,
        run: () => this.threads.purgeExpired().then(() => undefined),
      },
    ];
  }

  private async runDue(): Promise<void> {
    await this.escalateOverdue();
    await this.warnDueSoon();
    const replies = await this.tips.pendingPlatformReplies(BATCH);
    await this.queue.enqueueTipReplies(replies.map((tip) => ({ id: tip.id, platform: tip.platform as Platform })));
  }

  private async pollInbound(): Promise<void> {
    const accounts = await this.tips.accountsWithLivePosts();
    await this.queue.enqueueInboundCollection(accounts.map((account) => ({ id: account.id, platform: account.platform as Platform })));
  }

  /** Before a deadline passes the unit hears how many of its tips still wait for a reply (never what they say). */
  private async warnDueSoon(): Promise<void> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.config.tipReplyDueSoonHours * 3_600_000);
    const due = await this.tips.claimDueSoon(now, until, BATCH);
    const byUnit = new Map<string, Date[]>();
    for (const tip of due) byUnit.set(tip.unit_id, [...(byUnit.get(tip.unit_id) ?? []), new Date(tip.reply_due_at)]);
    const base = this.config.publicBaseUrl.replace(/\/$/, '');
    for (const [unitId, deadlines] of byUnit) {
      const first = new Date(Math.min(...deadlines.map((at) => at.getTime())));
      const at = first.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
      await this.notifications.notify({
        unitId,
        kind: NotificationKind.TipReplyDueSoon,
        title: '线索即将超时未答复',
        text: `本单位有 ${deadlines.length} 条线索尚未答复，最早一条须于 ${at} 前答复，超时将上报上级单位。`,
        link: `${base}/console/tips`,
        subjectType: 'unit',
        subjectId: unitId,
      });
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
          await this.audit.record({
            action: 'tip.escalated',
            entityType: 'tip',
            entityId: tip.id,
            before: { handlingUnitId: tip.from_unit },
            after: { handlingUnitId: tip.to_unit, replyDueAt: tip.due_at },
          });
        }
        return moved.length;
      });
      if (escalated > 0) this.logger.log({ tips: escalated }, 'unanswered tips escalated to parent units');
      if (escalated < BATCH) return;
    }
  }
}
