import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, connectionPlan, type ProcessKind } from '@mb/config';
import { roleProblems } from './roles';

export const PROCESS_KIND = Symbol('process kind');

/** What a process says at start about the PostgreSQL it was given, when something there would hurt later. */
@Injectable()
export class ServerChecks implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(PROCESS_KIND) private readonly kind: ProcessKind,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // With autovacuum off, tables are never analysed, and a plan made while a table was small is
    // kept as it grows (tip intake once read every tip of a bulletin for each new one that way).
    const [{ autovacuum }] = await this.dataSource.query(`SELECT current_setting('autovacuum') AS autovacuum`);
    if (autovacuum !== 'on') {
      this.logger.warn(
        { autovacuum },
        "PostgreSQL's autovacuum is off: turn it on (autovacuum = on), or run VACUUM ANALYZE on a schedule, or queries slow down as tables grow",
      );
    }
    // A process that owns its tables, or is a superuser, could rewrite the audit trail.
    const problems = await roleProblems({ query: async (sql) => ({ rows: await this.dataSource.query(sql) }) });
    if (problems.length > 0) {
      this.logger.warn(
        { problems },
        'the database role of this process should own nothing: connect as the app role and migrate as the owner role (see docs/security.md)',
      );
    }
    await this.checkConnectionBudget();
  }

  /** Says, with the numbers, when this process's budget does not fit what the server has left. */
  private async checkConnectionBudget(): Promise<void> {
    const plan = connectionPlan(this.config, this.kind);
    const [server] = await this.dataSource.query(
      `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved,
              (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS used,
              (SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user) AS role_limit,
              (SELECT count(*)::int FROM pg_stat_activity WHERE usename = current_user) AS role_used`,
    );
    const free = server.max - server.reserved - server.used;
    const roleFree = server.role_limit >= 0 ? server.role_limit - server.role_used : Infinity;
    const figures = {
      budget: plan.budget,
      orm: plan.orm,
      queue: plan.queue,
      maxConnections: server.max,
      reserved: server.reserved,
      inUse: server.used,
      roleLimit: server.role_limit,
      roleInUse: server.role_used,
    };
    if (plan.budget > Math.min(free, roleFree)) {
      this.logger.warn(
        figures,
        'this process may open more PostgreSQL connections than the server has left: raise max_connections, put a pooler in front, or lower connectionBudget (see docs/operations.md)',
      );
    } else {
      this.logger.log(figures, 'PostgreSQL connection budget');
    }
  }
}
