import { BulletinKind, ResolutionOutcome } from './bulletin';

/**
 * Where each person named in a notice stands. A wanted person starts at large, a missing one
 * missing; every other status ends their part of the notice.
 */
export enum PersonStatus {
  AtLarge = 'at_large',
  Arrested = 'arrested',
  Surrendered = 'surrendered',
  Deceased = 'deceased',
  Missing = 'missing',
  FoundSafe = 'found_safe',
  FoundDeceased = 'found_deceased',
}

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  [PersonStatus.AtLarge]: '在逃',
  [PersonStatus.Arrested]: '已抓获',
  [PersonStatus.Surrendered]: '已投案',
  [PersonStatus.Deceased]: '已死亡',
  [PersonStatus.Missing]: '未找到',
  [PersonStatus.FoundSafe]: '已找到（平安）',
  [PersonStatus.FoundDeceased]: '已找到（遇难）',
};

/** The status a person of the kind starts in, and the statuses that resolve them. */
export const PERSON_STATUSES_OF_KIND: Partial<Record<BulletinKind, { open: PersonStatus; resolved: readonly PersonStatus[] }>> = {
  [BulletinKind.Wanted]: { open: PersonStatus.AtLarge, resolved: [PersonStatus.Arrested, PersonStatus.Surrendered, PersonStatus.Deceased] },
  [BulletinKind.MissingPerson]: { open: PersonStatus.Missing, resolved: [PersonStatus.FoundSafe, PersonStatus.FoundDeceased] },
};

/** How many persons one notice may name. */
export const PERSONS_PER_NOTICE: Partial<Record<BulletinKind, number>> = {
  [BulletinKind.Wanted]: 30,
  [BulletinKind.MissingPerson]: 10,
};

/** The bulletin's outcome once every person is resolved: theirs when they share one, else the kind's general one. */
export function outcomeOfPersons(kind: BulletinKind, statuses: readonly PersonStatus[]): ResolutionOutcome {
  const all = (status: PersonStatus) => statuses.length > 0 && statuses.every((each) => each === status);
  if (kind === BulletinKind.MissingPerson) {
    if (all(PersonStatus.FoundDeceased)) return ResolutionOutcome.FoundDeceased;
    return all(PersonStatus.FoundSafe) ? ResolutionOutcome.FoundSafe : ResolutionOutcome.ClosedOtherwise;
  }
  if (all(PersonStatus.Surrendered)) return ResolutionOutcome.Surrendered;
  if (statuses.some((status) => status === PersonStatus.Arrested || status === PersonStatus.Surrendered)) return ResolutionOutcome.Arrested;
  return ResolutionOutcome.ClosedOtherwise;
}
