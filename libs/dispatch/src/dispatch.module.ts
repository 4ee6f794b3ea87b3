import { Module } from '@nestjs/common';
import { AccountsModule } from '@mb/accounts';
import { BulletinsModule } from '@mb/bulletins';
import { PlatformsModule } from '@mb/platforms';
import { QueueModule } from '@mb/queue';
import { AccountBreaker } from './account-breaker';
import { DeadLetters } from './dead-letters';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryService } from './delivery.service';
import { PreviewService } from './preview.service';
import { ProgressService } from './progress.service';
import { PublishService } from './publish.service';
import { RenderableBulletins } from './renderable-bulletins';
import { RepostReviewService } from './repost-review.service';
import { TargetPreviewService } from './target-preview.service';
import { TipLinks } from './tip-links';

@Module({
  imports: [AccountsModule, BulletinsModule, PlatformsModule, QueueModule],
  providers: [AccountBreaker, DeadLetters, DeliveriesRepository, DeliveryService, PreviewService, ProgressService, PublishService, RenderableBulletins, RepostReviewService, TargetPreviewService, TipLinks],
  exports: [QueueModule, DeadLetters, RenderableBulletins, DeliveriesRepository, DeliveryService, PreviewService, ProgressService, PublishService, RepostReviewService, TargetPreviewService, TipLinks],
})
export class DispatchModule {}
