import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditService } from '@mb/audit';
import { Clock, confinedUnitPath, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';
import { BulletinsService } from '@mb/bulletins';
import { NotificationsService } from '@mb/notifications';
import { BulletinPriority, NotificationKind } from '@mb/vocabulary';
import { type UnitRepost } from './dispatch.views';
import { type LateUnit, RepostBoardRepository } from './repost-board.repository';

const BATCH = 500;

/** A unit's reposts of a bulletin: posted, awaiting its review, failed with the reason, not yet reached, and how long it has taken. */
@Injectable()
export class RepostBoardService {
  constructor(
    private readonly board: RepostBoardRepository,
    private readonly bulletins: BulletinsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async of(bulletinId: string): Promise<UnitRepost[]> {
    const bulletin = await this.bulletins.get(bulletinId);
    const now = this.clock.now().getTime();
    const publishedAt = bulletin.publishedAt ? new Date(bulletin.publishedAt).getTime() : null;
    const deadlineMs = deadlineSeconds(this.config, bulletin.priority) * 1000;
    return (await this.board.board(bulletinId, confinedUnitPath())).map((row) => {
      const owed = row.accounts - row.posted - row.declined;
      const doneAt = owed === 0 && row.lastPostedAt ? new Date(row.lastPostedAt).getTime() : now;
      return {
        ...row,
        takenSeconds: publishedAt === null ? null : Math.max(0, Math.round((doneAt - publishedAt) / 1000)),
        overdue: publishedAt !== null && owed > 0 && now > publishedAt + deadlineMs,
      };
    });
  }
}

/**
 * Chases reposts instead of a phone call: a unit still owing reposts past the deadline for the
 * bulletin's priority is notified, and at twice the deadline its parent unit is. Each nudge is
 * recorded once (any number of workers may run this) and audited.
 */
@Injectable()
export class RepostNudges extends RecurringWork {
  constructor(
    private readonly board: RepostBoardRepository,
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
    return [{ name: 'repost-nudges', everyMs: this.config.repostNudgeIntervalMs, run: () => this.nudgeLate() }];
  }

  async nudgeLate(): Promise<number> {
    const now = this.clock.now();
    const late = await this.board.late(now, this.config.repostDeadlineUrgentSeconds, this.config.repostDeadlineNormalSeconds, BATCH);
    let sent = 0;
    for (const unit of late) {
      if (!unit.nudged && (await this.nudge(unit, 1, unit.unitId, now))) sent += 1;
      const escalationDue = now.getTime() >= new Date(unit.publishedAt).getTime() + 2 * unit.deadlineSeconds * 1000;
      if (!unit.escalated && unit.parentId && escalationDue && (await this.nudge(unit, 2, unit.parentId, now))) sent += 1;
    }
    return sent;
  }

  private nudge(unit: LateUnit, level: 1 | 2, notifiedUnitId: string, now: Date): Promise<boolean> {
    const minutes = Math.floor((now.getTime() - new Date(unit.publishedAt).getTime()) / 60_000);
    const owes = `${unit.unposted} 个账号未发出（待本单位审核 ${unit.awaitingReview} 个，发送失败 ${unit.failed} 个）`;
    const message =
      level === 1
        ? {
            kind: NotificationKind.RepostOverdue,
            title: `转发催办：${unit.title}`,
            text: `《${unit.title}》发布已 ${minutes} 分钟，本单位仍有 ${owes}，请尽快处理。`,
          }
        : {
            kind: NotificationKind.RepostEscalated,
            title: `下级单位转发超时：${unit.unitName}`,
            text: `${unit.unitName}在《${unit.title}》发布 ${minutes} 分钟后仍有 ${owes}，催办后仍未完成。`,
          };
    return this.transactions.run(async () => {
      if (!(await this.board.recordNudge(unit.bulletinId, unit.unitId, level, notifiedUnitId, now))) return false;
      await this.notifications.notify({
        unitId: notifiedUnitId,
        ...message,
        link: `${this.config.publicBaseUrl.replace(/\/$/, '')}/console/bulletins/${unit.bulletinId}`,
        subjectType: 'bulletin',
        subjectId: unit.bulletinId,
      });
      await this.audit.record({
        action: 'repost.nudged',
        entityType: 'bulletin',
        entityId: unit.bulletinId,
        after: { unitId: unit.unitId, level, notifiedUnitId, unposted: unit.unposted },
      });
      return true;
    });
  }
}

function deadlineSeconds(config: AppConfig, priority: BulletinPriority): number {
  return priority === BulletinPriority.Urgent ? config.repostDeadlineUrgentSeconds : config.repostDeadlineNormalSeconds;
}
