export * from './validation';
export * from './domain-exception.filter';
