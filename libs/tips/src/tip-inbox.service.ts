import { Injectable, Logger } from '@nestjs/common';
import { AccountSessions, AccountsRepository } from '@mb/accounts';
import { Clock } from '@mb/common';
import { PlatformAdapters, PlatformError, PlatformErrorCode } from '@mb/platforms';
import { TipIntakeService } from './tip-intake.service';
import { TipsRepository } from './tips.repository';

const MAX_REPLY_ATTEMPTS = 8;

/**
 * The platform side of tips, run by the worker: reading an account's new comments into tips, and
 * sending a reply under the comment a tip came from. Both resume from the database after a crash:
 * the read cursor moves only after the tips are stored, and a reply stays pending until sent.
 */
@Injectable()
export class TipInboxService {
  private readonly logger = new Logger(TipInboxService.name);

  constructor(
    private readonly tips: TipsRepository,
    private readonly intake: TipIntakeService,
    private readonly accounts: AccountsRepository,
    private readonly sessions: AccountSessions,
    private readonly adapters: PlatformAdapters,
    private readonly clock: Clock,
  ) {}

  async collect(accountId: string): Promise<{ messages: number; tips: number }> {
    const account = await this.accounts.sealedById(accountId);
    if (!account?.active) return { messages: 0, tips: 0 };
    const postIds = await this.tips.livePostsOf(accountId);
    const cursor = await this.tips.inboundCursor(accountId);
    const page = await this.adapters.for(account.platform).fetchInbound(this.sessions.open(account), postIds, cursor);
    let stored = 0;
    for (const message of page.messages) {
      if (await this.intake.acceptInbound({ id: account.accountId, platform: account.platform, unit_id: account.unitId }, message))
        stored += 1;
    }
    await this.tips.saveInboundCursor(accountId, page.cursor, this.clock.now());
    if (stored > 0) this.logger.log({ accountId, platform: account.platform, tips: stored }, 'inbound messages became tips');
    return { messages: page.messages.length, tips: stored };
  }

  async sendReply(tipId: string): Promise<'sent' | 'failed' | 'skipped'> {
    const tip = await this.tips.replyToSend(tipId);
    if (!tip || tip.reply_delivery !== 'pending') return 'skipped';
    const account = await this.accounts.sealedById(tip.account_id);
    if (!account) return 'skipped';
    try {
      await this.adapters
        .for(account.platform)
        .reply(
          this.sessions.open(account),
          { platformMessageId: tip.platform_message_id, postId: tip.post_id ?? undefined },
          tip.reply_text,
        );
      await this.tips.markReplySent(tipId);
      return 'sent';
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const giveUp = error.code === PlatformErrorCode.Rejected || tip.reply_attempts + 1 >= MAX_REPLY_ATTEMPTS;
      await this.tips.markReplyFailed(tipId, error.message, giveUp);
      this.logger.warn({ tipId, platform: account.platform, code: error.code, giveUp }, 'tip reply not sent');
      return 'failed';
    }
  }
}
