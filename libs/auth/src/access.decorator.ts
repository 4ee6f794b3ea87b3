import { SetMetadata } from '@nestjs/common';
import { Role } from '@mb/vocabulary';

export const ACCESS_RULE = 'mb:access';

export type AccessRule = { public: true } | { roles: Role[] };

/** Who may call an endpoint. Every endpoint declares one; an endpoint without a rule is refused to everyone. */
export const Access = (...roles: Role[]) => SetMetadata(ACCESS_RULE, { roles } satisfies AccessRule);

/** Open to anyone, signed in or not (login, health, the public tip page). */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/** Every signed-in role. */
export const ALL_ROLES = Object.values(Role);
