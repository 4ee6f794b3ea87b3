export * from './target-spec.dto';
export * from './target-resolver';
