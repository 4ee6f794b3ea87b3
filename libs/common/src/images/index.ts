export * from './clean-image';
