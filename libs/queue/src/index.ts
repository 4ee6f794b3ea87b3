export * from './queue-names';
export * from './queue-backend';
export * from './platform-queues';
export * from './queue.module';
