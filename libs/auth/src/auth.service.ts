import { Injectable } from '@nestjs/common';
import { TokenPair } from './auth.dto';
import { AuthError, AuthErrorCode } from './auth.error';
import { TokensService } from './tokens.service';
import { UsersService } from './users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  async login(username: string, password: string): Promise<TokenPair> {
    return this.tokens.issue(await this.users.authenticate(username, password));
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const userId = await this.tokens.spend(refreshToken);
    const user = await this.users.findActive(userId);
    if (!user) throw new AuthError(AuthErrorCode.TokenInvalid, 'the user of this token is no longer active');
    return this.tokens.issue(user);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }
}
