import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

const logger = new Logger('DatabaseConnection');

/**
 * The pool's connection class. A connection the server ends (a restart, an administrator's
 * terminate) fails the query in flight and leaves the pool; but the ORM drops its listener after
 * the first error, and a later 'error' event with no listener would end the whole process.
 */
export class PooledClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (error: Error & { code?: string }) => logger.warn({ code: error.code }, 'database connection lost'));
  }
}
