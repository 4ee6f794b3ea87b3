import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '@mb/vocabulary';

@Entity('app_user')
export class AppUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', length: 100 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  /** The unit a unit operator acts for; everything they see is this unit's subtree. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Column()
  active: boolean;

  /** Raised when a password is changed or reset or the user deactivated: access tokens of an older version stop working. */
  @Column({ name: 'session_version', type: 'integer' })
  sessionVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export class UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  active: boolean;
}

export function toUserView(user: AppUser): UserView {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, active: user.active };
}
