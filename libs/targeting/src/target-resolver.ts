import { TargetSpecDto } from './target-spec.dto';

/** A WHERE clause over `account a JOIN unit u` and its parameters, numbered from `firstParameter`. */
export interface AccountFilter {
  sql: string;
  parameters: unknown[];
}

/**
 * Turns a target into set-based SQL: the database walks the unit paths, so resolving a
 * whole province costs the same number of queries as resolving one county.
 */
export function accountFilterFor(target: TargetSpecDto, firstParameter: number): AccountFilter {
  const p = (offset: number) => `$${firstParameter + offset}`;
  const sql = `a.active
    AND u.path LIKE ANY (SELECT t.path || '%' FROM unit t WHERE t.id = ANY (${p(0)}::uuid[]))
    AND NOT u.path LIKE ANY (SELECT x.path || '%' FROM unit x WHERE x.id = ANY (${p(1)}::uuid[]))
    AND (${p(2)}::platform[] IS NULL OR a.platform = ANY (${p(2)}::platform[]))
    AND (${p(3)}::text[] IS NULL OR a.tags && ${p(3)}::text[])
    AND (${p(4)}::text[] IS NULL OR NOT a.tags && ${p(4)}::text[])`;
  return {
    sql,
    parameters: [
      target.unitIds,
      target.excludeUnitIds ?? [],
      target.platforms ?? null,
      target.includeTags ?? null,
      target.excludeTags ?? null,
    ],
  };
}
