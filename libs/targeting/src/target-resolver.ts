import { TargetSpecDto } from './target-spec.dto';

/** A WHERE clause over `account a JOIN unit u` and its parameters, numbered from `firstParameter`. */
export interface AccountFilter {
  sql: string;
  parameters: unknown[];
}

/** Great-circle distance in metres from a unit to a point, computed by PostgreSQL (earthdistance). */
export function distanceSql(latitude: string, longitude: string): string {
  return `earth_distance(ll_to_earth(u.latitude, u.longitude), ll_to_earth(${latitude}, ${longitude}))`;
}

/**
 * Turns a target into set-based SQL: the database walks the unit paths and measures distances, so
 * resolving a whole province costs the same number of queries as resolving one county. With rings,
 * `throughRing` limits the accounts to those within that ring's radius (inner rings included).
 */
export function accountFilterFor(target: TargetSpecDto, firstParameter: number, throughRing = 0): AccountFilter {
  const p = (offset: number) => `$${firstParameter + offset}`;
  const step = target.rings?.steps[Math.min(throughRing, target.rings.steps.length - 1)];
  const radiusMetres = step && !step.wholeTarget ? (step.radiusKm as number) * 1000 : null;
  const sql = `a.active
    AND u.path LIKE ANY (SELECT t.path || '%' FROM unit t WHERE t.id = ANY (${p(0)}::uuid[]))
    AND NOT u.path LIKE ANY (SELECT x.path || '%' FROM unit x WHERE x.id = ANY (${p(1)}::uuid[]))
    AND (${p(2)}::platform[] IS NULL OR a.platform = ANY (${p(2)}::platform[]))
    AND (${p(3)}::text[] IS NULL OR a.tags && ${p(3)}::text[])
    AND (${p(4)}::text[] IS NULL OR NOT a.tags && ${p(4)}::text[])
    AND (${p(5)}::float8 IS NULL OR ${distanceSql(`${p(6)}::float8`, `${p(7)}::float8`)} <= ${p(5)}::float8)`;
  return {
    sql,
    parameters: [
      target.unitIds,
      target.excludeUnitIds ?? [],
      target.platforms ?? null,
      target.includeTags ?? null,
      target.excludeTags ?? null,
      radiusMetres,
      target.rings?.latitude ?? null,
      target.rings?.longitude ?? null,
    ],
  };
}

/**
 * For previews: the SQL expression giving each account's ring (0 = first), from the distances
 * and the ring radii passed as parameters `$first` (radii in metres, NULL for the whole target),
 * `$first+1`/`$first+2` (the point).
 */
export function ringOfAccountSql(target: TargetSpecDto, first: number): AccountFilter {
  if (!target.rings) return { sql: '0', parameters: [] };
  const radii = target.rings.steps.map((step) => (step.wholeTarget ? null : (step.radiusKm as number) * 1000));
  const distance = distanceSql(`$${first + 1}::float8`, `$${first + 2}::float8`);
  return {
    sql: `(SELECT (min(r.ordinality) - 1)::int FROM unnest($${first}::float8[]) WITH ORDINALITY AS r (radius, ordinality)
           WHERE r.radius IS NULL OR ${distance} <= r.radius)`,
    parameters: [radii, target.rings.latitude, target.rings.longitude],
  };
}
