import { randomInt, randomUUID } from 'node:crypto';
import { type TipLinkView } from './tip.views';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { cleanImage, Clock, ImageRefused, METRICS } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';
import { RenderableBulletins, TipLinks } from '@mb/dispatch';
import { BULLETIN_KIND_REGISTRY } from '@mb/bulletins';
import { type InboundMessage, KIND_TAG } from '@mb/platforms';
import { IDEMPOTENCY_KEY, MAX_PHOTO_BYTES, SubmitTipDto, TipPhotoDto } from './tip.dto';
import { TipFingerprints } from './tip-fingerprints';
import { TipRouting } from './tip-routing';
import { TipSecrets } from './tip-secrets';
import { TipError, TipErrorCode } from './tips.error';
import { type LinkedAccount, type LinkedBulletin, type NewTip, TipsRepository } from './tips.repository';
import { LIVE_STATUSES, NotificationKind } from '@mb/vocabulary';
import { NotificationsService } from '@mb/notifications';

const LINK_CACHE_MS = 3000;
const REPLY_CODE_ATTEMPTS = 3;
const REPLY_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const OPEN_STATUSES = new Set<string>(LIVE_STATUSES);
/** Markup or script in free text: tips are plain text, and a page that shows one must never run it. */
export const MARKUP = /<\s*\/?\s*[a-z!?]|javascript\s*:|data\s*:\s*text\/html/i;

export interface TipReceipt {
  replyCode: string;
  replyDueAt: Date;
  /** False when this answer repeats an earlier one (same idempotency key). */
  created: boolean;
}

/** Values kept for a short time, and the lookups in flight shared, so a burst asks once. */
class RecentValues<T> {
  private readonly values = new Map<string, { at: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const kept = this.values.get(key);
    if (kept && now - kept.at < this.ttlMs) return kept.value;
    if (this.values.size > 10_000) this.values.clear();
    const value = load();
    value.catch(() => this.values.delete(key));
    this.values.set(key, { at: now, value });
    return value;
  }
}

/** 16 characters of 32: 80 bits, beyond guessing at the per-client limit the reply-code routes keep. */
function newReplyCode(): string {
  return Array.from({ length: 16 }, () => REPLY_CODE_ALPHABET[randomInt(REPLY_CODE_ALPHABET.length)]).join('');
}

/**
 * Turns what the public sends — through a tip link or as a comment on a post — into a tip that is
 * committed, attributed, routed and owed a reply before anyone is told it was received.
 */
@Injectable()
export class TipIntakeService {
  /** A burst of tips on one bulletin reads its row once a few seconds, not once a tip. */
  private readonly recently = new RecentValues<LinkedBulletin | LinkedAccount | null>(LINK_CACHE_MS);

  constructor(
    private readonly tips: TipsRepository,
    private readonly routing: TipRouting,
    private readonly fingerprints: TipFingerprints,
    private readonly links: TipLinks,
    private readonly bulletins: RenderableBulletins,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly secrets: TipSecrets,
    private readonly notifications: NotificationsService,
  ) {}

  async submit(input: SubmitTipDto, idempotencyKey: string | undefined, source: 'page' | 'api'): Promise<TipReceipt> {
    for (const field of ['text', 'name', 'locationText'] as const) {
      if (input[field] && MARKUP.test(input[field]))
        throw new TipError(TipErrorCode.Markup, 'must be plain text, without markup or script', field);
    }
    if (input.anonymous && (input.name || input.contact)) {
      throw new TipError(TipErrorCode.Invalid, 'an anonymous tip carries no name or contact', 'anonymous');
    }
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new TipError(TipErrorCode.Invalid, 'must be 8-100 letters, digits or ._:-', 'idempotency-key');
    }
    const photos = await Promise.all((input.photos ?? []).map((photo, index) => cleanedPhoto(photo, index)));
    const { bulletin, account } = await this.attribution(input.code);
    const requestFingerprint = this.fingerprints.request(input);
    const id = randomUUID();
    const contact = input.contact?.phone || input.contact?.wechatId ? input.contact : undefined;
    const tip = await this.newTip(bulletin, account, {
      id,
      source,
      idempotencyKey: idempotencyKey ?? null,
      requestFingerprint,
      platformMessageId: null,
      text: input.text,
      anonymous: input.anonymous,
      nameSealed: input.name ? this.secrets.sealName(id, input.name) : null,
      contactSealed: contact ? this.secrets.sealContact(id, contact) : null,
      senderSealed: null,
      contactFingerprint: this.fingerprints.contact(contact),
      latitude: input.location?.latitude ?? null,
      longitude: input.location?.longitude ?? null,
      locationText: input.locationText ?? null,
      receivedAt: this.clock.now(),
    });
    for (let attempt = 0; attempt < REPLY_CODE_ATTEMPTS; attempt += 1) {
      if (await this.store(tip, photos)) return { replyCode: tip.replyCode, replyDueAt: tip.replyDueAt, created: true };
      if (idempotencyKey) {
        // A tip with this key is stored already (a retry, or a race another request won): answer as it was answered.
        const earlier = await this.tips.byIdempotencyKey(bulletin.id, idempotencyKey);
        if (earlier) return this.repeated(earlier, requestFingerprint);
      }
      // Nothing else conflicts but the random reply code: draw another. Success is never answered unstored.
      tip.replyCode = newReplyCode();
    }
    throw new TipError(TipErrorCode.NotStored, 'the tip could not be stored; please send it again', 'code');
  }

  /** What the tip page shows about the bulletin behind a link: the public text, ID numbers masked. */
  async describeLink(code: string): Promise<TipLinkView> {
    const { bulletin, account } = await this.attribution(code);
    const facts = await this.bulletins.load(bulletin.id, bulletin.current_version, this.links.links(bulletin.seq, 0));
    return {
      kind: facts.kind,
      kindLabel: KIND_TAG[facts.kind],
      title: facts.title,
      summary: facts.summary,
      body: facts.body,
      issuerName: facts.issuerName,
      via: account?.platform ?? null,
      asksForLocation: BULLETIN_KIND_REGISTRY[facts.kind].tipsGoTo === 'place_of_tip',
    };
  }

  /** A comment or message on a post of the matrix becomes a tip attributed to that post's account. */
  async acceptInbound(account: LinkedAccount, message: InboundMessage): Promise<boolean> {
    if (!message.postId || !message.text.trim()) return false;
    const bulletin = await this.tips.bulletinOfPost(account.id, message.postId);
    if (!bulletin) return false;
    const id = randomUUID();
    const tip = await this.newTip(bulletin, account, {
      id,
      source: 'platform',
      idempotencyKey: null,
      requestFingerprint: null,
      platformMessageId: message.platformMessageId.slice(0, 160),
      text: message.text.slice(0, 2000),
      anonymous: true,
      nameSealed: null,
      contactSealed: null,
      senderSealed: message.senderRef ? this.secrets.sealSender(id, message.senderRef) : null,
      contactFingerprint: null,
      latitude: null,
      longitude: null,
      locationText: null,
      receivedAt: Number.isNaN(message.receivedAt.getTime()) ? this.clock.now() : message.receivedAt,
    });
    return this.store(tip, []);
  }

  private async attribution(code: string): Promise<{ bulletin: LinkedBulletin; account: LinkedAccount | null }> {
    const decoded = this.links.decode(code);
    let bulletin = decoded
      ? ((await this.recently.get(`b${decoded.bulletinSeq}`, () => this.tips.bulletinBySeq(decoded.bulletinSeq))) as LinkedBulletin | null)
      : null;
    // Only an open bulletin is taken from memory (a few seconds old at most); any other is read again.
    if (decoded && bulletin && !OPEN_STATUSES.has(bulletin.status)) bulletin = await this.tips.bulletinBySeq(decoded.bulletinSeq);
    const account =
      decoded && decoded.accountSeq > 0
        ? ((await this.recently.get(`a${decoded.accountSeq}`, () => this.tips.accountBySeq(decoded.accountSeq))) as LinkedAccount | null)
        : null;
    if (!decoded || !bulletin || (decoded.accountSeq > 0 && !account)) {
      throw new TipError(TipErrorCode.UnknownLink, 'this tip link is not one of ours', 'code');
    }
    if (!OPEN_STATUSES.has(bulletin.status)) {
      throw new TipError(TipErrorCode.BulletinClosed, 'this bulletin no longer takes tips', 'code');
    }
    return { bulletin, account };
  }

  private repeated(
    earlier: { reply_code: string; request_fingerprint: string | null; reply_due_at: Date },
    requestFingerprint: string,
  ): TipReceipt {
    if (earlier.request_fingerprint !== requestFingerprint) {
      throw new TipError(TipErrorCode.IdempotencyMismatch, 'this idempotency key was used for a different tip', 'idempotency-key');
    }
    return { replyCode: earlier.reply_code, replyDueAt: earlier.reply_due_at, created: false };
  }

  private async newTip(
    bulletin: LinkedBulletin,
    account: LinkedAccount | null,
    facts: Omit<
      NewTip,
      | 'replyCode'
      | 'bulletinId'
      | 'accountId'
      | 'platform'
      | 'sourceUnitId'
      | 'textFingerprint'
      | 'status'
      | 'handlingUnitId'
      | 'replyDueAt'
    >,
  ): Promise<NewTip & { bulletinKind: string }> {
    const location = facts.latitude === null || facts.longitude === null ? null : { latitude: facts.latitude, longitude: facts.longitude };
    return {
      ...facts,
      replyCode: newReplyCode(),
      bulletinId: bulletin.id,
      bulletinKind: bulletin.kind,
      accountId: account?.id ?? null,
      platform: account?.platform ?? null,
      sourceUnitId: account?.unit_id ?? null,
      textFingerprint: this.fingerprints.text(facts.text),
      status: 'new',
      handlingUnitId: await this.routing.handlingUnitFor(bulletin, location),
      replyDueAt: new Date(facts.receivedAt.getTime() + this.config.tipReplyDeadlineHours * 3_600_000),
    };
  }

  /**
   * The tip (marked a duplicate when it repeats an earlier one), its deadline and audit row in one
   * database call; with photos, in one transaction with them. True when stored.
   */
  private async store(tip: NewTip, photos: Array<{ contentType: string; bytes: Buffer }>): Promise<boolean> {
    const similarSince = new Date(tip.receivedAt.getTime() - this.config.tipDuplicateWindowHours * 3_600_000);
    const audit = this.audit.rowOf({
      action: 'tip.received',
      entityType: 'tip',
      entityId: tip.id,
      after: {
        bulletinId: tip.bulletinId,
        accountId: tip.accountId,
        platform: tip.platform,
        source: tip.source,
        handlingUnitId: tip.handlingUnitId,
        replyDueAt: tip.replyDueAt,
        photos: photos.length,
      },
    });
    const stored =
      photos.length === 0
        ? (await this.tips.receive(tip, similarSince, audit)) !== null
        : await this.transactions.run(async () => {
            if (!(await this.tips.receive(tip, similarSince, audit))) return false;
            await this.tips.insertPhotos(tip.id, photos);
            return true;
          });
    if (stored) METRICS.tipsReceived.inc({ channel: tip.source });
    if (stored && tip.handlingUnitId) await this.notifyHandlingUnit(tip.id, tip.handlingUnitId, tip.replyDueAt);
    return stored;
  }

  /** The handling unit hears of the tip at once; what the tipster wrote stays in the console, never in a chat group. */
  private async notifyHandlingUnit(tipId: string, unitId: string, replyDueAt: Date): Promise<void> {
    const due = replyDueAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    await this.notifications.notify({
      unitId,
      kind: NotificationKind.TipAssigned,
      title: '新线索待处理',
      text: `一条群众线索已分派给本单位，请于 ${due} 前答复。线索内容请在工作台查看。`,
      link: `${this.config.publicBaseUrl.replace(/\/$/, '')}/console/tips/${tipId}`,
      subjectType: 'tip',
      subjectId: tipId,
    });
  }
}

/** A photo as stored: decoded and encoded again, so no position, device or hidden payload is kept. */
export async function cleanedPhoto(photo: TipPhotoDto, index: number): Promise<{ contentType: string; bytes: Buffer }> {
  const bytes = Buffer.from(photo.dataBase64, 'base64');
  const field = `photos.${index}.dataBase64`;
  if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) {
    throw new TipError(TipErrorCode.InvalidPhoto, `must be 1 to ${MAX_PHOTO_BYTES} bytes`, field);
  }
  try {
    return { contentType: photo.contentType, bytes: await cleanImage(bytes, photo.contentType) };
  } catch (error) {
    if (error instanceof ImageRefused) throw new TipError(TipErrorCode.InvalidPhoto, error.message, field);
    throw error;
  }
}
