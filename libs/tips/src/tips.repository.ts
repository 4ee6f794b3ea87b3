import { Injectable } from '@nestjs/common';
import { type UnitReplyStats } from './tip.views';
import { Transactions, updatedRows } from '@mb/database';
import { type AuditRow } from '@mb/audit';
import { BulletinKind, LIVE_POST_STATES, LIVE_STATUSES, ReplyDelivery, type RewardStatus, TipStatus } from '@mb/vocabulary';
import { ListTipsQuery } from './tip.dto';

/** A tip row as the services use it; sealed columns stay sealed here. */
export interface TipRow {
  id: string;
  reply_code: string;
  bulletin_id: string;
  bulletin_title?: string;
  bulletin_kind?: string;
  account_id: string | null;
  platform: string | null;
  source_unit_id: string | null;
  source: 'page' | 'api' | 'platform';
  platform_message_id: string | null;
  text: string;
  anonymous: boolean;
  name_sealed: string | null;
  contact_sealed: string | null;
  latitude: number | null;
  longitude: number | null;
  location_text: string | null;
  status: TipStatus;
  duplicate_of: string | null;
  handling_unit_id: string;
  routed_unit_id: string;
  reply_due_at: Date;
  reply_text: string | null;
  replied_at: Date | null;
  reply_delivery: ReplyDelivery | null;
  reply_attempts: number;
  escalations: number;
  reward_eligible: boolean;
  reward_amount: string | null;
  reward_status: RewardStatus;
  triage_note: string | null;
  received_at: Date;
  updated_at: Date;
  awaiting_answer_since: Date | null;
  photo_count?: number;
  /** In lists: the reply deadline has passed without a reply. */
  overdue?: boolean;
}

export interface NewTip {
  id: string;
  replyCode: string;
  bulletinId: string;
  accountId: string | null;
  platform: string | null;
  sourceUnitId: string | null;
  source: 'page' | 'api' | 'platform';
  idempotencyKey: string | null;
  requestFingerprint: string | null;
  platformMessageId: string | null;
  text: string;
  anonymous: boolean;
  nameSealed: string | null;
  contactSealed: string | null;
  senderSealed: string | null;
  contactFingerprint: string | null;
  textFingerprint: string;
  latitude: number | null;
  longitude: number | null;
  locationText: string | null;
  /** As received; receive_tip makes it a duplicate when it repeats an earlier tip. */
  status: TipStatus;
  handlingUnitId: string;
  replyDueAt: Date;
  receivedAt: Date;
}

export interface LinkedBulletin {
  id: string;
  seq: number;
  kind: BulletinKind;
  status: string;
  issuer_unit_id: string;
  current_version: number;
}

export interface LinkedAccount {
  id: string;
  platform: string;
  unit_id: string;
}

const TIP_COLUMNS = `t.id, t.reply_code, t.bulletin_id, b.title AS bulletin_title, b.kind AS bulletin_kind, t.account_id, t.platform, t.source_unit_id,
  t.source, t.platform_message_id, t.text, t.anonymous, t.name_sealed, t.contact_sealed, t.latitude, t.longitude, t.location_text,
  t.status, t.duplicate_of, t.handling_unit_id, t.routed_unit_id, t.reply_due_at, t.reply_text, t.replied_at, t.reply_delivery,
  t.reply_attempts, t.escalations, t.reward_eligible, t.reward_amount, t.reward_status, t.triage_note, t.received_at, t.updated_at,
  t.awaiting_answer_since, (SELECT count(*)::int FROM tip_photo p WHERE p.tip_id = t.id) AS photo_count`;

@Injectable()
export class TipsRepository {
  constructor(private readonly transactions: Transactions) {}

  async bulletinBySeq(seq: number): Promise<LinkedBulletin | null> {
    const [row] = await this.transactions.query(
      `SELECT id, seq::int AS seq, kind, status, issuer_unit_id, current_version FROM bulletin WHERE seq = $1`,
      [seq],
    );
    return row ?? null;
  }

  async accountBySeq(seq: number): Promise<LinkedAccount | null> {
    const [row] = await this.transactions.query(`SELECT id, platform, unit_id FROM account WHERE seq = $1`, [seq]);
    return row ?? null;
  }

  /** The bulletin a platform post belongs to, from the delivery that created the post. */
  async bulletinOfPost(accountId: string, platformPostId: string): Promise<LinkedBulletin | null> {
    const [row] = await this.transactions.query(
      `SELECT b.id, b.seq::int AS seq, b.kind, b.status, b.issuer_unit_id, b.current_version
       FROM delivery d JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.account_id = $1 AND d.platform_post_id = $2 LIMIT 1`,
      [accountId, platformPostId],
    );
    return row ?? null;
  }

  /** The county whose seat is nearest to a point, within a radius (no boundary data: seats stand in for areas). */
  async nearestCounty(latitude: number, longitude: number, maxKm: number): Promise<string | null> {
    const [row] = await this.transactions.query(
      `SELECT id FROM (
         SELECT id, 6371 * 2 * asin(sqrt(power(sin(radians(latitude - $1) / 2), 2)
           + cos(radians($1)) * cos(radians(latitude)) * power(sin(radians(longitude - $2) / 2), 2))) AS km
         FROM unit WHERE level = 'county'
       ) near WHERE km <= $3 ORDER BY km LIMIT 1`,
      [latitude, longitude, maxKm],
    );
    return row?.id ?? null;
  }

  async byIdempotencyKey(
    bulletinId: string,
    key: string,
  ): Promise<{ id: string; reply_code: string; request_fingerprint: string | null; reply_due_at: Date } | null> {
    const [row] = await this.transactions.query(
      `SELECT id, reply_code, request_fingerprint, reply_due_at FROM tip WHERE bulletin_id = $1 AND idempotency_key = $2`,
      [bulletinId, key],
    );
    return row ?? null;
  }

  /**
   * Stores a tip with its first assignment and audit row, in one call (see the receive_tip
   * migration): marked a duplicate of the earliest tip since `similarSince` on the same bulletin
   * with the same text or contact, if any. Null when a tip with the same idempotency key, platform
   * message or reply code exists, and nothing is stored.
   */
  async receive(tip: NewTip, similarSince: Date, audit: AuditRow): Promise<{ status: TipStatus; duplicateOf: string | null } | null> {
    const fingerprints = [tip.textFingerprint, ...(tip.contactFingerprint ? [tip.contactFingerprint] : [])];
    const row = {
      id: tip.id,
      reply_code: tip.replyCode,
      bulletin_id: tip.bulletinId,
      account_id: tip.accountId,
      platform: tip.platform,
      source_unit_id: tip.sourceUnitId,
      source: tip.source,
      idempotency_key: tip.idempotencyKey,
      request_fingerprint: tip.requestFingerprint,
      platform_message_id: tip.platformMessageId,
      text: tip.text,
      anonymous: tip.anonymous,
      name_sealed: tip.nameSealed,
      contact_sealed: tip.contactSealed,
      sender_sealed: tip.senderSealed,
      contact_fingerprint: tip.contactFingerprint,
      text_fingerprint: tip.textFingerprint,
      latitude: tip.latitude,
      longitude: tip.longitude,
      location_text: tip.locationText,
      status: tip.status,
      handling_unit_id: tip.handlingUnitId,
      routed_unit_id: tip.handlingUnitId,
      reply_due_at: tip.replyDueAt,
      received_at: tip.receivedAt,
    };
    const [stored] = await this.transactions.prepared(
      'tip-receive',
      `SELECT stored_status, stored_duplicate_of FROM receive_tip($1, $2, $3, $4)`,
      [JSON.stringify(row), fingerprints, similarSince, JSON.stringify(audit)],
    );
    return stored?.stored_status ? { status: stored.stored_status, duplicateOf: stored.stored_duplicate_of } : null;
  }

  async insertPhotos(tipId: string, photos: Array<{ contentType: string; bytes: Buffer }>): Promise<void> {
    for (const photo of photos) {
      await this.transactions.query(`INSERT INTO tip_photo (tip_id, content_type, size_bytes, bytes) VALUES ($1, $2, $3, $4)`, [
        tipId,
        photo.contentType,
        photo.bytes.length,
        photo.bytes,
      ]);
    }
  }

  async photo(tipId: string, photoId: string): Promise<{ content_type: string; bytes: Buffer } | null> {
    const [row] = await this.transactions.query(`SELECT content_type, bytes FROM tip_photo WHERE tip_id = $1 AND id = $2`, [
      tipId,
      photoId,
    ]);
    return row ?? null;
  }

  async photoIds(tipId: string): Promise<Array<{ id: string; content_type: string; size_bytes: number }>> {
    return this.transactions.query(`SELECT id, content_type, size_bytes FROM tip_photo WHERE tip_id = $1 ORDER BY id`, [tipId]);
  }

  async openAssignment(tipId: string, unitId: string, at: Date, dueAt: Date): Promise<void> {
    await this.transactions.query(
      `INSERT INTO tip_assignment (tip_id, bulletin_id, unit_id, assigned_at, due_at) SELECT id, bulletin_id, $2, $3, $4 FROM tip WHERE id = $1`,
      [tipId, unitId, at, dueAt],
    );
  }

  async closeAssignment(tipId: string, outcome: 'replied' | 'escalated' | 'reassigned', at: Date): Promise<void> {
    await this.transactions.query(`UPDATE tip_assignment SET outcome = $2, closed_at = $3 WHERE tip_id = $1 AND outcome = 'open'`, [
      tipId,
      outcome,
      at,
    ]);
  }

  /** A tip, only if its handling unit lies within `confinedTo` when given. */
  async findById(id: string, confinedTo: string | null, forUpdate = false): Promise<TipRow | null> {
    const [row] = await this.transactions.query(
      `SELECT ${TIP_COLUMNS} FROM tip t JOIN bulletin b ON b.id = t.bulletin_id JOIN unit h ON h.id = t.handling_unit_id
       WHERE t.id = $1 AND ($2::text IS NULL OR h.path LIKE $2 || '%') ${forUpdate ? 'FOR UPDATE OF t' : ''}`,
      [id, confinedTo],
    );
    return row ?? null;
  }

  /** The tips of the bulletin among `ids`, locked for a change in the caller's transaction where asked. */
  async ofBulletin(bulletinId: string, ids: string[], lock: boolean): Promise<TipRow[]> {
    return this.transactions.query(
      `SELECT ${TIP_COLUMNS} FROM tip t JOIN bulletin b ON b.id = t.bulletin_id
       WHERE t.bulletin_id = $1 AND t.id = ANY ($2::uuid[]) ORDER BY t.id ${lock ? 'FOR UPDATE OF t' : ''}`,
      [bulletinId, ids],
    );
  }

  async byReplyCode(replyCode: string): Promise<TipRow | null> {
    const [row] = await this.transactions.query(
      `SELECT ${TIP_COLUMNS} FROM tip t JOIN bulletin b ON b.id = t.bulletin_id WHERE t.reply_code = $1`,
      [replyCode],
    );
    return row ?? null;
  }

  async list(query: ListTipsQuery, confinedTo: string | null, now: Date): Promise<{ items: TipRow[]; total: number }> {
    const conditions = [`($1::text IS NULL OR h.path LIKE $1 || '%')`];
    const parameters: unknown[] = [confinedTo];
    const add = (condition: string, value: unknown) => {
      parameters.push(value);
      conditions.push(condition.replace('?', `$${parameters.length}`));
    };
    if (query.bulletinId) add('t.bulletin_id = ?', query.bulletinId);
    if (query.status) add('t.status = ?', query.status);
    if (query.unitId) add(`h.path LIKE (SELECT path FROM unit WHERE id = ?) || '%'`, query.unitId);
    // A tip whose tipster wrote again since the last answer is waiting for one as much as an unanswered tip.
    if (query.awaitingReply === 'true') conditions.push('(t.replied_at IS NULL OR t.awaiting_answer_since IS NOT NULL)');
    if (query.awaitingReply === 'false') conditions.push('t.replied_at IS NOT NULL AND t.awaiting_answer_since IS NULL');
    const where = conditions.join(' AND ');
    const from = `FROM tip t JOIN bulletin b ON b.id = t.bulletin_id JOIN unit h ON h.id = t.handling_unit_id WHERE ${where}`;
    const [{ total }] = await this.transactions.query(`SELECT count(*)::int AS total ${from}`, parameters);
    const items = await this.transactions.query(
      `SELECT ${TIP_COLUMNS}, t.reply_due_at < $${parameters.length + 1} AND t.replied_at IS NULL AS overdue ${from}
       ORDER BY ${query.order === 'urgent' ? `overdue DESC, t.status = $${parameters.length + 4} DESC, ` : ''}t.received_at DESC, t.id
       LIMIT $${parameters.length + 2} OFFSET $${parameters.length + 3}`,
      [...parameters, now, query.limit, query.offset, ...(query.order === 'urgent' ? [TipStatus.New] : [])],
    );
    return { items, total };
  }

  async setStatus(id: string, status: TipStatus, changes: { duplicateOf?: string | null; note?: string | null }): Promise<void> {
    await this.transactions.query(
      `UPDATE tip SET status = $2, duplicate_of = CASE WHEN $3::boolean THEN $4::uuid ELSE duplicate_of END,
         triage_note = COALESCE($5, triage_note), updated_at = now() WHERE id = $1`,
      [id, status, changes.duplicateOf !== undefined, changes.duplicateOf ?? null, changes.note ?? null],
    );
  }

  async handOver(id: string, unitId: string, dueAt: Date): Promise<void> {
    await this.transactions.query(`UPDATE tip SET handling_unit_id = $2, reply_due_at = $3, updated_at = now() WHERE id = $1`, [
      id,
      unitId,
      dueAt,
    ]);
  }

  async recordReply(
    id: string,
    text: string,
    at: Date,
    by: string | null,
    delivery: typeof ReplyDelivery.Page | typeof ReplyDelivery.Pending,
  ): Promise<void> {
    await this.transactions.query(
      `UPDATE tip SET reply_text = $2, replied_at = $3, replied_by = $4, reply_delivery = $5, reply_attempts = 0, reply_error = NULL, updated_at = now() WHERE id = $1`,
      [id, text, at, by, delivery],
    );
  }

  async setReward(id: string, eligible: boolean, amount: number | null, status: RewardStatus): Promise<void> {
    await this.transactions.query(
      `UPDATE tip SET reward_eligible = $2, reward_amount = $3, reward_status = $4, updated_at = now() WHERE id = $1`,
      [id, eligible, amount, status],
    );
  }

  /** Tips still waiting for their reply: within their deadline, and past it. */
  async replyBacklog(now: Date): Promise<{ due: number; overdue: number }> {
    const [row] = await this.transactions.query(
      `SELECT count(*) FILTER (WHERE reply_due_at > $1)::int AS due, count(*) FILTER (WHERE reply_due_at <= $1)::int AS overdue
       FROM tip WHERE replied_at IS NULL AND duplicate_of IS NULL`,
      [now],
    );
    return row;
  }

  /**
   * Claims overdue tips whose handling unit has a parent: each is moved up one level with a new
   * deadline in the same statement, so two schedulers never escalate the same tip twice.
   */
  async escalateOverdue(
    now: Date,
    deadlineMs: number,
    limit: number,
  ): Promise<Array<{ id: string; from_unit: string; to_unit: string; due_at: Date }>> {
    return updatedRows(
      await this.transactions.query(
        `WITH due AS (
           SELECT t.id, t.handling_unit_id AS from_unit, h.parent_id AS to_unit FROM tip t JOIN unit h ON h.id = t.handling_unit_id
           WHERE t.replied_at IS NULL AND t.reply_due_at <= $1 AND h.parent_id IS NOT NULL
           ORDER BY t.reply_due_at LIMIT $3 FOR UPDATE OF t SKIP LOCKED
         )
         UPDATE tip t SET handling_unit_id = due.to_unit, reply_due_at = $1::timestamptz + make_interval(secs => $2 / 1000.0),
           escalations = t.escalations + 1, due_soon_notified_at = NULL, updated_at = now()
         FROM due WHERE t.id = due.id
         RETURNING t.id, due.from_unit, due.to_unit, t.reply_due_at AS due_at`,
        [now, deadlineMs, limit],
      ),
    );
  }

  /** Unanswered tips whose deadline falls before `until`, each claimed once per deadline for the warning. */
  async claimDueSoon(now: Date, until: Date, limit: number): Promise<Array<{ id: string; unit_id: string; reply_due_at: Date }>> {
    return updatedRows(
      await this.transactions.query(
        `UPDATE tip t SET due_soon_notified_at = $1
         WHERE t.id IN (
           SELECT id FROM tip WHERE replied_at IS NULL AND due_soon_notified_at IS NULL AND reply_due_at > $1 AND reply_due_at <= $2
           ORDER BY reply_due_at LIMIT $3 FOR UPDATE SKIP LOCKED
         )
         RETURNING t.id, t.handling_unit_id AS unit_id, t.reply_due_at`,
        [now, until, limit],
      ),
    );
  }

  /** Platform replies waiting to be sent, with the account they must go through. */
  async pendingPlatformReplies(limit: number): Promise<Array<{ id: string; platform: string }>> {
    return this.transactions.query(
      `SELECT t.id, a.platform FROM tip t JOIN account a ON a.id = t.account_id
       WHERE t.reply_delivery = $2 ORDER BY t.updated_at LIMIT $1`,
      [limit, ReplyDelivery.Pending],
    );
  }

  async replyToSend(id: string): Promise<{
    id: string;
    account_id: string;
    platform_message_id: string;
    post_id: string | null;
    reply_text: string;
    reply_delivery: string;
    reply_attempts: number;
  } | null> {
    const [row] = await this.transactions.query(
      `SELECT t.id, t.account_id, t.platform_message_id, t.reply_text, t.reply_delivery, t.reply_attempts,
         (SELECT d.platform_post_id FROM delivery d WHERE d.account_id = t.account_id AND d.bulletin_id = t.bulletin_id AND d.platform_post_id IS NOT NULL ORDER BY d.version DESC LIMIT 1) AS post_id
       FROM tip t WHERE t.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async markReplySent(id: string): Promise<void> {
    await this.transactions.query(
      `UPDATE tip SET reply_delivery = $2, reply_error = NULL, updated_at = now() WHERE id = $1 AND reply_delivery = $3`,
      [id, ReplyDelivery.Sent, ReplyDelivery.Pending],
    );
  }

  async markReplyFailed(id: string, reason: string, giveUp: boolean): Promise<void> {
    await this.transactions.query(
      `UPDATE tip SET reply_attempts = reply_attempts + 1, reply_error = $2, reply_delivery = CASE WHEN $3 THEN $4 ELSE reply_delivery END, updated_at = now()
       WHERE id = $1 AND reply_delivery = $5`,
      [id, reason.slice(0, 500), giveUp, ReplyDelivery.Failed, ReplyDelivery.Pending],
    );
  }

  /** Per unit within a subtree: tips handed to it, answered by it, escalated away, and how fast it answered. */
  async replyStats(rootPath: string | null): Promise<UnitReplyStats[]> {
    const rows = await this.transactions.query(
      `SELECT u.id, u.name,
         count(*)::int AS assigned,
         count(*) FILTER (WHERE a.outcome = 'replied')::int AS replied,
         count(*) FILTER (WHERE a.outcome = 'escalated')::int AS escalated,
         count(*) FILTER (WHERE a.outcome = 'open')::int AS open,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.closed_at - a.assigned_at)) FILTER (WHERE a.outcome = 'replied') AS median_seconds,
         avg(extract(epoch FROM a.closed_at - a.assigned_at)) FILTER (WHERE a.outcome = 'replied') AS mean_seconds
       FROM tip_assignment a JOIN unit u ON u.id = a.unit_id
       WHERE a.outcome <> 'reassigned' AND ($1::text IS NULL OR u.path LIKE $1 || '%')
       GROUP BY u.id, u.name, u.path ORDER BY u.path`,
      [rootPath],
    );
    return rows.map((row: any) => {
      const decided = row.replied + row.escalated;
      return {
        unitId: row.id,
        unitName: row.name,
        assigned: row.assigned,
        replied: row.replied,
        escalated: row.escalated,
        open: row.open,
        replyRate: decided > 0 ? row.replied / decided : null,
        medianReplySeconds: row.median_seconds === null ? null : Math.round(Number(row.median_seconds)),
        meanReplySeconds: row.mean_seconds === null ? null : Math.round(Number(row.mean_seconds)),
      };
    });
  }

  async unitPath(unitId: string): Promise<{ id: string; path: string; parent_id: string | null } | null> {
    const [row] = await this.transactions.query(`SELECT id, path, parent_id FROM unit WHERE id = $1`, [unitId]);
    return row ?? null;
  }

  /** Accounts with a live post whose inbound messages are worth reading, with their read cursor. */
  async accountsWithLivePosts(): Promise<Array<{ id: string; platform: string }>> {
    return this.transactions.query(
      `SELECT DISTINCT a.id, a.platform FROM delivery d
       JOIN account a ON a.id = d.account_id JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.state = ANY ($1::delivery_state[]) AND d.platform_post_id IS NOT NULL AND a.active AND b.status = ANY ($2::bulletin_status[])`,
      [LIVE_POST_STATES, LIVE_STATUSES],
    );
  }

  async livePostsOf(accountId: string): Promise<string[]> {
    const rows: Array<{ platform_post_id: string }> = await this.transactions.query(
      `SELECT DISTINCT d.platform_post_id FROM delivery d JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.account_id = $1 AND d.state = ANY ($2::delivery_state[]) AND d.platform_post_id IS NOT NULL
         AND b.status = ANY ($3::bulletin_status[])`,
      [accountId, LIVE_POST_STATES, LIVE_STATUSES],
    );
    return rows.map((row) => row.platform_post_id);
  }

  async inboundCursor(accountId: string): Promise<string | null> {
    const [row] = await this.transactions.query(`SELECT cursor FROM inbound_cursor WHERE account_id = $1`, [accountId]);
    return row?.cursor ?? null;
  }

  async saveInboundCursor(accountId: string, cursor: string | null, at: Date): Promise<void> {
    await this.transactions.query(
      `INSERT INTO inbound_cursor (account_id, cursor, polled_at) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET cursor = $2, polled_at = $3`,
      [accountId, cursor, at],
    );
  }
}
