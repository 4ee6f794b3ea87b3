import { DynamicModule, Module } from '@nestjs/common';
import { CommonModule, structuredLogging } from '@mb/common';
import { AppConfig, ConfigModule } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import { DispatchModule } from '@mb/dispatch';
import { QueueModule } from '@mb/queue';
import { DELIVERY_PROCESSORS } from './delivery.processors';

@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        structuredLogging('worker', config.logLevel),
        DatabaseModule.forRoot('mb-worker'),
        QueueModule,
        DispatchModule,
      ],
      providers: [...DELIVERY_PROCESSORS],
    };
  }
}
