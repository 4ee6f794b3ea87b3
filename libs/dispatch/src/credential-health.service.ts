import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, confinedUnitPath, type RecurringTask, RecurringWork } from '@mb/common';
import { AppConfig } from '@mb/config';
import { NotificationsService } from '@mb/notifications';
import { NotificationKind, QuotaWindow, quotaWindowStart } from '@mb/vocabulary';
import { AccountHealthRepository } from './account-health.repository';
import { type AccountHealth } from './dispatch.views';
import { CredentialRenewal, CredentialRenewalQueue } from './credential-renewal';

const DAY_MS = 86_400_000;
const CHECK_BATCH = 5000;
const NAMES_SHOWN = 5;

/** Each account's credential health, for the console and the publish screen. */
@Injectable()
export class CredentialHealthService {
  constructor(
    private readonly health: AccountHealthRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  list(query: { unitId?: string; problemsOnly?: boolean; limit: number; offset: number }) {
    const now = this.clock.now();
    return this.health.list(
      {
        unitId: query.unitId,
        unitPath: confinedUnitPath(),
        problemsOnly: query.problemsOnly ?? false,
        now,
        dormantSince: new Date(now.getTime() - this.config.dormantAccountDays * DAY_MS),
        reauthoriseBefore: new Date(now.getTime() + this.config.reauthoriseWarningDays * DAY_MS),
      },
      query.limit,
      query.offset,
    );
  }
}

/**
 * The check that an urgent alert must not be the first to run. Tokens that will run out soon are
 * renewed ahead (on the platform queues, at most once a Beijing day an account); accounts whose
 * credentials the platform refused, whose token has expired, whose authorisation runs out within
 * the warning period, or that have posted nothing for the dormancy period are told to their unit,
 * once a Beijing day.
 */
@Injectable()
export class CredentialChecks extends RecurringWork {
  constructor(
    private readonly health: AccountHealthRepository,
    private readonly notifications: NotificationsService,
    private readonly renewal: CredentialRenewal,
    private readonly renewals: CredentialRenewalQueue,
    protected readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected tasks(): RecurringTask[] {
    return [{ name: 'credential-checks', everyMs: this.config.credentialCheckIntervalMs, run: () => this.checkOnce() }];
  }

  async checkOnce(): Promise<number> {
    const now = this.clock.now();
    const today = quotaWindowStart(QuotaWindow.Day, now);
    const due = await this.health.dueForRenewal(
      this.renewal.renewablePlatforms(),
      new Date(now.getTime() + this.config.credentialRenewAheadHours * 3_600_000),
      today,
      CHECK_BATCH,
    );
    await this.renewals.enqueue(due);
    const dormantSince = new Date(now.getTime() - this.config.dormantAccountDays * DAY_MS);
    const reauthoriseBefore = new Date(now.getTime() + this.config.reauthoriseWarningDays * DAY_MS);
    const { items } = await this.health.list({ unitPath: null, problemsOnly: true, now, dormantSince, reauthoriseBefore }, CHECK_BATCH, 0);
    const byUnit = new Map<string, AccountHealth[]>();
    for (const account of items) byUnit.set(account.unitId, [...(byUnit.get(account.unitId) ?? []), account]);
    let told = 0;
    for (const [unitId, accounts] of byUnit) {
      if (await this.notifications.notifiedSince(unitId, NotificationKind.CredentialsAttention, today)) continue;
      await this.notifications.notify({
        unitId,
        kind: NotificationKind.CredentialsAttention,
        title: `${accounts.length} 个账号需要处理`,
        text: this.describe(accounts),
        link: `${this.config.publicBaseUrl.replace(/\/$/, '')}/console/accounts`,
        subjectType: 'unit',
        subjectId: unitId,
      });
      told += 1;
    }
    return told;
  }

  private describe(accounts: AccountHealth[]): string {
    const lines: string[] = [];
    const group = (label: string, pick: (account: AccountHealth) => boolean) => {
      const picked = accounts.filter(pick);
      if (picked.length === 0) return;
      const names = picked.slice(0, NAMES_SHOWN).map((account) => account.displayName);
      lines.push(`${label} ${picked.length} 个：${names.join('、')}${picked.length > NAMES_SHOWN ? ' 等' : ''}`);
    };
    group('平台拒绝授权、需重新授权', (account) => account.authRefused);
    group('凭证已过期', (account) => account.tokenExpired && !account.authRefused);
    group(
      `授权将在 ${this.config.reauthoriseWarningDays} 天内到期、请重新授权`,
      (account) => account.reauthoriseSoon && !account.authRefused,
    );
    group('连续失败已熔断', (account) => account.breakerOpen && !account.authRefused);
    group(`${this.config.dormantAccountDays} 天内没有成功发布`, (account) => account.dormant);
    return `${lines.join('；')}。紧急通告发布前请处理，以免发布时失败。`;
  }
}
