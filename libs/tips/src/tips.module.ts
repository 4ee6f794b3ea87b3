import { Module } from '@nestjs/common';
import { AccountsModule } from '@mb/accounts';
import { DispatchModule } from '@mb/dispatch';
import { PlatformsModule } from '@mb/platforms';
import { TipFingerprints } from './tip-fingerprints';
import { TipInboxService } from './tip-inbox.service';
import { TipJobHandlers, TipJobQueue } from './tip-jobs';
import { TipIntakeService } from './tip-intake.service';
import { TipRouting } from './tip-routing';
import { TipSecrets } from './tip-secrets';
import { TipThreadRepository } from './tip-thread.repository';
import { TipThreadService } from './tip-thread.service';
import { TipsRepository } from './tips.repository';
import { TipsService } from './tips.service';

@Module({
  imports: [AccountsModule, DispatchModule, PlatformsModule],
  providers: [
    TipsRepository,
    TipRouting,
    TipFingerprints,
    TipSecrets,
    TipIntakeService,
    TipsService,
    TipThreadRepository,
    TipThreadService,
    TipInboxService,
    TipJobQueue,
    TipJobHandlers,
  ],
  exports: [TipsRepository, TipIntakeService, TipsService, TipThreadService, TipInboxService, TipJobQueue, TipJobHandlers],
})
export class TipsModule {}
