import { type AccountSession, type RefreshedCredentials } from '../platform-adapter';
import { PlatformError, PlatformErrorCode } from '../platform.error';

/**
 * Runs a call; when the platform says the token expired, refreshes it once, stores the new
 * credentials through the session, and runs the call again. A refused refresh stays AUTH_EXPIRED
 * (the account must be authorised again by its operator).
 */
export async function withTokenRefresh<T>(
  session: AccountSession,
  refresh: (session: AccountSession) => Promise<RefreshedCredentials>,
  call: (credentials: Record<string, string>) => Promise<T>,
): Promise<T> {
  try {
    return await call(session.credentials);
  } catch (error) {
    if (!(error instanceof PlatformError) || error.code !== PlatformErrorCode.AuthExpired) throw error;
    const refreshed = await refresh(session);
    session.credentials = refreshed.credentials;
    await session.saveCredentials?.(refreshed);
    return call(session.credentials);
  }
}

/** `withTokenRefresh` for a platform whose calls carry the account's access token as is. */
export function withAccessToken<T>(
  session: AccountSession,
  refresh: (session: AccountSession) => Promise<RefreshedCredentials>,
  call: (token: string) => Promise<T>,
): Promise<T> {
  return withTokenRefresh(session, refresh, (credentials) => call(credentials.accessToken ?? ''));
}

/** The session's credentials with the tokens an OAuth refresh answered (the refresh token kept when none new is given). */
export function renewedTokens(
  session: AccountSession,
  answer: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; refresh_expires_in?: unknown },
  defaultLifetimeSeconds?: number,
): RefreshedCredentials {
  const lifetime = answer.expires_in ? Number(answer.expires_in) : defaultLifetimeSeconds;
  return {
    credentials: {
      ...session.credentials,
      accessToken: String(answer.access_token),
      refreshToken: String(answer.refresh_token ?? session.credentials.refreshToken),
    },
    expiresAt: lifetime ? new Date(Date.now() + lifetime * 1000) : null,
    ...(answer.refresh_expires_in ? { refreshExpiresAt: new Date(Date.now() + Number(answer.refresh_expires_in) * 1000) } : {}),
  };
}

/** Refreshes the session's token ahead of need and stores it, as a call that met an expired token would. */
export async function renewNow(
  session: AccountSession,
  refresh: (session: AccountSession) => Promise<RefreshedCredentials>,
): Promise<RefreshedCredentials> {
  const refreshed = await refresh(session);
  session.credentials = refreshed.credentials;
  await session.saveCredentials?.(refreshed);
  return refreshed;
}
