import { Injectable } from '@nestjs/common';
import { Transactions, updatedRows } from '@mb/database';
import { type NotificationChannelKind, NotificationChannelState, type NotificationKind } from '@mb/vocabulary';
import { type NotificationView } from './notification.views';

export interface NewNotification {
  unitId: string;
  kind: NotificationKind;
  title: string;
  text: string;
  link: string | null;
  subjectType: string;
  subjectId: string;
}

export interface StoredChannel {
  unitId: string;
  kind: NotificationChannelKind;
  urlSealed: string;
  secretSealed: string | null;
  active: boolean;
  updatedAt: Date;
}

/** A notification due to go out through its unit's channel, with the channel's sealed address. */
export interface OutboxRow {
  id: string;
  unitId: string;
  title: string;
  text: string;
  link: string | null;
  attempts: number;
  kind: NotificationChannelKind;
  urlSealed: string;
  secretSealed: string | null;
}

const VIEW_COLUMNS = `n.id, n.unit_id AS "unitId", n.kind, n.title, n.body AS text, n.link, n.created_at AS "createdAt",
  n.channel_state AS "channelState", n.sent_at AS "sentAt", n.channel_error AS "channelError"`;

/** The notifications and each unit's channel; the outbox is the notifications still to send. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Written in the caller's transaction; it goes to the channel when the unit has an active one. */
  async insert(notification: NewNotification, at: Date): Promise<string> {
    const [row] = await this.transactions.query(
      `INSERT INTO notification (unit_id, kind, title, body, link, subject_type, subject_id, created_at, channel_state, channel_next_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8,
              CASE WHEN c.active THEN $9 ELSE $10 END, CASE WHEN c.active THEN $8::timestamptz END
       FROM (SELECT 1) one LEFT JOIN unit_channel c ON c.unit_id = $1
       RETURNING id`,
      [
        notification.unitId,
        notification.kind,
        notification.title,
        notification.text,
        notification.link,
        notification.subjectType,
        notification.subjectId,
        at,
        NotificationChannelState.Pending,
        NotificationChannelState.None,
      ],
    );
    return row.id;
  }

  async sentSince(unitId: string, kind: NotificationKind, since: Date): Promise<boolean> {
    const rows = await this.transactions.query(`SELECT 1 FROM notification WHERE unit_id = $1 AND kind = $2 AND created_at >= $3 LIMIT 1`, [
      unitId,
      kind,
      since,
    ]);
    return rows.length > 0;
  }

  async list(filter: { unitId?: string; unitPath: string | null }, limit: number, offset: number) {
    const where = `($1::uuid IS NULL OR n.unit_id = $1) AND ($2::text IS NULL OR u.path LIKE $2 || '%')`;
    const items: NotificationView[] = await this.transactions.query(
      `SELECT ${VIEW_COLUMNS} FROM notification n JOIN unit u ON u.id = n.unit_id WHERE ${where}
       ORDER BY n.created_at DESC, n.id LIMIT $3 OFFSET $4`,
      [filter.unitId ?? null, filter.unitPath, limit, offset],
    );
    const [{ total }] = await this.transactions.query(
      `SELECT count(*)::int AS total FROM notification n JOIN unit u ON u.id = n.unit_id WHERE ${where}`,
      [filter.unitId ?? null, filter.unitPath],
    );
    return { items, total };
  }

  async channel(unitId: string): Promise<StoredChannel | null> {
    const [row] = await this.transactions.query(
      `SELECT unit_id AS "unitId", kind, url_sealed AS "urlSealed", secret_sealed AS "secretSealed", active, updated_at AS "updatedAt"
       FROM unit_channel WHERE unit_id = $1`,
      [unitId],
    );
    return row ?? null;
  }

  async saveChannel(channel: StoredChannel): Promise<void> {
    await this.transactions.query(
      `INSERT INTO unit_channel (unit_id, kind, url_sealed, secret_sealed, active, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (unit_id) DO UPDATE SET kind = $2, url_sealed = $3, secret_sealed = $4, active = $5, updated_at = $6`,
      [channel.unitId, channel.kind, channel.urlSealed, channel.secretSealed, channel.active, channel.updatedAt],
    );
  }

  /** Takes due notifications for one send each; the lease keeps another process from sending them meanwhile. */
  async takeDue(now: Date, leaseSeconds: number, limit: number): Promise<OutboxRow[]> {
    const result = await this.transactions.query(
      `WITH due AS (
         SELECT id FROM notification WHERE channel_state = $4 AND channel_next_at <= $1
         ORDER BY channel_next_at LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       UPDATE notification n SET channel_next_at = $1::timestamptz + make_interval(secs => $2), channel_attempts = n.channel_attempts + 1
       FROM due, unit_channel c
       WHERE n.id = due.id AND c.unit_id = n.unit_id
       RETURNING n.id, n.unit_id AS "unitId", n.title, n.body AS text, n.link, n.channel_attempts AS attempts,
                 c.kind, c.url_sealed AS "urlSealed", c.secret_sealed AS "secretSealed"`,
      [now, leaseSeconds, limit, NotificationChannelState.Pending],
    );
    return updatedRows<OutboxRow>(result);
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.transactions.query(
      `UPDATE notification SET channel_state = $3, sent_at = $2, channel_next_at = NULL, channel_error = NULL WHERE id = $1`,
      [id, at, NotificationChannelState.Sent],
    );
  }

  /** Another try at `retryAt`, or failed for good when it is null. */
  async markFailed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.transactions.query(
      `UPDATE notification SET channel_state = CASE WHEN $3::timestamptz IS NULL THEN $4 ELSE $5 END,
              channel_next_at = $3, channel_error = $2 WHERE id = $1`,
      [id, error.slice(0, 300), retryAt, NotificationChannelState.Failed, NotificationChannelState.Pending],
    );
  }
}
