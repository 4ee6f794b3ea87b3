import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { AxiosError, AxiosInstance } from 'axios';
import { PlatformError, PlatformErrorCode } from '../platform.error';

/** One keep-alive axios client per platform host: a new TCP connection per post would cost more than the post. */
export function platformHttpClient(baseURL: string | undefined, timeoutMs: number): AxiosInstance {
  return axios.create({
    baseURL,
    timeout: timeoutMs,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
    validateStatus: () => true,
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
  });
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(header: unknown, fallbackMs: number): number {
  if (typeof header !== 'string' || header.trim() === '') return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A failure without an HTTP answer. A connection that never opened sent nothing. Anything else
 * (timeout, reset, hang-up) may have happened after the platform acted: for a call that creates
 * something that is an unknown outcome; for a read or an idempotent call it is only transient.
 */
export function transportFailure(error: unknown, idempotent: boolean): PlatformError {
  if (error instanceof PlatformError) return error;
  const code = (error as AxiosError)?.code ?? 'ERROR';
  const message = (error as Error)?.message ?? String(error);
  if (NEVER_SENT.has(code) || idempotent) return new PlatformError(PlatformErrorCode.Transient, `no answer (${code}: ${message})`);
  return new PlatformError(PlatformErrorCode.UnknownOutcome, `no answer after sending (${code}: ${message})`);
}

/** Runs one HTTP call, turning transport failures into typed errors. */
export async function send<T>(call: () => Promise<T>, idempotent: boolean): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw transportFailure(error, idempotent);
  }
}
