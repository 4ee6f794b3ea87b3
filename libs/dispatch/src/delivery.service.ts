import { Injectable, Logger } from '@nestjs/common';
import { AccountSessions } from '@mb/accounts';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { AttributionCodec, PlatformAdapters, PlatformError, PlatformErrorCode } from '@mb/platforms';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryState } from './delivery.entity';
import { RenderableBulletins } from './renderable-bulletins';
import { RetryLater, retryDelayMs } from './retry-policy';

export type DeliveryOutcome = 'published' | 'skipped' | 'failed' | 'unconfirmed';

/** Posts one delivery: claim it, render it for its platform, post it, record what happened. */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly attribution: AttributionCodec;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly bulletins: RenderableBulletins,
    private readonly adapters: PlatformAdapters,
    private readonly sessions: AccountSessions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.attribution = new AttributionCodec(config.credentialsKey);
  }

  tipUrlFor(bulletinSeq: number, accountSeq: number): string {
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/t/${this.attribution.encode(bulletinSeq, accountSeq)}`;
  }

  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const claimed = await this.deliveries.claim(deliveryId, this.clock.now(), this.config.deliveryLeaseSeconds);
    if (!claimed) return 'skipped';
    let attempt: () => Promise<{ postId: string; url?: string }>;
    try {
      const adapter = this.adapters.for(claimed.platform);
      const tipUrl = this.tipUrlFor(claimed.bulletinSeq, claimed.accountSeq);
      const rendered = adapter.render(await this.bulletins.load(claimed.bulletinId, claimed.version, tipUrl));
      const session = this.sessions.open(claimed);
      attempt = () => adapter.post(session, rendered, { idempotencyKey: claimed.id });
    } catch (error) {
      // Nothing was sent: a missing adapter or unreadable credentials need an operator, not a retry.
      const failure = error instanceof PlatformError ? error : new PlatformError(PlatformErrorCode.Rejected, `cannot prepare the post: ${(error as Error).message}`);
      return this.recordFailure(claimed.id, claimed.attempts, failure);
    }
    try {
      const post = await attempt();
      await this.deliveries.recordPublished(claimed.id, post.postId, post.url, this.clock.now());
      return 'published';
    } catch (error) {
      return this.recordFailure(claimed.id, claimed.attempts, asPlatformError(error));
    }
  }

  private async recordFailure(id: string, attempts: number, error: PlatformError): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    this.logger.warn({ deliveryId: id, code: error.code, attempts }, 'delivery attempt failed');
    if (error.code === PlatformErrorCode.UnknownOutcome) {
      await this.deliveries.recordAttemptFailure(id, DeliveryState.Unconfirmed, error.code, error.reason, null, now);
      return 'unconfirmed';
    }
    if (!error.retriable || attempts >= this.config.deliveryMaxAttempts) {
      await this.deliveries.recordAttemptFailure(id, DeliveryState.Failed, error.code, error.reason, null, now);
      return 'failed';
    }
    const delayMs = retryDelayMs(attempts, error.retryAfterMs);
    await this.deliveries.recordAttemptFailure(id, DeliveryState.RetryWait, error.code, error.reason, new Date(now.getTime() + delayMs), now);
    throw new RetryLater(delayMs, `${error.code}: retry in ${delayMs} ms`);
  }
}

/** Anything that is not a typed platform error may have happened after the request left: assume the post may exist. */
function asPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  return new PlatformError(PlatformErrorCode.UnknownOutcome, error instanceof Error ? error.message : String(error));
}
