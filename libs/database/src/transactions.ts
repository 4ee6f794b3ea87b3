import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from './prepared';

const current = new AsyncLocalStorage<EntityManager>();

/**
 * One transaction around a business change and its audit rows. Repositories ask `manager()` for
 * the connection to use, so they join the surrounding transaction without passing it around.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const existing = current.getStore();
    if (existing) return work(existing);
    return this.dataSource.transaction((manager) => current.run(manager, () => work(manager)));
  }

  manager(): EntityManager {
    return current.getStore() ?? this.dataSource.manager;
  }

  /** One SQL statement on the surrounding transaction's connection, or the pool's outside one. */
  query<T = any>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.manager().query(sql, parameters);
  }

  /** `query`, as a statement prepared once per connection (see preparedQuery). */
  prepared<T = any>(name: string, sql: string, parameters: unknown[]): Promise<T> {
    return preparedQuery(this.manager(), name, sql, parameters);
  }
}
