import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule } from '@mb/accounts';
import { BulletinsModule } from '@mb/bulletins';
import { CommonModule, structuredLogging } from '@mb/common';
import { AppConfig, ConfigModule } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import { DispatchModule } from '@mb/dispatch';
import { UnitsModule } from '@mb/units';
import { AccountsController } from './accounts/accounts.controller';
import { BulletinsController } from './bulletins/bulletins.controller';
import { DeadLettersController } from './deliveries/dead-letters.controller';
import { HealthController } from './health/health.controller';
import { QueueHealthIndicator } from './health/queue.health';
import { UnitsController } from './units/units.controller';

@Module({})
export class ApiModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        structuredLogging('api', config.logLevel),
        DatabaseModule.forRoot('mb-api'),
        TerminusModule,
        UnitsModule,
        AccountsModule,
        BulletinsModule,
        DispatchModule,
      ],
      controllers: [UnitsController, AccountsController, BulletinsController, DeadLettersController, HealthController],
      providers: [QueueHealthIndicator],
    };
  }
}
