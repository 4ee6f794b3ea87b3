export * from './image-store';
export * from './media.error';
export * from './media.module';
export * from './media.service';
export * from './media.dto';
