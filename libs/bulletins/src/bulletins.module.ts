import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Bulletin, BulletinVersion } from './bulletin.entity';
import { BulletinProposalsRepository } from './bulletin-proposals.repository';
import { BulletinProposalsService } from './bulletin-proposals.service';
import { BulletinsRepository } from './bulletins.repository';
import { BulletinsService } from './bulletins.service';
import { UnitsModule } from '@mb/units';

@Module({
  imports: [TypeOrmModule.forFeature([Bulletin, BulletinVersion]), UnitsModule],
  providers: [BulletinsRepository, BulletinsService, BulletinProposalsRepository, BulletinProposalsService],
  exports: [BulletinsRepository, BulletinsService, BulletinProposalsService],
})
export class BulletinsModule {}
