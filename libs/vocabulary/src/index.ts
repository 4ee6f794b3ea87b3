export * from './platform';
export * from './bulletin';
export * from './delivery';
export * from './tip';
export * from './role';
export * from './state-diagram';
export * from './resident-id';
export * from './lane';
