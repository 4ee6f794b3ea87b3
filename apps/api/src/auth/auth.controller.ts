import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { RateLimitGuard, RequestContext } from '@mb/common';
import { Access, ALL_ROLES, AuthService, LoginDto, Public, RefreshDto } from '@mb/auth';

/** Tip limits count tip submissions only. */
const TIP_THROTTLERS = { 'tip-client': true, 'tip-bulletin': true };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Per client address a configured number of attempts a minute; per user, the lockout after repeated failures. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle(TIP_THROTTLERS)
  login(@Body() input: LoginDto) {
    return this.auth.login(input.username, input.password);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle(TIP_THROTTLERS)
  refresh(@Body() input: RefreshDto) {
    return this.auth.refresh(input.refreshToken);
  }

  /** Revokes the refresh token; the short-lived access token simply runs out. */
  @Post('logout')
  @Access(...ALL_ROLES)
  @HttpCode(204)
  async logout(@Body() input: RefreshDto): Promise<void> {
    await this.auth.logout(input.refreshToken);
  }

  @Get('me')
  @Access(...ALL_ROLES)
  me() {
    return RequestContext.current().actor;
  }
}
