export * from './errors';
export * from './http';
export * from './time';
export * from './crypto';
export * from './common.module';
export * from './context';
export * from './csv';
export * from './images';
