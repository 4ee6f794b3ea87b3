import { Module } from '@nestjs/common';
import { PlatformAdapters } from './platform-adapters';

@Module({ providers: [PlatformAdapters], exports: [PlatformAdapters] })
export class PlatformsModule {}
