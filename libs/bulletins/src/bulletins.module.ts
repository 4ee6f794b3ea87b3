import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Bulletin, BulletinVersion } from './bulletin.entity';
import { BulletinsRepository } from './bulletins.repository';
import { BulletinsService } from './bulletins.service';

@Module({
  imports: [TypeOrmModule.forFeature([Bulletin, BulletinVersion])],
  providers: [BulletinsRepository, BulletinsService],
  exports: [BulletinsRepository, BulletinsService],
})
export class BulletinsModule {}
