const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When to read a post's counters next: every 5 minutes in its first hour, hourly for its first
 * day, daily until 30 days; after that, never (null).
 */
export function nextPollAt(postedAt: Date, now: Date): Date | null {
  const age = now.getTime() - postedAt.getTime();
  if (age < HOUR) return new Date(now.getTime() + 5 * MINUTE);
  if (age < DAY) return new Date(now.getTime() + HOUR);
  if (age < 30 * DAY) return new Date(now.getTime() + DAY);
  return null;
}
