import { Injectable } from '@nestjs/common';
import { type TokenPair } from './auth.dto';
import { AuthError, AuthErrorCode } from './auth.error';
import { TokensService } from './tokens.service';
import { UsersService } from './users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  /** `client` is the caller's address (as the trusted-proxy setting reads it): wrong passwords are counted per user name and address. */
  async login(username: string, password: string, client: string): Promise<TokenPair> {
    return this.tokens.issue(await this.users.authenticate(username, password, client));
  }

  /** Continues the session of the token spent; its absolute lifetime does not move. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const { userId, session } = await this.tokens.spend(refreshToken);
    const user = await this.users.findActive(userId);
    if (!user) throw new AuthError(AuthErrorCode.TokenInvalid, 'the user of this token is no longer active');
    return this.tokens.issue(user, session);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }
}
