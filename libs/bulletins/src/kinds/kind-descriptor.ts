import type { BulletinKind, BulletinPriority } from '@mb/vocabulary';

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
  /** The facts the public must read first, in the order police notices give them; ID numbers masked. */
  summary(details: Details): string;
  /** Whose tips they are: the issuing unit's, or those of the county where the tipster says it happened. */
  readonly tipsGoTo: 'issuer' | 'place_of_tip';
  priority(details: Details | undefined): BulletinPriority;
}
