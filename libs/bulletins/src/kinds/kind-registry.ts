import { BulletinKind } from '@mb/vocabulary';
import type { BulletinKindDescriptor } from './kind-descriptor';
import { MISSING_PERSON } from './missing-person.kind';
import { REPORT } from './report.kind';
import { WANTED } from './wanted.kind';

/** Every kind of bulletin, one line each. */
export const BULLETIN_KIND_REGISTRY: Record<BulletinKind, BulletinKindDescriptor> = {
  [BulletinKind.Wanted]: WANTED,
  [BulletinKind.MissingPerson]: MISSING_PERSON,
  [BulletinKind.Report]: REPORT,
};

/** A kind's structured details within a version's content. */
export function detailsOf(kind: BulletinKind, content: Partial<Record<string, unknown>>): Record<string, any> {
  return (content[BULLETIN_KIND_REGISTRY[kind].detailsField] as Record<string, any> | undefined) ?? {};
}

/** The persons a version names, in order. */
export function personsOf(kind: BulletinKind, content: Partial<Record<string, unknown>>): ReadonlyArray<{ name: string }> {
  return BULLETIN_KIND_REGISTRY[kind].persons(detailsOf(kind, content));
}
