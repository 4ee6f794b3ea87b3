import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client';
import type { Page, Unit } from '../api/views';

/** Every unit the user may see (a province has a few hundred), loaded once and shared by every screen. */
export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: async () => (await must(api.GET('/units', { params: { query: { limit: 1000 } } }))) as unknown as Page<Unit>,
    staleTime: 10 * 60_000,
    select: (page) => page.items,
  });
}

export interface UnitTreeNode {
  title: string;
  key: string;
  value: string;
  code: string;
  children?: UnitTreeNode[];
}

/** The units as a tree (province → cities → counties → stations), titled "name (code)" so either can be searched. */
export function unitTree(units: Unit[]): UnitTreeNode[] {
  const byParent = new Map<string | null, Unit[]>();
  const ids = new Set(units.map((unit) => unit.id));
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), unit]);
  }
  const build = (parent: string | null): UnitTreeNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((unit) => {
        const children = build(unit.id);
        return {
          title: `${unit.name}（${unit.code}）`,
          key: unit.id,
          value: unit.id,
          code: unit.code,
          ...(children.length ? { children } : {}),
        };
      });
  return build(null);
}

export function unitName(units: Unit[] | undefined, id: string | null | undefined): string {
  return units?.find((unit) => unit.id === id)?.name ?? '—';
}
