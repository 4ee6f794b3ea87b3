import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.gen';
import { freshAccessToken, sessionEnded } from './session';

/** An answer other than 2xx, with what the api said: its code, message and the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const authorised: Middleware = {
  async onRequest({ request }) {
    const token = await freshAccessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401) sessionEnded();
    return response;
  },
};

/** The api, typed from its own OpenAPI document: a changed endpoint fails the console's type check. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(authorised);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a call, or an ApiError carrying the api's message. */
export async function must<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error ?? {}) as { message?: string; code?: string; field?: string; details?: Record<string, unknown> };
    throw new ApiError(
      response.status,
      body.message ?? `${response.status}`,
      body.code,
      body.field,
      body.details ?? (body as Record<string, unknown>),
    );
  }
  return data as T;
}

/** For answers the OpenAPI document does not describe yet: the view the console reads, named in views.ts. */
export async function mustAs<T>(call: Promise<Answer<unknown>>): Promise<T> {
  return (await must(call)) as T;
}

/** Bytes as the body (a picture, a CSV file) with the caller's content type, through the same sign-in. */
export async function sendRaw<T>(path: string, body: Blob | string, contentType: string, query = ''): Promise<T> {
  const token = await freshAccessToken();
  const response = await fetch(`${path}${query}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, answer.message ?? `${response.status}`, answer.code, answer.field, answer.details);
  return answer as T;
}
