import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { PlatformQueues } from './platform-queues';
import { queueConnection, queuePrefix } from './queue-backend';
import { DELIVERY_QUEUES } from './queue-names';

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ connection: queueConnection(config), prefix: queuePrefix(config) }),
    }),
    ...DELIVERY_QUEUES.map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [PlatformQueues],
  exports: [BullModule, PlatformQueues],
})
export class QueueModule {}
