/** The dashboard reads the reports API only, with the analyst's own sign-in. */
const TOKEN_KEY = 'mb-dashboard-token';

export class Unauthorised extends Error {}

export function signedIn(): boolean {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

export async function signIn(username: string, password: string): Promise<void> {
  const response = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? '登录失败');
  sessionStorage.setItem(TOKEN_KEY, body.accessToken);
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export async function get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const response = await fetch(`${path}${params.size ? `?${params}` : ''}`, {
    headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` },
  });
  if (response.status === 401) throw new Unauthorised();
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json() as Promise<T>;
}
