/** One field of a bulletin's content that a proposal changes, by its dotted path. */
export interface ContentChange {
  field: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields that differ between two contents, nested objects walked field by field (a suspect's
 * name, a reward's amount), lists compared whole: what a reviewer reads before approving.
 */
export function contentChanges(before: unknown, after: unknown, prefix = ''): ContentChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => contentChanges(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: prefix, before: before ?? null, after: after ?? null }];
}
