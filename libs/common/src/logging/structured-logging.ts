import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';

/** Fields that may carry secrets or personal data anywhere in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-mb-signature"]',
  'res.headers["set-cookie"]',
  '*.credentials',
  '*.password',
  '*.secret',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.contact',
  '*.phone',
  '*.idNumber',
];

/**
 * The id a request is known by in logs and audit rows: always the server's own, so no client can
 * make its changes look like another request's.
 */
export function requestIdOf(_request?: Pick<IncomingMessage, 'headers'>): string {
  return randomUUID();
}

/** The client's own X-Request-Id, when usable: logged and audited beside the server's id. */
export function clientRequestIdOf(request: Pick<IncomingMessage, 'headers'>): string | null {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : null;
}

/** What a database error may carry that must not be logged: bound values, and PostgreSQL's echo of them. */
const ERROR_FIELDS_NOT_LOGGED = ['parameters', 'detail', 'where', 'driverError', 'config', 'request', 'response'];

/**
 * An error as logged: type, message, code and stack, never the values a failed statement was given
 * (a refused display name once wrote the row's password hash to the log through them).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  const serialised = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialised || typeof serialised !== 'object') return serialised;
  for (const field of ERROR_FIELDS_NOT_LOGGED) delete serialised[field];
  return serialised;
}

/** The request line without its query string: some platform APIs put tokens there. */
function requestSummary(request: IncomingMessage & { id?: unknown }) {
  return { id: request.id, method: request.method, path: (request.url ?? '').split('?')[0] };
}

export interface LoggingOptions {
  /** A command-line tool logs to stderr, written as it happens, so its stdout carries only its answer. */
  to?: 'stdout' | 'stderr';
  /** The level of a request answered below 400 (the platform simulator keeps those at debug). */
  answeredAt?: 'info' | 'debug';
}

/** Structured JSON logs for one process, each HTTP line carrying a request id (taken from X-Request-Id when sent). */
export function structuredLogging(
  processName: string,
  level: string,
  { to = 'stdout', answeredAt = 'info' }: LoggingOptions = {},
): DynamicModule {
  const options = {
    level,
    base: { process: processName, pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    genReqId: (request: IncomingMessage & { id?: unknown }, response: ServerResponse) => {
      // The HTTP server may have named the request already (Fastify does, with requestIdOf).
      const id = typeof request.id === 'string' ? request.id : requestIdOf(request);
      response.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (request: IncomingMessage) => {
      const clientRequestId = clientRequestIdOf(request);
      return clientRequestId ? { clientRequestId } : {};
    },
    serializers: {
      err: loggableError,
      req: requestSummary,
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : answeredAt,
  };
  // Every route named outright: the module's default route matched no request under Fastify, and nothing was logged.
  return LoggerModule.forRoot({
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
    pinoHttp: to === 'stderr' ? [options, pino.destination({ fd: 2, sync: true })] : options,
  });
}
