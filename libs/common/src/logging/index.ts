export * from './structured-logging';
