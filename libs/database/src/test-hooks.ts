import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { Clock, RequestContext } from '@mb/common';
import { AppConfig } from '@mb/config';

const POLL_MS = 100;

/** With the test hooks on, every process follows the clock offset a test wrote into the database. */
@Injectable()
export class TestClockFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TestClockFollower.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.testHooks) return;
    await this.follow();
    this.timer = setInterval(() => void this.follow(), POLL_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async set(offsetMs: number): Promise<Date> {
    await this.dataSource.query(`INSERT INTO test_clock (id, offset_ms) VALUES (true, $1) ON CONFLICT (id) DO UPDATE SET offset_ms = $1`, [
      offsetMs,
    ]);
    await this.follow();
    return this.clock.now();
  }

  private async follow(): Promise<void> {
    try {
      const [row] = await this.dataSource.query(`SELECT offset_ms FROM test_clock`);
      this.clock.setOffset(Number(row?.offset_ms ?? 0));
    } catch (error) {
      this.logger.warn({ err: error }, 'test clock not readable');
    }
  }
}

/** Counts the queries of each request, printing nothing (parameters may be personal data). */
export class QueryCounter implements TypeOrmLogger {
  logQuery(): void {
    const context = RequestContext.current();
    context.queries = (context.queries ?? 0) + 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
