import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
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

/** What Express and Fastify replies have in common, for the apps on either. */
interface Reply {
  status(code: number): { send(body: unknown): unknown };
  header(name: string, value: string): unknown;
}

/** An error the HTTP server raised before a handler ran (a body too large, of a type not taken). */
function serverRefusal(exception: unknown): { statusCode: number; message: string } | null {
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? { statusCode, message: (exception as Error).message } : null;
}

/** Every error leaves the API as `{code, message, field?}`; unexpected ones say nothing about internals. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Reply>();
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
      response.status(refusal.statusCode).send({ code: httpCode(refusal.statusCode), message: refusal.message });
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
