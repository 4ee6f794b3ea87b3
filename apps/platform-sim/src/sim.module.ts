import { DynamicModule, Module } from '@nestjs/common';
import { structuredLogging } from '@mb/common';
import { AppConfig, ConfigModule } from '@mb/config';
import { AdminController } from './admin/admin.controller';
import { SimState } from './sim-state';
import { WebhookReceiverController } from './webhook/webhook-receiver.controller';
import { WeiboController } from './weibo/weibo.controller';

@Module({})
export class SimModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: SimModule,
      imports: [ConfigModule.forRoot(config), structuredLogging('platform-sim', config.logLevel)],
      controllers: [WeiboController, WebhookReceiverController, AdminController],
      providers: [SimState],
    };
  }
}
