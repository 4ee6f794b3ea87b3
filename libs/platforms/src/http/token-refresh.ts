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
