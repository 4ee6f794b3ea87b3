import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { DeliveryQueue } from './delivery-queue';
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
  providers: [DeliveryQueue],
  exports: [BullModule, DeliveryQueue],
})
export class QueueModule {}
