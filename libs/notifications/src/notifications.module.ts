import { Module } from '@nestjs/common';
import { AuditModule } from '@mb/audit';
import { UnitsModule } from '@mb/units';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AuditModule, UnitsModule],
  providers: [NotificationsRepository, NotificationsService],
  exports: [NotificationsRepository, NotificationsService],
})
export class NotificationsModule {}
