import { Injectable } from '@nestjs/common';
import { type PendingRepost, type RepostDecision } from './dispatch.views';
import { AuditService } from '@mb/audit';
import { Clock, confinedUnitPath, DomainError, ErrorKind, PageQuery } from '@mb/common';
import { Transactions } from '@mb/database';
import { DeliveryJobQueue } from './delivery-jobs';
import { FanOutRepository } from './fan-out.repository';
import { RepostReviewsRepository } from './repost-reviews.repository';

export class RepostNotWaiting extends DomainError<'REPOST_NOT_WAITING'> {
  constructor(id: string) {
    super('REPOST_NOT_WAITING', ErrorKind.NotFound, `no repost ${id} is waiting for your review`, 'id');
  }
}

/** A unit operator's review of reposts to its accounts whose policy is `review`. */
@Injectable()
export class RepostReviewService {
  constructor(
    private readonly reviews: RepostReviewsRepository,
    private readonly fanOut: FanOutRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly queue: DeliveryJobQueue,
    private readonly clock: Clock,
  ) {}

  pending(page: PageQuery): Promise<PendingRepost[]> {
    return this.reviews.pendingReviews(confinedUnitPath(), page.limit, page.offset);
  }

  async decide(id: string, approve: boolean): Promise<RepostDecision> {
    const decided = await this.transactions.run(async () => {
      const delivery = await this.reviews.decideReview(id, approve, this.clock.now(), confinedUnitPath());
      if (!delivery) throw new RepostNotWaiting(id);
      await this.audit.record({
        action: approve ? 'repost.approved' : 'repost.declined',
        entityType: 'delivery',
        entityId: id,
        before: { state: 'awaiting_review' },
        after: { state: delivery.state },
      });
      return delivery;
    });
    if (approve) {
      await this.queue.enqueue([decided]);
      await this.fanOut.markQueued([decided.id]);
    }
    return { id: decided.id, state: decided.state };
  }
}
