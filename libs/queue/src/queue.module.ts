import { BullModule } from '@nestjs/bullmq';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { PlatformQueues } from './platform-queues';
import { closeSharedQueueConnections, queueConnection, queuePrefix } from './queue-backend';
import { DELIVERY_QUEUES } from './queue-names';

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ connection: queueConnection(config) }),
    }),
    // Workers take their queue's prefix, so producer and consumer agree on the hash-tagged keys.
    BullModule.registerQueueAsync(
      ...DELIVERY_QUEUES.map((name) => ({
        name,
        inject: [AppConfig],
        useFactory: (config: AppConfig) => ({ prefix: queuePrefix(config, name) }),
      })),
    ),
  ],
  providers: [PlatformQueues],
  exports: [BullModule, PlatformQueues],
})
export class QueueModule implements OnApplicationShutdown {
  // Nest shuts the deeper BullModule's queues and workers down first; the client they shared goes last.
  onApplicationShutdown(): Promise<void> {
    return closeSharedQueueConnections();
  }
}
