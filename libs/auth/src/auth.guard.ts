import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '@mb/common';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import { AuthError, AuthErrorCode } from './auth.error';
import { TokensService } from './tokens.service';
import { UsersService } from './users.service';
import { UnitsRepository } from '@mb/units';

/**
 * The one gate of the API: reads the endpoint's declared rule, checks the bearer token and the
 * user's role, and makes the user the actor of the request (for scoping and the audit trail).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly units: UnitsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ForbiddenException({ code: 'ACCESS_UNDECLARED', message: 'this endpoint declares no access rule' });
    if ('public' in rule) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization ?? '';
    await this.admit(header.startsWith('Bearer ') ? header.slice(7) : '', rule.roles);
    return true;
  }

  /**
   * Checks an access token and its user's role, and makes the user the request's actor. Also the
   * gate of pages that are not Nest routes (the queue board).
   */
  async admit(token: string, roles: readonly string[]): Promise<void> {
    if (!token) throw new AuthError(AuthErrorCode.TokenInvalid, 'sign in first (Authorization: Bearer <access token>)');
    const claims = await this.tokens.verifyAccess(token);
    const user = await this.users.findActive(claims.sub);
    if (!user) throw new AuthError(AuthErrorCode.TokenInvalid, 'the user of this token is no longer active');
    if (claims.sv !== user.sessionVersion)
      throw new AuthError(AuthErrorCode.TokenInvalid, 'this session was ended (password changed or reset); sign in again');
    if (!roles.includes(user.role)) {
      throw new ForbiddenException({ code: 'ACCESS_DENIED', message: `role ${user.role} may not call this endpoint` });
    }
    const unit = user.unitId ? await this.units.findById(user.unitId) : null;
    RequestContext.setActor({
      userId: user.id,
      username: user.username,
      role: user.role,
      unitId: user.unitId,
      unitPath: unit?.path ?? null,
    });
  }
}
