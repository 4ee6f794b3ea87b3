import axios, {
  type AxiosAdapter,
  AxiosError,
  AxiosHeaders,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Agent, Dispatcher } from 'undici';
import { METRICS } from '@mb/common';
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { OutboundGuard } from './outbound-guard';

/**
 * One axios client per platform, its requests carried by an undici connection pool (keep-alive,
 * up to 256 connections per host). Axios's own Node transport spent several times the CPU of the
 * call itself; a fan-out makes tens of thousands of them.
 */
export function platformHttpClient(platform: string, baseURL: string | undefined, timeoutMs: number, guard?: OutboundGuard): AxiosInstance {
  return axios.create({
    baseURL,
    timeout: timeoutMs,
    // URLs a user typed (a unit's own site) connect only where the guard allows; their paths are the sites' own, one call name.
    adapter: undiciAdapter(new Agent({ connections: 256, ...(guard ? { connect: guard.connector() } : {}) }), platform, !guard),
    validateStatus: () => true,
    maxRedirects: 0,
  });
}

/** Sends axios's request (already merged and transformed) through undici; axios parses the answer. */
function undiciAdapter(dispatcher: Dispatcher, platform: string, pathNamesCall: boolean): AxiosAdapter {
  return async (config) => {
    const headers = config.headers.toJSON(true) as Record<string, string>;
    const url = requestUrl(config);
    const method = (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod;
    const call = `${method} ${pathNamesCall ? callPath(url.pathname) : 'site'}`;
    const timer = METRICS.platformCalls.startTimer({ platform, call });
    let answer: Dispatcher.ResponseData;
    let data: string | Buffer;
    try {
      answer = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        body: config.data ?? null,
        headersTimeout: config.timeout,
        bodyTimeout: config.timeout,
      });
      data = config.responseType === 'arraybuffer' ? Buffer.from(await answer.body.arrayBuffer()) : await answer.body.text();
      timer({ outcome: `${Math.floor(answer.statusCode / 100)}xx` });
    } catch (error) {
      timer({ outcome: /TIMEOUT/.test(String((error as { code?: unknown }).code)) ? 'timeout' : 'network' });
      throw error;
    }
    const response: AxiosResponse = {
      data,
      status: answer.statusCode,
      statusText: '',
      headers: AxiosHeaders.from(answer.headers as Record<string, string>),
      config,
      request: undefined,
    };
    if (config.validateStatus && !config.validateStatus(response.status)) {
      throw new AxiosError(`Request failed with status code ${response.status}`, AxiosError.ERR_BAD_RESPONSE, config, undefined, response);
    }
    return response;
  };
}

/** A path as a call name: ids and tokens in it (digits, long strings) become ":id", so the names stay few. */
function callPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => ((/\d/.test(segment) && !/^v\d+$|\.json$/.test(segment)) || segment.length > 32 ? ':id' : segment))
    .join('/');
}

const ABSOLUTE_URL = /^[a-z][a-z\d+\-.]*:\/\//i;
const isScalar = (value: unknown) => value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * The URL of a request from its merged config: base URL, path, and the scalar query parameters the
 * adapters send. Built here because axios.getUri merges the whole config once more for every call.
 */
function requestUrl(config: InternalAxiosRequestConfig): URL {
  const params = (config.params ?? {}) as Record<string, unknown>;
  if (config.paramsSerializer || params instanceof URLSearchParams || !Object.values(params).every(isScalar))
    return new URL(axios.getUri(config));
  const path = config.url ?? '';
  const url = new URL(
    ABSOLUTE_URL.test(path) || !config.baseURL ? path : `${config.baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`,
  );
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) url.searchParams.append(name, String(value));
  }
  return url;
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(header: unknown, fallbackMs: number): number {
  if (typeof header !== 'string' || header.trim() === '') return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A failure without an HTTP answer. A connection that never opened sent nothing. Anything else
 * (timeout, reset, hang-up) may have happened after the platform acted: for a call that creates
 * something that is an unknown outcome; for a read or an idempotent call it is only transient.
 */
export function transportFailure(error: unknown, idempotent: boolean): PlatformError {
  if (error instanceof PlatformError) return error;
  const code = (error as AxiosError)?.code ?? 'ERROR';
  const message = (error as Error)?.message ?? String(error);
  // Nothing was sent: the destination is refused, and only an operator fixing the URL helps.
  if (code === 'MB_OUTBOUND_REFUSED' || (error as { cause?: { code?: string } })?.cause?.code === 'MB_OUTBOUND_REFUSED')
    return new PlatformError(PlatformErrorCode.Rejected, 'destination not allowed (private, loopback or reserved address)');
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
