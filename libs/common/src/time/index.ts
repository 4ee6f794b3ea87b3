export * from './clock';
export * from './recurring-work';
