/** Anything with TypeORM's `query`: a DataSource, an EntityManager, a QueryRunner. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * A statement run on every delivery or tip, prepared once per connection under `name`: planning
 * a long CTE costs PostgreSQL more than running it, and an unnamed statement is planned each time.
 */
export function preparedQuery<T = any>(on: Queryable, name: string, sql: string, parameters: unknown[]): Promise<T> {
  // pg takes a named statement as a query config; TypeORM hands it to pg unchanged.
  return on.query({ name, text: sql } as unknown as string, parameters);
}
