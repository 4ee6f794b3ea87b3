import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Anything with TypeORM's `query`: a DataSource, an EntityManager, a QueryRunner. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** pg's pool behind a DataSource or a manager that is in no transaction; undefined otherwise. */
function poolOutsideTransactions(on: Queryable): Pool | undefined {
  if (on instanceof DataSource) return (on.driver as PostgresDriver).master as Pool;
  if (on instanceof EntityManager && !on.queryRunner) return (on.connection.driver as PostgresDriver).master as Pool;
  return undefined;
}

/**
 * A statement run on every delivery or tip, prepared once per connection under `name`: planning
 * a long CTE costs PostgreSQL more than running it, and an unnamed statement is planned each time.
 * Outside a transaction it goes to pg's pool directly: TypeORM's query runner per statement cost
 * the api more than the statement did. The answer has TypeORM's shape either way (rows, and for
 * UPDATE and DELETE [rows, count]).
 */
export async function preparedQuery<T = any>(on: Queryable, name: string, sql: string, parameters: unknown[]): Promise<T> {
  const pool = poolOutsideTransactions(on);
  // pg takes a named statement as a query config; TypeORM hands it to pg unchanged.
  if (!pool) return on.query({ name, text: sql } as unknown as string, parameters);
  const result = await pool.query({ name, text: sql, values: parameters });
  return (result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows) as T;
}
