import { BulletinKind } from '@mb/vocabulary';
import { maskIdNumbersInText, type RenderableBulletin } from '@mb/platforms';

/** What every public rendering (page, CAP, feed) states about a bulletin beyond its text. */
export interface PublicFacts {
  /** The telephone line tips go to. */
  hotline: string | null;
  rewardCny: number | null;
  /** The reward's conditions, or a report's reward rules. */
  rewardText: string | null;
  caseNumber: string | null;
  /** The kind's own pictures (suspect, person) first, then the bulletin's. */
  photos: string[];
  /** Where the kind places the bulletin: the last-seen point of a missing person. */
  lastSeen: { latitude: number; longitude: number; place: string } | null;
}

/** The public facts of one version, ID numbers masked in every text. */
export function publicFactsOf(bulletin: RenderableBulletin): PublicFacts {
  const details = bulletin.details ?? {};
  const mask = (text: unknown) => (typeof text === 'string' && text ? maskIdNumbersInText(text) : null);
  const unique = (photos: unknown[]) => [...new Set(photos.filter((photo): photo is string => typeof photo === 'string'))];
  switch (bulletin.kind) {
    case BulletinKind.Wanted:
      return {
        hotline: mask(details.contactLine),
        rewardCny: typeof details.reward?.amountCny === 'number' ? details.reward.amountCny : null,
        rewardText: mask(details.reward?.conditions),
        caseNumber: mask(details.caseNumber),
        photos: unique([...[details.suspect, ...(details.suspects ?? [])].flatMap((suspect) => suspect?.photos ?? []), ...bulletin.images]),
        lastSeen: null,
      };
    case BulletinKind.MissingPerson:
      return {
        hotline: mask(details.guardianContact),
        rewardCny: null,
        rewardText: null,
        caseNumber: mask(details.caseNumber),
        photos: unique([...[details.person, ...(details.persons ?? [])].flatMap((person) => person?.photos ?? []), ...bulletin.images]),
        lastSeen: details.lastSeen
          ? { latitude: details.lastSeen.latitude, longitude: details.lastSeen.longitude, place: mask(details.lastSeen.place) ?? '' }
          : null,
      };
    default:
      return {
        hotline: null,
        rewardCny: null,
        rewardText: mask(details.rewardRules),
        caseNumber: null,
        photos: unique(bulletin.images),
        lastSeen: null,
      };
  }
}

/** The banner a resolved bulletin carries on every public rendering. */
export function resolvedBanner(kind: BulletinKind, outcome: string): string {
  if (outcome === 'found_safe' || outcome === 'found_deceased') return '已找到';
  if (kind === BulletinKind.MissingPerson && outcome !== 'closed_otherwise') return '已找到';
  return '已结案';
}
