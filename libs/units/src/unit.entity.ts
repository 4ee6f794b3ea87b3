import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum UnitLevel {
  Province = 'province',
  City = 'city',
  County = 'county',
  Station = 'station',
}

/** The level a child of each level must have. */
export const CHILD_LEVEL: Record<UnitLevel, UnitLevel | null> = {
  [UnitLevel.Province]: UnitLevel.City,
  [UnitLevel.City]: UnitLevel.County,
  [UnitLevel.County]: UnitLevel.Station,
  [UnitLevel.Station]: null,
};

@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** GB/T 2260 code for province, city and county; stations carry their county's code + "P" + a sequence. */
  @Column({ length: 16, unique: true })
  code: string;

  @Column({ length: 100 })
  name: string;

  @Column({ type: 'enum', enum: UnitLevel, enumName: 'unit_level' })
  level: UnitLevel;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** Codes from the province down, `/370000/370600/370681/`: a subtree is a path prefix. */
  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  /** Minutes the unit's operator has to review a repost; the configured default when null. */
  @Column({ name: 'review_window_minutes', type: 'integer', nullable: true })
  reviewWindowMinutes: number | null;

  /** What happens to a repost nobody reviewed in time. */
  @Column({ name: 'review_fallback', type: 'varchar' })
  reviewFallback: 'post' | 'skip';

  /** Urgent bulletins skip review unless the unit opted out of that. */
  @Column({ name: 'urgent_opt_out', type: 'boolean' })
  urgentOptOut: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
