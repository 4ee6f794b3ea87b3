import { Injectable } from '@nestjs/common';
import { Clock, confinedUnitPath, SecretBox } from '@mb/common';
import { AppConfig } from '@mb/config';
import { AuditService } from '@mb/audit';
import { Transactions } from '@mb/database';
import { UnitsRepository } from '@mb/units';
import { type NotificationKind } from '@mb/vocabulary';
import { NotificationsError, NotificationsErrorCode } from './notifications.error';
import { type ListNotificationsQuery, type SetNotificationChannelDto } from './notification.dto';
import { type NotificationChannelView } from './notification.views';
import { type NewNotification, NotificationsRepository, type StoredChannel } from './notifications.repository';

/**
 * What units are told: every notification is kept for the console, and goes out through the
 * unit's channel (a signed webhook, a 企业微信 or 钉钉 group robot) when it has an active one. A
 * channel's address carries the robot's key, so address and secret are stored only sealed.
 */
@Injectable()
export class NotificationsService {
  private readonly box: SecretBox;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.credentialsKey);
  }

  /** Records a notification in the caller's transaction; the sender takes it from there. */
  notify(notification: NewNotification): Promise<string> {
    return this.notifications.insert(notification, this.clock.now());
  }

  /** Whether the unit was already told of this kind of matter since then (one reminder a day, not one a run). */
  notifiedSince(unitId: string, kind: NotificationKind, since: Date): Promise<boolean> {
    return this.notifications.sentSince(unitId, kind, since);
  }

  async list(query: ListNotificationsQuery) {
    return this.notifications.list({ unitId: query.unitId, unitPath: confinedUnitPath() }, query.limit, query.offset);
  }

  async channel(unitId: string): Promise<NotificationChannelView | null> {
    await this.existingUnit(unitId);
    const stored = await this.notifications.channel(unitId);
    return stored && this.viewOf(stored);
  }

  async setChannel(unitId: string, input: SetNotificationChannelDto): Promise<NotificationChannelView> {
    await this.existingUnit(unitId);
    const stored: StoredChannel = {
      unitId,
      kind: input.kind,
      urlSealed: this.box.seal(input.url, channelData(unitId, 'url')),
      secretSealed: input.secret ? this.box.seal(input.secret, channelData(unitId, 'secret')) : null,
      active: input.active ?? true,
      updatedAt: this.clock.now(),
    };
    return this.transactions.run(async () => {
      await this.notifications.saveChannel(stored);
      const view = this.viewOf(stored);
      await this.audit.record({ action: 'unit.notification_channel_set', entityType: 'unit', entityId: unitId, after: view });
      return view;
    });
  }

  /** The channel's address and secret, opened for one send. */
  openChannel(unitId: string, urlSealed: string, secretSealed: string | null): { url: string; secret: string | null } {
    return {
      url: this.box.open(urlSealed, channelData(unitId, 'url')),
      secret: secretSealed ? this.box.open(secretSealed, channelData(unitId, 'secret')) : null,
    };
  }

  private viewOf(stored: StoredChannel): NotificationChannelView {
    return {
      unitId: stored.unitId,
      kind: stored.kind,
      host: new URL(this.box.open(stored.urlSealed, channelData(stored.unitId, 'url'))).host,
      hasSecret: stored.secretSealed !== null,
      active: stored.active,
      updatedAt: stored.updatedAt,
    };
  }

  private async existingUnit(unitId: string): Promise<void> {
    if (!(await this.units.findById(unitId, confinedUnitPath())))
      throw new NotificationsError(NotificationsErrorCode.UnitNotFound, 'no such unit (or not yours to manage)', 'id');
  }
}

function channelData(unitId: string, part: 'url' | 'secret'): string {
  return `unit-channel:${unitId}:${part}`;
}
