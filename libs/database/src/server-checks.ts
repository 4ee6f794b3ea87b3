import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { roleProblems } from './roles';

/** What a process says at start about the PostgreSQL it was given, when something there would hurt later. */
@Injectable()
export class ServerChecks implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    // With autovacuum off, tables are never analysed, and a plan made while a table was small is
    // kept as it grows (tip intake once read every tip of a bulletin for each new one that way).
    const [{ autovacuum }] = await this.dataSource.query(`SELECT current_setting('autovacuum') AS autovacuum`);
    if (autovacuum !== 'on') {
      this.logger.warn({ autovacuum }, "PostgreSQL's autovacuum is off: turn it on (autovacuum = on), or run VACUUM ANALYZE on a schedule, or queries slow down as tables grow");
    }
    // A process that owns its tables, or is a superuser, could rewrite the audit trail.
    const problems = await roleProblems({ query: async (sql) => ({ rows: await this.dataSource.query(sql) }) });
    if (problems.length > 0) {
      this.logger.warn({ problems }, 'the database role of this process should own nothing: connect as the app role and migrate as the owner role (see docs/security.md)');
    }
  }
}
