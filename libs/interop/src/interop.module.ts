import { Module } from '@nestjs/common';
import { BulletinsModule } from '@mb/bulletins';
import { DispatchModule } from '@mb/dispatch';
import { UnitsModule } from '@mb/units';
import { CapAlerts } from './cap/cap-alerts.service';
import { PublicFeeds } from './feeds/public-feeds.service';
import { PublicBulletins } from './public-bulletins.service';
import { BulletinPages } from './public-page';

/** The bulletin as the world outside the platforms reads it: CAP 1.2 messages, Atom feeds and the public page's facts. */
@Module({
  imports: [BulletinsModule, DispatchModule, UnitsModule],
  providers: [PublicBulletins, CapAlerts, PublicFeeds, BulletinPages],
  exports: [PublicBulletins, CapAlerts, PublicFeeds, BulletinPages],
})
export class InteropModule {}
