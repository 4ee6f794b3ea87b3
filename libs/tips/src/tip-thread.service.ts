import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { Clock, currentActorId, RequestContext } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';
import { NotificationsService } from '@mb/notifications';
import { NotificationKind } from '@mb/vocabulary';
import { ThreadMessageDto } from './tip.dto';
import { type PublicThreadView, type ThreadMessageView } from './tip.views';
import { cleanedPhoto, MARKUP } from './tip-intake.service';
import { TipSecrets } from './tip-secrets';
import { type ThreadMessageRow, TipThreadRepository } from './tip-thread.repository';
import { toPublicTipView } from './tip-view';
import { TipError, TipErrorCode } from './tips.error';
import { visibleTip } from './visible-tip';
import { type TipRow, TipsRepository } from './tips.repository';

/** Enough for a long exchange; a thread past it is a flood, not a conversation. */
const MAX_MESSAGES = 200;
const PURGE_BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The two-way anonymous channel: with the reply code alone the tipster reads the unit's answers
 * and writes again, photos cleaned as at intake; the handling unit answers in the console. Every
 * message is sealed to its tip, no address or device of the sender is kept, and threads are
 * purged after the retention period.
 */
@Injectable()
export class TipThreadService {
  private readonly logger = new Logger(TipThreadService.name);

  constructor(
    private readonly tips: TipsRepository,
    private readonly threads: TipThreadRepository,
    private readonly secrets: TipSecrets,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async publicThread(replyCode: string): Promise<PublicThreadView> {
    const row = await this.byReplyCode(replyCode);
    return { ...toPublicTipView(row), tipText: row.text, messages: await this.messages(row) };
  }

  /** The tipster writes again: what they add reaches the handling unit's inbox as awaiting an answer. */
  async fromTipster(replyCode: string, input: ThreadMessageDto): Promise<PublicThreadView> {
    if (MARKUP.test(input.text)) throw new TipError(TipErrorCode.Markup, 'must be plain text, without markup or script', 'text');
    const photos = await Promise.all((input.photos ?? []).map((photo, index) => cleanedPhoto(photo, index)));
    const row = await this.byReplyCode(replyCode);
    await this.transactions.run(async () => {
      await this.add(row, 'tipster', null, input.text, photos);
      // The audit says that the tipster wrote, never what.
      await this.audit.record({ action: 'tip.tipster_wrote', entityType: 'tip', entityId: row.id, after: { photos: photos.length } });
    });
    await this.notifications.notify({
      unitId: row.handling_unit_id,
      kind: NotificationKind.TipMessage,
      title: '线索人追加信息',
      text: '一条线索的提供人在对话中追加了信息，请在工作台查看并答复。',
      link: `${this.config.publicBaseUrl.replace(/\/$/, '')}/console/tips/${row.id}`,
      subjectType: 'tip',
      subjectId: row.id,
    });
    return this.publicThread(replyCode);
  }

  /** The thread as the unit reads it in the inbox (in the reader's scope). */
  async ofTip(tipId: string): Promise<ThreadMessageView[]> {
    return this.messages(await visibleTip(this.tips, tipId));
  }

  /** The handling unit answers in the thread; the tipster reads it with the reply code. */
  async answer(tipId: string, input: ThreadMessageDto): Promise<ThreadMessageView[]> {
    if (input.photos?.length) throw new TipError(TipErrorCode.Invalid, 'a unit answers in words; photos come from the tipster', 'photos');
    if (MARKUP.test(input.text)) throw new TipError(TipErrorCode.Markup, 'must be plain text, without markup or script', 'text');
    const row = await visibleTip(this.tips, tipId);
    const actor = RequestContext.current().actor;
    if (!(actor?.role === 'unit_operator' && actor.unitId === row.handling_unit_id) && actor?.role !== 'admin') {
      throw new TipError(TipErrorCode.NotHandlingUnit, "only the handling unit's operators answer its tipsters", 'id');
    }
    await this.transactions.run(async () => {
      await this.add(row, 'unit', currentActorId(), input.text, []);
      await this.audit.record({ action: 'tip.unit_answered', entityType: 'tip', entityId: row.id, after: { chars: input.text.length } });
    });
    return this.ofTip(tipId);
  }

  async photo(tipId: string, messageId: string, photoId: string): Promise<{ contentType: string; bytes: Buffer }> {
    await visibleTip(this.tips, tipId);
    const photo = await this.threads.photo(tipId, messageId, photoId);
    if (!photo) throw new TipError(TipErrorCode.NotFound, `no photo ${photoId} on this message`, 'photoId');
    return { contentType: photo.content_type, bytes: this.secrets.openPhoto(messageId, photo.bytes_sealed) };
  }

  /** Threads whose last message is older than the retention period are deleted; each batch is audited. */
  async purgeExpired(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.tipThreadRetentionDays * DAY_MS);
    let purged = 0;
    for (;;) {
      const batch = await this.transactions.run(async () => {
        const done = await this.threads.purgeBefore(before, PURGE_BATCH);
        for (const tipId of done.tips)
          await this.audit.record({
            action: 'tip.thread_purged',
            entityType: 'tip',
            entityId: tipId,
            after: { lastMessageBefore: before, retentionDays: this.config.tipThreadRetentionDays },
          });
        return done.tips.length;
      });
      purged += batch;
      if (batch < PURGE_BATCH) break;
    }
    if (purged > 0) this.logger.log({ tips: purged }, 'tip threads past their retention purged');
    return purged;
  }

  private async add(
    row: TipRow,
    author: 'tipster' | 'unit',
    authorUserId: string | null,
    text: string,
    photos: Array<{ contentType: string; bytes: Buffer }>,
  ): Promise<void> {
    if ((await this.threads.countOf(row.id)) >= MAX_MESSAGES)
      throw new TipError(TipErrorCode.ThreadFull, `a thread holds at most ${MAX_MESSAGES} messages`, 'text');
    const id = randomUUID();
    await this.threads.insertMessage({
      id,
      tipId: row.id,
      author,
      authorUserId,
      bodySealed: this.secrets.sealMessage(row.id, id, text),
      at: this.clock.now(),
    });
    for (const photo of photos)
      await this.threads.insertPhoto(id, photo.contentType, photo.bytes.length, this.secrets.sealPhoto(id, photo.bytes));
  }

  private async messages(row: TipRow): Promise<ThreadMessageView[]> {
    return (await this.threads.messagesOf(row.id)).map((message: ThreadMessageRow) => ({
      id: message.id,
      from: message.author,
      text: this.secrets.openMessage(row.id, message.id, message.body_sealed),
      at: message.created_at,
      photos: message.photos,
    }));
  }

  private async byReplyCode(replyCode: string): Promise<TipRow> {
    const row = await this.tips.byReplyCode(replyCode);
    if (!row) throw new TipError(TipErrorCode.NotFound, 'no tip has this reply code', 'replyCode');
    return row;
  }
}
