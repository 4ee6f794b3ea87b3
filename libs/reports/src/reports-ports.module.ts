import { Global, Module } from '@nestjs/common';
import { BulletinsModule } from '@mb/bulletins';
import { PostedListener, UpdateApprovedListener } from '@mb/dispatch';
import { TipsModule } from '@mb/tips';
import { OutcomesRepository } from './outcomes.repository';
import { PersonOutcomesRepository } from './person-outcomes.repository';
import { PersonOutcomesService } from './person-outcomes.service';
import { PostReadings } from './post-readings';

/**
 * The ports reports provides to libs below it: dispatch records posts and approves updates;
 * reports measures the posts and makes the person outcomes an update carries final.
 */
@Global()
@Module({
  imports: [BulletinsModule, TipsModule],
  providers: [
    PostReadings,
    { provide: PostedListener, useExisting: PostReadings },
    OutcomesRepository,
    PersonOutcomesRepository,
    PersonOutcomesService,
    { provide: UpdateApprovedListener, useExisting: PersonOutcomesService },
  ],
  exports: [PostedListener, UpdateApprovedListener, OutcomesRepository, PersonOutcomesService],
})
export class ReportsPortsModule {}
