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

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A failure without an HTTP answer. A timeout means the request left and may have been carried
 * out; a refused or reset connection is treated as not carried out.
 */
export function transportFailure(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const code = (error as AxiosError)?.code ?? '';
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return new PlatformError(PlatformErrorCode.UnknownOutcome, `no answer in time (${code})`);
  }
  if (NOT_SENT.has(code) || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_BAD_RESPONSE') {
    return new PlatformError(PlatformErrorCode.Transient, `connection failed (${code})`);
  }
  return new PlatformError(PlatformErrorCode.UnknownOutcome, `request failed (${code || (error as Error)?.message})`);
}
