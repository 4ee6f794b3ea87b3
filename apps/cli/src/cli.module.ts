import { type DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@mb/accounts';
import { AuditModule } from '@mb/audit';
import { AuthModule } from '@mb/auth';
import { CommonModule } from '@mb/common';
import { structuredLogging } from '@mb/common/server';
import { AppConfig, ConfigModule } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import { UnitsModule } from '@mb/units';
import { DemoProvinceSeeder } from './demo-province.seeder';

@Module({})
export class CliModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        structuredLogging('cli', config.logLevel, { to: 'stderr' }),
        AuditModule,
        DatabaseModule.forRoot('cli'),
        AuthModule,
        UnitsModule,
        AccountsModule,
      ],
      providers: [DemoProvinceSeeder],
    };
  }
}
