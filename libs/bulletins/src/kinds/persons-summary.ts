import { BulletinKind, PERSON_STATUS_LABELS, PERSON_STATUSES_OF_KIND, PersonStatus } from '@mb/vocabulary';
import type { PersonStatusRecord } from './kind-descriptor';

/** How a count of persons in one status reads: "已有7人投案", "仍有4人在逃". */
const COUNTED: Record<PersonStatus, string> = {
  [PersonStatus.Surrendered]: '投案',
  [PersonStatus.Arrested]: '被抓获',
  [PersonStatus.Deceased]: '死亡',
  [PersonStatus.FoundSafe]: '平安找到',
  [PersonStatus.FoundDeceased]: '遇难',
  [PersonStatus.AtLarge]: '在逃',
  [PersonStatus.Missing]: '下落不明',
};

/** Each person's status now: the latest record for them, or the kind's open status. */
export function statusesNow(kind: BulletinKind, count: number, records: readonly PersonStatusRecord[] = []): PersonStatus[] {
  const open = PERSON_STATUSES_OF_KIND[kind]?.open ?? PersonStatus.AtLarge;
  const now = Array.from({ length: count }, () => open);
  for (const record of records) if (record.person >= 0 && record.person < count) now[record.person] = record.status;
  return now;
}

/** The progress line of a notice naming several persons: "已有7人投案，仍有4人在逃。" (empty before any resolution). */
export function progressLine(kind: BulletinKind, statuses: readonly PersonStatus[]): string {
  const open = PERSON_STATUSES_OF_KIND[kind]?.open;
  const resolved = new Map<PersonStatus, number>();
  for (const status of statuses) if (status !== open) resolved.set(status, (resolved.get(status) ?? 0) + 1);
  if (resolved.size === 0) return '';
  const done = [...resolved].map(([status, count]) => `${count}人${COUNTED[status]}`).join('、');
  const stillOpen = statuses.filter((status) => status === open).length;
  if (stillOpen === 0) return `【进展】${statuses.length}人已全部${kind === BulletinKind.MissingPerson ? '找到' : '到案'}（${done}）。`;
  return `【进展】已有${done}，仍有${stillOpen}人${COUNTED[open!]}。`;
}

/** Several persons in one notice: the progress, then each person with their status. */
export function personsSummary(
  kind: BulletinKind,
  described: readonly string[],
  records: readonly PersonStatusRecord[],
  noun: string,
): string {
  const statuses = statusesNow(kind, described.length, records);
  const people = described.map((text, index) => `${text}（${PERSON_STATUS_LABELS[statuses[index]]}）`).join('；');
  return `${progressLine(kind, statuses)}${noun}${described.length}人：${people}。`;
}
