export * from './unit.entity';
export * from './unit.dto';
export * from './units.error';
export * from './units.repository';
export * from './units.service';
export * from './units.module';
export * from './divisions/gbt2260-divisions';
