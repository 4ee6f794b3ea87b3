import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Says at start when PostgreSQL keeps no statistics of its own: with autovacuum off, tables are
 * never analysed, and a plan made while a table was small is kept as it grows (tip intake once
 * read every tip of a bulletin for each new one that way), while dead rows pile up.
 */
@Injectable()
export class AutovacuumCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [{ autovacuum }] = await this.dataSource.query(`SELECT current_setting('autovacuum') AS autovacuum`);
    if (autovacuum !== 'on') {
      this.logger.warn({ autovacuum }, "PostgreSQL's autovacuum is off: turn it on (autovacuum = on), or run VACUUM ANALYZE on a schedule, or queries slow down as tables grow");
    }
  }
}
