import { Global, Module } from '@nestjs/common';
import { PostedListener } from '@mb/dispatch';
import { PostReadings } from './post-readings';

/** The ports reports provides to libs below it (dispatch records posts; reports measures them). */
@Global()
@Module({
  providers: [PostReadings, { provide: PostedListener, useExisting: PostReadings }],
  exports: [PostedListener],
})
export class ReportsPortsModule {}
