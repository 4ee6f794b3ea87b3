import type { BulletinKind } from '@mb/vocabulary';

/** The bulletin content an adapter renders: one version, already resolved to plain values. */
export interface RenderableBulletin {
  bulletinId: string;
  kind: BulletinKind;
  version: number;
  title: string;
  body: string;
  images: string[];
  priority: 'normal' | 'urgent';
  issuerName: string;
  /** The facts the public must read first, rendered by the bulletin's kind (ID numbers masked). */
  summary: string;
  /** The kind-specific structured fields (suspect, person, topic...). */
  details: Record<string, any>;
  /** Present once the case is resolved: every live post then says so first. */
  resolution?: { outcome: string; note?: string };
  /** Present once the bulletin is past its validity and its posts are marked so. */
  expired?: boolean;
  /** Link to the public tip page carrying the attribution code of bulletin × account. */
  tipUrl: string;
  /** Link to the bulletin's public page, with the same code (posts with room for it carry both). */
  pageUrl: string;
}
