import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@mb/audit';
import { Clock, RequestContext } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Transactions } from '@mb/database';
import { CreateUserDto } from './auth.dto';
import { AuthError, AuthErrorCode } from './auth.error';
import { LoginThrottle } from './login-throttle';
import { passwordProblem } from './password-policy';
import { Role } from '@mb/vocabulary';
import { AppUser, toUserView, type UserView } from './user.entity';
import { UnitsRepository } from '@mb/units';

/** bcrypt work factor: about a tenth of a second per check on these machines. */
const BCRYPT_COST = 11;

/** A hash to verify against when the user does not exist, so both answers take the same time. */
const DUMMY_HASH = bcrypt.hash('no-such-user-password', BCRYPT_COST);

function checkPassword(password: string, userInputs: string[], field: string): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw new AuthError(AuthErrorCode.WeakPassword, problem, field);
}

function throttled(blockedUntil: Date, now: Date): AuthError {
  const retryAfterSeconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
  return new AuthError(AuthErrorCode.Throttled, 'too many wrong passwords from this address; try again later', undefined, {
    retryAfterSeconds,
  });
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly units: UnitsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
  ) {}

  async create(input: CreateUserDto): Promise<UserView> {
    checkPassword(input.password, [input.username, input.displayName], 'password');
    return this.transactions.run(async (manager) => {
      if (await manager.findOneBy(AppUser, { username: input.username })) {
        throw new AuthError(AuthErrorCode.UsernameTaken, `user ${input.username} exists`, 'username');
      }
      if (input.unitId) {
        if (!(await this.units.existingIds([input.unitId])).has(input.unitId))
          throw new AuthError(AuthErrorCode.UnitNotFound, `unit ${input.unitId} does not exist`, 'unitId');
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
          sessionVersion: 0,
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

  async exists(username: string): Promise<boolean> {
    return (await this.dataSource.manager.countBy(AppUser, { username })) > 0;
  }

  findActive(id: string): Promise<AppUser | null> {
    return this.dataSource.manager.findOneBy(AppUser, { id, active: true });
  }

  /**
   * Checks a password from one client address. Wrong ones are counted for that (user name,
   * address) pair only (see LoginThrottle); a pair that must wait is told so whether or not the
   * user exists, and an unknown name costs the same bcrypt check as a known one.
   */
  async authenticate(username: string, password: string, client: string): Promise<AppUser> {
    const blockedUntil = await this.throttle.blockedUntil(username, client);
    if (blockedUntil) throw throttled(blockedUntil, this.clock.now());
    const user = await this.dataSource.manager
      .createQueryBuilder(AppUser, 'u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.active', { username })
      .getOne();
    const matches = await bcrypt.compare(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !matches) {
      const verdict = await this.throttle.recordFailure(username, client);
      if (verdict.startedBlock && user) {
        await this.audit.record({
          action: 'user.login_throttled',
          entityType: 'user',
          entityId: user.id,
          after: { client, blockedUntil: verdict.blockedUntil },
        });
      }
      throw new AuthError(AuthErrorCode.BadCredentials, 'wrong user name or password');
    }
    await this.throttle.forget(username, client);
    return user;
  }

  /** A user's own change: the current password proves it is them; every session ends, this one included. */
  async changeOwnPassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.dataSource.manager
      .createQueryBuilder(AppUser, 'u')
      .addSelect('u.passwordHash')
      .where('u.id = :userId AND u.active', { userId })
      .getOne();
    if (!user || !(await bcrypt.compare(currentPassword, user.passwordHash))) {
      throw new AuthError(AuthErrorCode.BadCredentials, 'the current password is wrong', 'currentPassword');
    }
    await this.setPassword(user, newPassword, 'user.password_changed', 'newPassword');
  }

  /** An admin's reset, for a user who forgot theirs or whose password may be known to others. */
  async resetPassword(userId: string, newPassword: string): Promise<UserView> {
    const user = await this.existing(userId);
    await this.setPassword(user, newPassword, 'user.password_reset', 'password');
    return toUserView(user);
  }

  /** Ends a user's access at once: no new sign-in, and every token already given out stops working. */
  async deactivate(userId: string): Promise<UserView> {
    return this.transactions.run(async (manager) => {
      const user = await this.existing(userId, manager);
      if (user.id === RequestContext.current().actor?.userId)
        throw new AuthError(AuthErrorCode.OwnUser, 'an admin cannot deactivate their own user', 'id');
      await manager.query(`UPDATE app_user SET active = false, updated_at = $2 WHERE id = $1`, [user.id, this.clock.now()]);
      await this.endSessions(manager, user.id);
      const after = { ...toUserView(user), active: false };
      await this.audit.record({ action: 'user.deactivated', entityType: 'user', entityId: user.id, before: toUserView(user), after });
      return after;
    });
  }

  /** Lets every address try this user's password again at once (after a colleague was throttled by mistakes or an attack). */
  async unlock(userId: string): Promise<UserView> {
    return this.transactions.run(async () => {
      const user = await this.existing(userId);
      await this.throttle.forgetUser(user.username);
      await this.audit.record({ action: 'user.unlocked', entityType: 'user', entityId: user.id, after: { unlocked: true } });
      return toUserView(user);
    });
  }

  private async setPassword(user: AppUser, password: string, action: string, field: string): Promise<void> {
    checkPassword(password, [user.username, user.displayName], field);
    const hash = await bcrypt.hash(password, BCRYPT_COST);
    await this.transactions.run(async (manager) => {
      await manager.query(`UPDATE app_user SET password_hash = $2, updated_at = $3 WHERE id = $1`, [user.id, hash, this.clock.now()]);
      await this.endSessions(manager, user.id);
      await this.throttle.forgetUser(user.username);
      await this.audit.record({ action, entityType: 'user', entityId: user.id, after: { sessionsEnded: true } });
    });
  }

  /** "Sign out everywhere": every device of this user signs in again; the access tokens already out stop working too. */
  async signOutEverywhere(userId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.endSessions(manager, userId);
      await this.audit.record({
        action: 'user.signed_out_everywhere',
        entityType: 'user',
        entityId: userId,
        after: { sessionsEnded: true },
      });
    });
  }

  /** A new session version refuses every access token given out before; revoked refresh tokens end every session family. */
  private async endSessions(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE app_user SET session_version = session_version + 1 WHERE id = $1`, [userId]);
    await manager.query(`UPDATE refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, this.clock.now()]);
  }

  private async existing(id: string, manager = this.dataSource.manager): Promise<AppUser> {
    const user = await manager.findOneBy(AppUser, { id });
    if (!user) throw new AuthError(AuthErrorCode.UserNotFound, `no user ${id}`, 'id');
    return user;
  }

  /** The admin named in the configuration exists from the first start on, when a password is configured. */
  async ensureAdmin(): Promise<void> {
    if (!this.config.adminPassword) return;
    const exists = await this.dataSource.manager.findOneBy(AppUser, { username: this.config.adminUsername });
    if (exists) return;
    try {
      await this.create({
        username: this.config.adminUsername,
        displayName: '系统管理员',
        password: this.config.adminPassword,
        role: Role.Admin,
      });
      this.logger.log({ username: this.config.adminUsername }, 'admin user created');
    } catch (error) {
      if (!(error instanceof AuthError && error.code === AuthErrorCode.UsernameTaken)) throw error;
    }
  }
}
