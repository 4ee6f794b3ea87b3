export * from './validation';
export * from './domain-exception.filter';
export * from './page-query';
export * from './sliding-window-throttler-storage';
export * from './parse-id.pipe';
export * from './json-body';
