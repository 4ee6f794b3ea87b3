import { timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header carries the scrape token (compared in constant time). */
export function carriesScrapeToken(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization?.startsWith('Bearer ')) return false;
  const given = Buffer.from(authorization.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
