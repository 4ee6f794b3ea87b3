import { Module } from '@nestjs/common';
import { AccountsModule } from '@mb/accounts';
import { DispatchModule } from '@mb/dispatch';
import { PlatformsModule } from '@mb/platforms';
import { TipsModule } from '@mb/tips';
import { MetricsCollectorService } from './metrics-collector.service';
import { MetricsJobHandlers, MetricsJobQueue } from './metrics-jobs';
import { MetricsRepository } from './metrics.repository';
import { OutcomesService } from './outcomes.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ReportsPortsModule } from './reports-ports.module';

@Module({
  imports: [AccountsModule, DispatchModule, PlatformsModule, TipsModule, ReportsPortsModule],
  providers: [
    MetricsRepository,
    MetricsCollectorService,
    MetricsJobQueue,
    MetricsJobHandlers,
    OutcomesService,
    ReportsRepository,
    ReportsService,
  ],
  exports: [MetricsRepository, MetricsCollectorService, MetricsJobQueue, MetricsJobHandlers, OutcomesService, ReportsService],
})
export class ReportsModule {}
