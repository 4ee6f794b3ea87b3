import { Module } from '@nestjs/common';
import { IMAGE_STORE } from './image-store';
import { MediaService } from './media.service';
import { PostgresImageStore } from './postgres-image.store';

@Module({
  providers: [MediaService, { provide: IMAGE_STORE, useClass: PostgresImageStore }],
  exports: [MediaService],
})
export class MediaModule {}
