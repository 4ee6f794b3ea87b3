import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Unit } from './unit.entity';
import { UnitsRepository } from './units.repository';
import { UnitsService } from './units.service';

@Module({
  imports: [TypeOrmModule.forFeature([Unit])],
  providers: [UnitsRepository, UnitsService],
  exports: [UnitsRepository, UnitsService],
})
export class UnitsModule {}
