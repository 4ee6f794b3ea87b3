import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '@mb/audit';
import { BulletinsModule } from '@mb/bulletins';
import { CommonModule, structuredLogging } from '@mb/common';
import { AppConfig, ConfigModule } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import { DispatchModule, ScheduleService, SweeperService } from '@mb/dispatch';
import { MetricsSchedule, ReportsModule } from '@mb/reports';
import { TipsModule, TipsSchedule } from '@mb/tips';
import { deliveryProcessors } from './delivery.processors';

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
      providers: [...deliveryProcessors(config), SweeperService, ScheduleService, TipsSchedule, MetricsSchedule],
    };
  }
}
