import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@mb/accounts';
import { BulletinsModule } from '@mb/bulletins';
import { PlatformsModule } from '@mb/platforms';
import { QueueModule } from '@mb/queue';
import { NotificationsModule } from '@mb/notifications';
import { DeadLetters } from './dead-letters';
import { DeliveryJobHandlers } from './delivery-job-handlers';
import { DeliveryJobQueue } from './delivery-jobs';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryReadsRepository } from './delivery-reads.repository';
import { FanOutRepository } from './fan-out.repository';
import { RepostReviewsRepository } from './repost-reviews.repository';
import { SweeperRepository } from './sweeper.repository';
import { Delivery } from './delivery.entity';
import { DeliveryService } from './delivery.service';
import { PreviewService } from './preview.service';
import { ProgressService } from './progress.service';
import { PublishService } from './publish.service';
import { RenderableBulletins } from './renderable-bulletins';
import { RepostReviewService } from './repost-review.service';
import { TargetPreviewService } from './target-preview.service';
import { TipLinks } from './tip-links';
import { LaneQuotasRepository } from './lane-quotas.repository';
import { PostingLanes } from './posting-lanes.service';
import { PlatformCallGate } from './platform-call-gate';
import { RepostBoardRepository } from './repost-board.repository';
import { RepostBoardService } from './repost-board.service';
import { AccountHealthRepository } from './account-health.repository';
import { CredentialHealthService } from './credential-health.service';
import { CredentialRenewal, CredentialRenewalJobHandlers, CredentialRenewalQueue } from './credential-renewal';

@Module({
  // The delivery entity is registered here, where its table is owned, for the typed list of a bulletin's deliveries.
  imports: [TypeOrmModule.forFeature([Delivery]), AccountsModule, BulletinsModule, NotificationsModule, PlatformsModule, QueueModule],
  providers: [
    DeadLetters,
    DeliveryJobHandlers,
    DeliveryJobQueue,
    DeliveriesRepository,
    DeliveryReadsRepository,
    FanOutRepository,
    LaneQuotasRepository,
    PlatformCallGate,
    PostingLanes,
    RepostBoardRepository,
    RepostBoardService,
    AccountHealthRepository,
    CredentialHealthService,
    CredentialRenewal,
    CredentialRenewalQueue,
    CredentialRenewalJobHandlers,
    RepostReviewsRepository,
    SweeperRepository,
    DeliveryService,
    PreviewService,
    ProgressService,
    PublishService,
    RenderableBulletins,
    RepostReviewService,
    TargetPreviewService,
    TipLinks,
  ],
  exports: [
    QueueModule,
    NotificationsModule,
    PlatformCallGate,
    PostingLanes,
    RepostBoardRepository,
    RepostBoardService,
    AccountHealthRepository,
    CredentialHealthService,
    CredentialRenewal,
    CredentialRenewalQueue,
    CredentialRenewalJobHandlers,
    DeadLetters,
    DeliveryJobHandlers,
    DeliveryJobQueue,
    RenderableBulletins,
    DeliveriesRepository,
    DeliveryReadsRepository,
    FanOutRepository,
    RepostReviewsRepository,
    SweeperRepository,
    DeliveryService,
    PreviewService,
    ProgressService,
    PublishService,
    RepostReviewService,
    TargetPreviewService,
    TipLinks,
  ],
})
export class DispatchModule {}
