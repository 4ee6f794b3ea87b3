import { Injectable } from '@nestjs/common';
import { Clock } from '@mb/common';
import { type LaneQuota, type LaneSpec, PLATFORM_REGISTRY, PlatformError, PlatformErrorCode } from '@mb/platforms';
import { LaneReason, type Platform, PostingLane, QUOTA_WINDOW_LABELS, QuotaWindow, quotaWindowEnd, quotaWindowStart } from '@mb/vocabulary';
import { LaneQuotasRepository, type QuotaFull } from './lane-quotas.repository';
import { type LaneQuotaView } from './dispatch.views';

/** The facts of one attempt that decide its lane. */
export interface LaneRequest {
  deliveryId: string;
  accountId: string;
  platform: Platform;
  accountClass: string | null;
  urgent: boolean;
  action: 'post' | 'update';
  /** The lane an earlier attempt of this delivery chose: it is kept, so a repeat never lands twice in two lanes. */
  lane: PostingLane | null;
}

/** The lane this attempt posts in; its quota is taken. */
export interface LaneChoice {
  lane: PostingLane;
  reason: LaneReason;
}

/**
 * Which of its platform's lanes a delivery goes out in. An urgent bulletin is pushed where the
 * account's push quota allows and published without a push where it does not; everything else is
 * published, keeping the push quota for urgent bulletins. A lane whose quota is used up is waited
 * out to the quota's reset.
 */
@Injectable()
export class PostingLanes {
  constructor(
    private readonly ledger: LaneQuotasRepository,
    private readonly clock: Clock,
  ) {}

  /** The lane of this attempt, its quota taken; a PlatformError QUOTA_EXHAUSTED when even the ordinary lane is full. */
  async choose(request: LaneRequest): Promise<LaneChoice> {
    const lanes = PLATFORM_REGISTRY[request.platform].lanes;
    const ordinary = lanes[0];
    const push = lanes.find((lane) => lane.lane === PostingLane.Push);
    if (request.action === 'update') return this.ordinary(request, ordinary, LaneReason.Update);
    if (push && request.urgent && request.lane !== PostingLane.Publish) {
      const full = await this.take(request, push, LaneReason.UrgentPushed);
      if (!full) return { lane: PostingLane.Push, reason: LaneReason.UrgentPushed };
      return this.ordinary(request, ordinary, LaneReason.PushQuotaUsed);
    }
    return this.ordinary(request, ordinary, lanes.length === 1 ? LaneReason.OnlyLane : LaneReason.NotUrgent);
  }

  /**
   * The platform answered that the lane's quota is used up: nothing more goes in it until the
   * quota's window ends, and what this attempt took is given back.
   */
  async exhausted(request: LaneRequest, lane: PostingLane, platformReason: string): Promise<Date> {
    const spec = PLATFORM_REGISTRY[request.platform].lanes.find((candidate) => candidate.lane === lane);
    const quota = spec ? this.quotasFor(spec, request)[0] : undefined;
    const until = quotaWindowEnd(quota?.window ?? QuotaWindow.Day, this.clock.now());
    await this.ledger.release(request.deliveryId, lane);
    await this.ledger.block(request.accountId, lane, until, platformReason);
    return until;
  }

  /** The attempt made nothing on the platform: its quota use is given back. */
  release(deliveryId: string, lane: PostingLane): Promise<void> {
    return this.ledger.release(deliveryId, lane);
  }

  /** Each counted quota of the account's lanes, with its use in the window now running. */
  async accountQuotas(platform: Platform, accountId: string, accountClass: string | null): Promise<LaneQuotaView[]> {
    const now = this.clock.now();
    const { uses, blocks } = await this.ledger.usage(accountId, now);
    return PLATFORM_REGISTRY[platform].lanes.flatMap((spec) =>
      this.quotasFor(spec, { platform, accountClass }).map((quota) => {
        const windowStart = quotaWindowStart(quota.window, now).getTime();
        const use = uses.find(
          (row) => row.lane === spec.lane && row.window === quota.window && new Date(row.windowStart).getTime() === windowStart,
        );
        const block = blocks.find((row) => row.lane === spec.lane);
        return {
          lane: spec.lane,
          pushesToFollowers: spec.pushesToFollowers,
          window: quota.window,
          limit: quota.limit,
          used: use?.used ?? 0,
          resetsAt: quotaWindowEnd(quota.window, now),
          basis: quota.basis,
          blockedUntil: block ? new Date(block.until) : null,
        };
      }),
    );
  }

  private async ordinary(request: LaneRequest, spec: LaneSpec, reason: LaneReason): Promise<LaneChoice> {
    // A platform with one lane and nothing counted has nothing to decide or record.
    if (reason === LaneReason.OnlyLane && this.quotasFor(spec, request).length === 0) return { lane: spec.lane, reason };
    const full = await this.take(request, spec, reason);
    if (!full) return { lane: spec.lane, reason };
    const quota = full.quota ? `${QUOTA_WINDOW_LABELS[full.quota.window]} ${full.quota.limit} 次的额度已用完` : '平台答复额度已用完';
    throw new PlatformError(
      PlatformErrorCode.QuotaExhausted,
      `${quota}，于 ${full.until.toISOString()} 重置后发出`,
      Math.max(0, full.until.getTime() - this.clock.now().getTime()),
    );
  }

  private take(request: LaneRequest, spec: LaneSpec, reason: LaneReason): Promise<QuotaFull | null> {
    return this.ledger.take({
      deliveryId: request.deliveryId,
      accountId: request.accountId,
      lane: spec.lane,
      quotas: this.quotasFor(spec, request),
      reason,
      at: this.clock.now(),
    });
  }

  private quotasFor(spec: LaneSpec, account: { platform: Platform; accountClass: string | null }): LaneQuota[] {
    const accountClass = account.accountClass ?? PLATFORM_REGISTRY[account.platform].accountClasses?.[0];
    return spec.quotas.filter((quota) => !quota.accountClass || quota.accountClass === accountClass);
  }
}
