import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';
import { updatedRows } from '@mb/database';
import { TokenPair } from './auth.dto';
import { AuthError, AuthErrorCode } from './auth.error';
import { AppUser, Role } from './user.entity';

export interface AccessClaims {
  sub: string;
  role: Role;
  name: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Short-lived signed access tokens and long-lived opaque refresh tokens. Refresh tokens are stored
 * only as hashes, rotate on every use, and die on logout.
 */
@Injectable()
export class TokensService {
  private readonly jwt: JwtService;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    // The signing key is derived from the master key, never the master key itself.
    const secret = Buffer.from(hkdfSync('sha256', Buffer.from(config.credentialsKey, 'base64'), Buffer.alloc(0), 'matrix-broadcast access tokens', 32));
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn: config.accessTokenTtlSeconds } });
  }

  async issue(user: AppUser): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlSeconds * 1000);
    await this.dataSource.query(`INSERT INTO refresh_token (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [user.id, sha256(refreshToken), expiresAt]);
    const claims: AccessClaims = { sub: user.id, role: user.role, name: user.username };
    return { accessToken: await this.jwt.signAsync(claims), refreshToken, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlSeconds };
  }

  /** Spends a refresh token (once) and names its user; a spent, revoked or expired token is refused. */
  async spend(refreshToken: string): Promise<string> {
    const rows = updatedRows<{ user_id: string }>(await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING user_id`,
      [sha256(refreshToken), this.clock.now()],
    ));
    if (rows.length === 0) throw new AuthError(AuthErrorCode.TokenInvalid, 'refresh token is not valid');
    return rows[0].user_id;
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.dataSource.query(`UPDATE refresh_token SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`, [sha256(refreshToken), this.clock.now()]);
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, this.clock.now()]);
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      return await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new AuthError(AuthErrorCode.TokenInvalid, 'access token is missing, expired or invalid');
    }
  }
}
