import { BulletinKind } from './bulletin';

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

/** The status a person of the kind starts in; any other status resolves them. */
export const PERSON_STATUSES_OF_KIND: Partial<Record<BulletinKind, { open: PersonStatus }>> = {
  [BulletinKind.Wanted]: { open: PersonStatus.AtLarge },
  [BulletinKind.MissingPerson]: { open: PersonStatus.Missing },
};

/** How many persons one notice may name. */
export const PERSONS_PER_NOTICE: Partial<Record<BulletinKind, number>> = {
  [BulletinKind.Wanted]: 30,
  [BulletinKind.MissingPerson]: 10,
};
