import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '@mb/config';
import { Transactions } from './transactions';

/** Connections the reports keep to the replica: a separate server, so outside the primary's budget. */
const REPLICA_CONNECTIONS = 4;
/** How long the primary answers for an unreachable replica before it is tried again. */
const REPLICA_RETRY_MS = 10_000;

/**
 * An error that says the replica cannot answer now, not that the query is wrong: no SQLSTATE (a
 * network error), a connection exception (class 08), an operator intervention such as shutdown
 * (57P), or a rollback it forced (class 40, as when a query conflicts with its replay).
 */
function unreachable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return !/^[0-9A-Z]{5}$/.test(code) || ['08', '57P', '40'].some((sqlClass) => code.startsWith(sqlClass));
}

/**
 * Where read-only reports run: the streaming replica when one is configured and answering, the
 * primary otherwise. A report may then lag the primary by the replica's replay delay.
 */
@Injectable()
export class ReportReads implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportReads.name);
  private readonly replica?: Pool;
  private replicaDownUntil = 0;

  constructor(
    config: AppConfig,
    private readonly primary: Transactions,
  ) {
    if (!config.reportsReadUrl) return;
    this.replica = new Pool({
      connectionString: config.reportsReadUrl,
      max: REPLICA_CONNECTIONS,
      connectionTimeoutMillis: 2000,
      options: '-c jit=off',
      application_name: 'mb-reports-replica',
    });
    // An idle connection the replica drops must not end the process.
    this.replica.on('error', (error: Error & { code?: string }) => this.logger.warn({ code: error.code }, 'replica connection lost'));
  }

  async query<T = any>(sql: string, parameters: unknown[] = []): Promise<T> {
    if (this.replica && Date.now() >= this.replicaDownUntil) {
      try {
        return (await this.replica.query(sql, parameters)).rows as T;
      } catch (error) {
        if (!unreachable(error)) throw error;
        this.replicaDownUntil = Date.now() + REPLICA_RETRY_MS;
        this.logger.warn({ code: (error as { code?: string }).code }, 'replica unreachable; reports read the primary');
      }
    }
    return this.primary.query<T>(sql, parameters);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.end();
  }
}
