export * from './validation';
export * from './domain-exception.filter';
export * from './page-query.dto';
export * from './sliding-window-throttler-storage';
export * from './parse-id.pipe';
export * from './json-body';
export * from './error-body.dto';
export * from './page-of';
