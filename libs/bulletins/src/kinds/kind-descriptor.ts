import type { BulletinKind, BulletinPriority, PersonStatus } from '@mb/vocabulary';

/** A person's resolution as the public reads it in the notice (time and place; never the tips). */
export interface PersonStatusRecord {
  /** The person's place in the notice's list, from 0. */
  person: number;
  status: PersonStatus;
  at: string;
  place?: string;
}

/**
 * Everything the engine knows of one kind of bulletin: its details' schema, the line the public
 * reads first, where its tips go and its default priority (its label is in the vocabulary). A new
 * kind is one such file and a line in the kind registry.
 */
export interface BulletinKindDescriptor<Details extends object = any> {
  readonly kind: BulletinKind;
  /** The field of a version's content that holds the details. */
  readonly detailsField: string;
  /** The class-validator schema of the details. */
  readonly details: new () => Details;
  /**
   * The facts the public must read first, in the order police notices give them; ID numbers masked.
   * Where the notice names several persons, how many are resolved comes first, then each person.
   */
  summary(details: Details, statuses?: readonly PersonStatusRecord[]): string;
  /** The persons the notice names, in order (none for a kind that names nobody). */
  persons(details: Details | undefined): ReadonlyArray<{ name: string }>;
  /** The case the bulletin belongs to, linking the bulletins of one case. */
  caseNumber(details: Details | undefined): string | null;
  /** Whose tips they are: the issuing unit's, or those of the county where the tipster says it happened. */
  readonly tipsGoTo: 'issuer' | 'place_of_tip';
  priority(details: Details | undefined): BulletinPriority;
}
