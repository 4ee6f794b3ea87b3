import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '@mb/audit';
import { BulletinsModule } from '@mb/bulletins';
import { CommonModule } from '@mb/common';
import { structuredLogging } from '@mb/common/server';
import { AppConfig, ConfigModule } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import {
  CredentialChecks,
  CredentialRenewalJobHandlers,
  DeliveryJobHandlers,
  DispatchModule,
  RepostNudges,
  ScheduleService,
  SweeperService,
} from '@mb/dispatch';
import { NotificationSender } from '@mb/notifications';
import { PLATFORM_JOB_HANDLERS, type PlatformJobRegistry } from '@mb/queue';
import { MetricsJobHandlers, MetricsSchedule, ReadingMonths, ReportsModule } from '@mb/reports';
import { TipJobHandlers, TipsModule, TipsSchedule } from '@mb/tips';
import { deliveryProcessors } from './delivery.processors';
import { MetricsListener } from './metrics-listener';

@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        structuredLogging('worker', config.logLevel),
        AuditModule,
        DatabaseModule.forRoot('worker'),
        ScheduleModule.forRoot(),
        BulletinsModule,
        DispatchModule,
        TipsModule,
        ReportsModule,
      ],
      providers: [
        // Each lib declares its jobs and their handlers; the worker gives them all to every platform queue.
        {
          provide: PLATFORM_JOB_HANDLERS,
          inject: [DeliveryJobHandlers, CredentialRenewalJobHandlers, TipJobHandlers, MetricsJobHandlers],
          useFactory: (...registries: PlatformJobRegistry[]) => registries.flatMap((registry) => registry.handlers),
        },
        ...deliveryProcessors(config),
        SweeperService,
        ScheduleService,
        RepostNudges,
        CredentialChecks,
        NotificationSender,
        TipsSchedule,
        MetricsSchedule,
        ReadingMonths,
        MetricsListener,
      ],
    };
  }
}
