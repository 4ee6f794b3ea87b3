/**
 * TypeORM's PostgreSQL driver answers an UPDATE or DELETE with `[rows, affectedCount]` and every
 * other statement with the rows alone; this gives the RETURNING rows of an UPDATE or DELETE.
 */
export function updatedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}

/** Whether a statement failed because another table's row still refers to the one it deleted (SQLSTATE 23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string } | null) ?? {};
  return (driverError.driverError?.code ?? driverError.code) === '23503';
}
