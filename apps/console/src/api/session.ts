import { Role } from '@mb/vocabulary';

/** Who is signed in, as the access token says. */
export interface SignedInUser {
  userId: string;
  username: string;
  role: Role;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

// The access token lives in memory only; the refresh token in this tab's storage so a reload keeps
// the session, and it is replaced by every refresh (the api refuses a spent one and ends its family).
const REFRESH_KEY = 'mb-console-refresh';
const RENEW_BEFORE_MS = 30_000;

let accessToken: string | null = null;
let accessExpiresAt = 0;
let current: SignedInUser | null = null;
let renewing: Promise<boolean> | null = null;
const listeners = new Set<(user: SignedInUser | null) => void>();

function claimsOf(token: string): { sub: string; name: string; role: Role } {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
}

function keep(pair: TokenPair): void {
  accessToken = pair.accessToken;
  accessExpiresAt = Date.now() + pair.expiresIn * 1000;
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
  const claims = claimsOf(pair.accessToken);
  const changed = current?.userId !== claims.sub;
  current = { userId: claims.sub, username: claims.name, role: claims.role };
  if (changed) listeners.forEach((listener) => listener(current));
}

function forget(): void {
  accessToken = null;
  accessExpiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
  current = null;
  listeners.forEach((listener) => listener(null));
}

export function signedInUser(): SignedInUser | null {
  return current;
}

export function onSessionChange(listener: (user: SignedInUser | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Signs in; the api's message (wrong password, wait N seconds) is what the error says. */
export async function signIn(username: string, password: string): Promise<SignedInUser> {
  const response = await post('/auth/login', { username, password });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? '登录失败');
  keep(body as TokenPair);
  return current!;
}

/** Spends the refresh token for a new pair, once at a time however many calls ask. */
function renew(): Promise<boolean> {
  renewing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const response = await post('/auth/refresh', { refreshToken });
    if (!response.ok) {
      forget();
      return false;
    }
    keep((await response.json()) as TokenPair);
    return true;
  })().finally(() => (renewing = null));
  return renewing;
}

/** Picks up the session of this tab after a reload, if its refresh token is still good. */
export async function resumeSession(): Promise<SignedInUser | null> {
  if (current) return current;
  return (await renew()) ? current : null;
}

/** A valid access token, renewed shortly before it runs out so no call is sent with a stale one. */
export async function freshAccessToken(): Promise<string | null> {
  if (accessToken && Date.now() < accessExpiresAt - RENEW_BEFORE_MS) return accessToken;
  return (await renew()) ? accessToken : null;
}

export async function signOut(everywhere = false): Promise<void> {
  const token = await freshAccessToken();
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (token && everywhere) await post('/auth/logout-everywhere', {}, token);
  else if (token && refreshToken) await post('/auth/logout', { refreshToken }, token);
  forget();
}

/** The api answered that this session is over (signed out elsewhere, deactivated): back to the sign-in page. */
export function sessionEnded(): void {
  forget();
}
