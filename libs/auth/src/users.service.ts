import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { AuditService } from '@mb/audit';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions, updatedRows } from '@mb/database';
import { CreateUserDto } from './auth.dto';
import { AuthError, AuthErrorCode } from './auth.error';
import { AppUser, Role, toUserView, UserView } from './user.entity';

/** bcrypt work factor: about a tenth of a second per check on these machines. */
const BCRYPT_COST = 11;

/** A hash to verify against when the user does not exist, so both answers take the same time. */
const DUMMY_HASH = bcrypt.hash('no-such-user-password', BCRYPT_COST);

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(input: CreateUserDto): Promise<UserView> {
    return this.transactions.run(async (manager) => {
      if (await manager.findOneBy(AppUser, { username: input.username })) {
        throw new AuthError(AuthErrorCode.UsernameTaken, `user ${input.username} exists`, 'username');
      }
      if (input.unitId) {
        const [unit] = await manager.query('SELECT id FROM unit WHERE id = $1', [input.unitId]);
        if (!unit) throw new AuthError(AuthErrorCode.UnitNotFound, `unit ${input.unitId} does not exist`, 'unitId');
      }
      const user = await manager.save(
        AppUser,
        manager.create(AppUser, {
          username: input.username,
          displayName: input.displayName,
          passwordHash: await bcrypt.hash(input.password, BCRYPT_COST),
          role: input.role,
          unitId: input.unitId ?? null,
          active: true,
          failedLogins: 0,
        }),
      );
      const view = toUserView(user);
      await this.audit.record({ action: 'user.created', entityType: 'user', entityId: user.id, after: view });
      return view;
    });
  }

  async list(): Promise<UserView[]> {
    return (await this.dataSource.manager.find(AppUser, { order: { username: 'ASC' } })).map(toUserView);
  }

  findActive(id: string): Promise<AppUser | null> {
    return this.dataSource.manager.findOneBy(AppUser, { id, active: true });
  }

  /**
   * Checks a password. Consecutive failures are counted in the user row (shared by every api
   * process); at the limit the user is locked for the configured time, whatever password follows.
   */
  async authenticate(username: string, password: string): Promise<AppUser> {
    const now = this.clock.now();
    const user = await this.dataSource.manager
      .createQueryBuilder(AppUser, 'u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
    if (!user) {
      await bcrypt.compare(password, await DUMMY_HASH);
      throw new AuthError(AuthErrorCode.BadCredentials, 'wrong user name or password');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AuthError(AuthErrorCode.Locked, `too many failed logins; locked until ${user.lockedUntil.toISOString()}`);
    }
    if (!(await bcrypt.compare(password, user.passwordHash))) {
      await this.transactions.run(async (manager) => {
        const locked = updatedRows<{ locked_until: Date | null }>(await manager.query(
          `UPDATE app_user SET failed_logins = failed_logins + 1,
                  locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz + make_interval(secs => $4) ELSE locked_until END
           WHERE id = $1 RETURNING locked_until`,
          [user.id, this.config.loginMaxFailures, now, this.config.loginLockoutSeconds],
        ));
        const lockedUntil = locked[0]?.locked_until ?? null;
        if (lockedUntil) {
          await this.audit.record({ action: 'user.locked', entityType: 'user', entityId: user.id, before: { lockedUntil: user.lockedUntil }, after: { lockedUntil } });
        }
      });
      throw new AuthError(AuthErrorCode.BadCredentials, 'wrong user name or password');
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await this.dataSource.query(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
    }
    return user;
  }

  /** The admin named in the configuration exists from the first start on, when a password is configured. */
  async ensureAdmin(): Promise<void> {
    if (!this.config.adminPassword) return;
    const exists = await this.dataSource.manager.findOneBy(AppUser, { username: this.config.adminUsername });
    if (exists) return;
    try {
      await this.create({ username: this.config.adminUsername, displayName: '系统管理员', password: this.config.adminPassword, role: Role.Admin });
      this.logger.log({ username: this.config.adminUsername }, 'admin user created');
    } catch (error) {
      if (!(error instanceof AuthError && error.code === AuthErrorCode.UsernameTaken)) throw error;
    }
  }
}
