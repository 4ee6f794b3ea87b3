import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorKind } from '../errors';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  [ErrorKind.Invalid]: HttpStatus.BAD_REQUEST,
  [ErrorKind.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorKind.Conflict]: HttpStatus.CONFLICT,
  [ErrorKind.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorKind.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorKind.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorKind.TooMany]: HttpStatus.TOO_MANY_REQUESTS,
};

const DATABASE_RETRY_AFTER_SECONDS = 2;

/** PostgreSQL refusing a connection (no slot left, starting up or shutting down), or a pool that waited too long for one. */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

function databaseUnavailable(exception: unknown): boolean {
  const error = exception as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = error?.driverError?.code ?? error?.code;
  if (typeof code === 'string' && UNAVAILABLE_SQLSTATES.has(code)) return true;
  const message = typeof error?.message === 'string' ? error.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|too many clients|remaining connection slots|ECONNREFUSED/.test(
    message,
  );
}

/** What Express and Fastify replies have in common, for the apps on either. */
interface Reply {
  status(code: number): { send(body: unknown): unknown };
  header(name: string, value: string): unknown;
}

/** An error the HTTP server raised before a handler ran (a body too large, of a type not taken, not JSON). */
function serverRefusal(exception: unknown): { statusCode: number; message: string; code?: string; field?: string } | null {
  const raised = exception as { statusCode?: unknown; code?: unknown; field?: unknown } | null;
  const statusCode = raised?.statusCode;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  const named =
    raised?.code === 'VALIDATION_FAILED' && typeof raised.field === 'string' ? { code: 'VALIDATION_FAILED', field: raised.field } : {};
  return { statusCode, message: (exception as Error).message, ...named };
}

/** Every error leaves the API as `{code, message, field?}`; unexpected ones say nothing about internals. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Reply>();
    // An error is JSON even where the route answers CSV or a page.
    response.header('Content-Type', 'application/json; charset=utf-8');
    if (exception instanceof DomainError) {
      const retryAfter = exception.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') response.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
      response.status(STATUS_BY_KIND[exception.kind]).send({
        code: exception.code,
        message: exception.message,
        ...(exception.field ? { field: exception.field } : {}),
        ...exception.details,
      });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      response
        .status(status)
        .send(typeof body === 'object' && 'code' in body ? body : { code: httpCode(status), message: messageOf(body) });
      return;
    }
    const refusal = serverRefusal(exception);
    if (refusal) {
      response.status(refusal.statusCode).send({
        code: refusal.code ?? httpCode(refusal.statusCode),
        message: refusal.message,
        ...(refusal.field ? { field: refusal.field } : {}),
      });
      return;
    }
    if (databaseUnavailable(exception)) {
      // Every connection is taken or the server restarts: a client should come back shortly, not read it as our bug.
      this.logger.warn({ err: exception }, 'database unavailable');
      response.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .send({ code: 'DATABASE_UNAVAILABLE', message: 'the database is busy; try again in a few seconds' });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).send({ code: 'INTERNAL', message: 'internal error' });
  }
}

function httpCode(status: number): string {
  return (HttpStatus[status] ?? 'ERROR').toString();
}

function messageOf(body: string | object): string {
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? 'error');
}
