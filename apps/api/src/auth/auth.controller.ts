import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { RequestContext } from '@mb/common';
import { RateLimitGuard } from '@mb/common/server';
import { Access, ALL_ROLES, AuthService, ChangePasswordDto, LoginDto, Public, RefreshDto, SignedInUser, UsersService } from '@mb/auth';

/** Tip limits count tip submissions only. */
const TIP_THROTTLERS = { 'tip-client': true, 'tip-bulletin': true, 'reply-code': true };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Per client address a configured number of attempts a minute; per user name and address, growing waits after repeated failures. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle(TIP_THROTTLERS)
  login(@Body() input: LoginDto, @Req() request: FastifyRequest) {
    return this.auth.login(input.username, input.password, request.ip);
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

  /** Ends every session of the signed-in user, on every device: each signs in again. */
  @Post('logout-everywhere')
  @Access(...ALL_ROLES)
  @HttpCode(204)
  async logoutEverywhere(): Promise<void> {
    await this.users.signOutEverywhere(RequestContext.current().actor!.userId);
  }

  /** Changes one's own password; every session of the user ends, so sign in again with the new one. */
  @Post('password')
  @Access(...ALL_ROLES)
  @HttpCode(204)
  async changePassword(@Body() input: ChangePasswordDto): Promise<void> {
    await this.users.changeOwnPassword(RequestContext.current().actor!.userId, input.currentPassword, input.newPassword);
  }

  @Get('me')
  @Access(...ALL_ROLES)
  me(): SignedInUser {
    return RequestContext.current().actor as SignedInUser;
  }
}
