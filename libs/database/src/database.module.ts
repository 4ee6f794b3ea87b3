import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, connectionPlan, type ProcessKind } from '@mb/config';
import { PROCESS_KIND, ServerChecks } from './server-checks';
import { QueryCounter, TestClockFollower } from './test-hooks';
import { Transactions } from './transactions';
import { PooledClient } from './pooled-client';
import { ReportReads } from './report-reads';

/** TypeORM over PostgreSQL. The schema comes from migrations only, run by `npm run migrate`. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(kind: ProcessKind): DynamicModule {
    const applicationName = `mb-${kind}`;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            type: 'postgres',
            url: config.databaseUrl,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            // Nothing is printed: a query's log line would carry its parameters, which may be personal data.
            // With the test hooks on, queries are only counted.
            ...(config.testHooks ? { logging: ['query' as const], logger: new QueryCounter() } : { logging: false }),
            applicationName,
            // No JIT: compiling a report query's plan took 20-40 ms of the 100 it ran; nothing here runs long enough to win it back.
            // The ORM's share of this process's connection budget (see connectionPlan).
            extra: { max: connectionPlan(config, kind).orm, connectionTimeoutMillis: 5000, options: '-c jit=off', Client: PooledClient },
            retryAttempts: 30,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [Transactions, ReportReads, TestClockFollower, ServerChecks, { provide: PROCESS_KIND, useValue: kind }],
      exports: [Transactions, ReportReads, TestClockFollower],
    };
  }
}
