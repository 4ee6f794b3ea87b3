import { type DynamicModule, Module } from '@nestjs/common';
import { structuredLogging } from '@mb/common/server';
import { AppConfig, ConfigModule } from '@mb/config';
import { AdminController } from './admin/admin.controller';
import { BaijiahaoController } from './baijiahao/baijiahao.controller';
import { DouyinController, ToutiaoController } from './bytedance/bytedance.controller';
import { RobotReceiversController } from './robots/robot-receivers.controller';
import { SimState } from './sim-state';
import { WebhookReceiverController } from './webhook/webhook-receiver.controller';
import { WechatController } from './wechat/wechat.controller';
import { WeiboController } from './weibo/weibo.controller';

@Module({})
export class SimModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: SimModule,
      imports: [ConfigModule.forRoot(config), structuredLogging('platform-sim', config.logLevel, { answeredAt: 'debug' })],
      controllers: [
        WeiboController,
        WechatController,
        DouyinController,
        ToutiaoController,
        WebhookReceiverController,
        BaijiahaoController,
        AdminController,
        RobotReceiversController,
      ],
      providers: [SimState],
    };
  }
}
