export * from './database.module';
export * from './migrate';
export * from './query-results';
export * from './transactions';
export * from './test-hooks';
export * from './group-writes';
export * from './prepared';
export * from './report-reads';
