import { createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { AuditService } from '@mb/audit';
import { Transactions, updatedRows } from '@mb/database';
import { type TokenPair } from './auth.dto';
import { AuthError, AuthErrorCode } from './auth.error';
import { Role } from '@mb/vocabulary';
import { AppUser } from './user.entity';

export interface AccessClaims {
  sub: string;
  role: Role;
  name: string;
  /** The user's session version when signed: a changed password or a deactivation ends older tokens. */
  sv: number;
}

/** A session continued by a refresh: its family and when it began. */
export interface SessionOrigin {
  familyId: string;
  startedAt: Date;
}

/** What spending a refresh token found. */
export type SpentRefreshToken = { userId: string; session: SessionOrigin };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Short-lived signed access tokens and opaque refresh tokens. Refresh tokens are stored only as
 * hashes, rotate on every use and die on logout; the tokens of one sign-in form a family that ends
 * at an absolute lifetime, and a spent token used again ends its whole family (it was stolen, or
 * the thief used it first).
 */
@Injectable()
export class TokensService {
  private readonly jwt: JwtService;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {
    // The signing key is derived from the master key, never the master key itself.
    const secret = Buffer.from(
      hkdfSync('sha256', Buffer.from(config.credentialsKey, 'base64'), Buffer.alloc(0), 'matrix-broadcast access tokens', 32),
    );
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn: config.accessTokenTtlSeconds } });
  }

  /** Tokens for a new sign-in, or for the session a refresh continues. */
  async issue(user: AppUser, session?: SessionOrigin): Promise<TokenPair> {
    const now = this.clock.now();
    const familyId = session?.familyId ?? randomUUID();
    const startedAt = session?.startedAt ?? now;
    const sessionEnds = startedAt.getTime() + this.config.sessionMaxSeconds * 1000;
    const expiresAt = new Date(Math.min(now.getTime() + this.config.refreshTokenTtlSeconds * 1000, sessionEnds));
    const refreshToken = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO refresh_token (user_id, token_hash, expires_at, family_id, session_started_at) VALUES ($1, $2, $3, $4, $5)`,
      [user.id, sha256(refreshToken), expiresAt, familyId, startedAt],
    );
    const claims: AccessClaims = { sub: user.id, role: user.role, name: user.username, sv: user.sessionVersion };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }

  /**
   * Spends a refresh token (once) and names its user and session. A spent token presented again
   * revokes every token of its family, except just after its rotation while its successor is
   * still unused: then the successor was lost on the way (a reload cut the answer off), so the
   * successor is revoked and the session continues. An expired or revoked one is refused.
   */
  async spend(refreshToken: string): Promise<SpentRefreshToken> {
    const now = this.clock.now();
    const rows = updatedRows<{ user_id: string; family_id: string; session_started_at: Date }>(
      await this.dataSource.query(
        `UPDATE refresh_token SET revoked_at = $2, rotated_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
         RETURNING user_id, family_id, session_started_at`,
        [sha256(refreshToken), now],
      ),
    );
    if (rows.length > 0)
      return { userId: rows[0].user_id, session: { familyId: rows[0].family_id, startedAt: rows[0].session_started_at } };
    const [spent] = await this.dataSource.query(
      `SELECT user_id, family_id, session_started_at, rotated_at FROM refresh_token WHERE token_hash = $1 AND revoked_at IS NOT NULL`,
      [sha256(refreshToken)],
    );
    if (!spent) throw new AuthError(AuthErrorCode.TokenInvalid, 'refresh token is not valid');
    const lostSuccessor = await this.revokeLostSuccessor(spent, now);
    if (lostSuccessor) return { userId: spent.user_id, session: { familyId: spent.family_id, startedAt: spent.session_started_at } };
    await this.transactions.run(async (manager) => {
      await manager.query(`UPDATE refresh_token SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [spent.family_id, now]);
      await this.audit.record({
        action: 'user.refresh_token_reused',
        entityType: 'user',
        entityId: spent.user_id,
        after: { sessionEnded: true },
      });
    });
    throw new AuthError(AuthErrorCode.TokenReused, 'this refresh token was already used; the session has been ended everywhere');
  }

  /**
   * Within the grace after a rotation, and only while no later rotation happened in the family and
   * the session is still live, the token rotated last stands for its unused successor.
   */
  private async revokeLostSuccessor(spent: { family_id: string; rotated_at: Date | null }, now: Date): Promise<boolean> {
    const rotatedAt = spent.rotated_at;
    if (!rotatedAt || now.getTime() - rotatedAt.getTime() > this.config.refreshReuseGraceSeconds * 1000) return false;
    const revoked = await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = $3
        WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > $3
          AND NOT EXISTS (SELECT 1 FROM refresh_token later WHERE later.family_id = $1 AND later.rotated_at > $2)
        RETURNING id`,
      [spent.family_id, rotatedAt, now],
    );
    return updatedRows(revoked).length > 0;
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.dataSource.query(`UPDATE refresh_token SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`, [
      sha256(refreshToken),
      this.clock.now(),
    ]);
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
      this.clock.now(),
    ]);
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      return await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new AuthError(AuthErrorCode.TokenInvalid, 'access token is missing, expired or invalid');
    }
  }
}
