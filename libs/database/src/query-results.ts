/**
 * TypeORM's PostgreSQL driver answers an UPDATE or DELETE with `[rows, affectedCount]` and every
 * other statement with the rows alone; this gives the RETURNING rows of an UPDATE or DELETE.
 */
export function updatedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}
