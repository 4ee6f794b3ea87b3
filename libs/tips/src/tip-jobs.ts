import { Injectable } from '@nestjs/common';
import { type PlatformJobHandler, type PlatformJobRegistry, PlatformQueues } from '@mb/queue';
import { Platform } from '@mb/vocabulary';
import { TipInboxService } from './tip-inbox.service';

/** Tip work that calls a platform for one account or one tip: it rides the platform's queue, so the rate limit counts it. */
export enum TipJobName {
  /** Read the account's new comments and messages into tips. */
  CollectInbound = 'collect-inbound',
  /** Send a tip's reply through the platform it came from. */
  SendTipReply = 'send-tip-reply',
}

@Injectable()
export class TipJobQueue {
  constructor(private readonly queues: PlatformQueues) {}

  /** One collection per account at a time: while one waits, asking again adds nothing. */
  enqueueInboundCollection(accounts: Array<{ id: string; platform: Platform }>): Promise<void> {
    return this.queues.addOnce(
      TipJobName.CollectInbound,
      accounts.map((account) => ({ platform: account.platform, jobId: `inbound-${account.id}`, data: { accountId: account.id } })),
    );
  }

  enqueueTipReplies(tips: Array<{ id: string; platform: Platform }>): Promise<void> {
    return this.queues.addOnce(
      TipJobName.SendTipReply,
      tips.map((tip) => ({ platform: tip.platform, jobId: `reply-${tip.id}`, data: { tipId: tip.id } })),
    );
  }
}

@Injectable()
export class TipJobHandlers implements PlatformJobRegistry {
  readonly handlers: ReadonlyArray<PlatformJobHandler>;

  constructor(inbox: TipInboxService) {
    this.handlers = [
      { name: TipJobName.CollectInbound, handle: ({ accountId }: { accountId: string }) => inbox.collect(accountId) },
      { name: TipJobName.SendTipReply, handle: ({ tipId }: { tipId: string }) => inbox.sendReply(tipId) },
    ];
  }
}
