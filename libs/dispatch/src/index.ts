export * from './delivery.entity';
export * from './deliveries.repository';
export * from './delivery.service';
export * from './publish.service';
export * from './progress.service';
export * from './retry-policy';
export * from './dispatch.module';
export * from './preview.service';
