import type { Response } from 'express';
import { type SimPlatform, SimState } from './sim-state';

/**
 * The call of each platform that creates a post: what a platform's posting rate limit counts.
 * Each platform's routes declare theirs beside them (`publishingCall`).
 */
const PUBLISHING_CALLS: RegExp[] = [];

export function publishingCall(path: RegExp): void {
  PUBLISHING_CALLS.push(path);
}

export type Refusal = 'unavailable' | 'rate_limited';

/**
 * Applies the faults in force to one call. Returns the body to answer with when the call is refused
 * (having set the status and Retry-After), or null when the call goes through.
 */
export async function admit(
  state: SimState,
  platform: SimPlatform,
  accountId: string | undefined,
  response: Response,
  refusalBody: (refusal: Refusal) => unknown,
): Promise<unknown | null> {
  const request = response.req;
  const publishing = request?.method === 'POST' && PUBLISHING_CALLS.some((path) => path.test(request.path));
  const verdict = await state.gate(platform, accountId, publishing);
  state.callLog.push({ platform, accountId, path: request?.path, at: Date.now(), answered: verdict.kind });
  if (verdict.kind === 'ok') return null;
  if (verdict.kind === 'rate_limited') {
    response.status(429).setHeader('Retry-After', String(verdict.retryAfterSeconds));
    return refusalBody('rate_limited');
  }
  response.status(503);
  return refusalBody('unavailable');
}

/** The platform did the work, but the answer never arrives: the connection is cut. */
export function dropAnswer(response: Response): undefined {
  response.socket?.destroy();
  return undefined;
}
