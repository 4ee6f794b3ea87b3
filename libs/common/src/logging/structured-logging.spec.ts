import { Writable } from 'node:stream';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { loggableError, REDACTED_PATHS } from './structured-logging';

const HASH = '$2b$11$Cj1lJ3cQ7GNbUa0mT8m3UeC3x6kVtQm0oM3w4e3f9Hh7vQ9rGZk6y';

function failedInsert(): QueryFailedError {
  const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code: '22021',
    detail: `Failing row contains (1, admin, ${HASH}).`,
    where: `unnamed portal parameter $3 = '${HASH}'`,
  });
  return new QueryFailedError(
    'INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $2, $3)',
    ['admin', 'a\u0000b', HASH],
    driverError,
  );
}

describe('logged errors', () => {
  it('carry the statement and the database code, never the values it was given', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ serializers: { err: loggableError }, redact: REDACTED_PATHS }, sink);
    logger.error({ err: failedInsert() }, 'unhandled error');
    const line = lines.join('');
    expect(line).toContain('INSERT INTO app_user');
    expect(line).toContain('22021');
    expect(line).not.toContain(HASH);
    expect(line).not.toContain('a\\u0000b');
  });
});
