export * from './kind-descriptor';
export * from './shared-fields';
export * from './wanted.kind';
export * from './missing-person.kind';
export * from './report.kind';
export * from './kind-registry';
export * from './persons-summary';
