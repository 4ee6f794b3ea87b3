export * from './renderable-bulletin';
export * from './id-number-mask';
export * from './attribution-code';
export * from './bulletin-summary';
export * from './marker';
export * from './cut-to-length';
export * from './html';
