export * from './queue-names';
export * from './queue-backend';
export * from './delivery-queue';
export * from './queue.module';
