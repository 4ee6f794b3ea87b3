import { BulletinKind, BulletinPriority } from '@mb/vocabulary';

export type CapCategory = 'Security' | 'Rescue';
export type CapUrgency = 'Immediate' | 'Expected' | 'Past';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor';
export type CapCertainty = 'Observed' | 'Likely';
export type CapResponse = 'Monitor' | 'AllClear';

export interface CapClassification {
  category: CapCategory;
  event: string;
  responseType: CapResponse;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
}

interface KindClass {
  category: CapCategory;
  event: string;
  certainty: CapCertainty;
  byPriority: Record<BulletinPriority, { urgency: CapUrgency; severity: CapSeverity }>;
}

/**
 * How a bulletin's kind and priority read in CAP (the table in docs/interop.md). A sought person
 * is a fact (Observed); a report call asks whether something is happening (Likely). A resolved or
 * expired bulletin is Past and all clear whatever it was.
 */
export const CAP_CLASS_OF_KIND: Record<BulletinKind, KindClass> = {
  [BulletinKind.Wanted]: {
    category: 'Security',
    event: '通缉在逃人员',
    certainty: 'Observed',
    byPriority: {
      [BulletinPriority.Normal]: { urgency: 'Expected', severity: 'Moderate' },
      [BulletinPriority.Urgent]: { urgency: 'Immediate', severity: 'Severe' },
    },
  },
  [BulletinKind.MissingPerson]: {
    category: 'Rescue',
    event: '寻找走失人员',
    certainty: 'Observed',
    byPriority: {
      [BulletinPriority.Normal]: { urgency: 'Expected', severity: 'Moderate' },
      [BulletinPriority.Urgent]: { urgency: 'Immediate', severity: 'Severe' },
    },
  },
  [BulletinKind.Report]: {
    category: 'Security',
    event: '征集违法犯罪线索',
    certainty: 'Likely',
    byPriority: {
      [BulletinPriority.Normal]: { urgency: 'Expected', severity: 'Minor' },
      [BulletinPriority.Urgent]: { urgency: 'Expected', severity: 'Moderate' },
    },
  },
};

export function capClassification(kind: BulletinKind, priority: BulletinPriority, closed: boolean): CapClassification {
  const of = CAP_CLASS_OF_KIND[kind];
  if (closed)
    return { category: of.category, event: of.event, responseType: 'AllClear', urgency: 'Past', severity: 'Minor', certainty: 'Observed' };
  return { category: of.category, event: of.event, responseType: 'Monitor', certainty: of.certainty, ...of.byPriority[priority] };
}

/** A CAP time: seconds, and the zone offset written out (China keeps +08:00 all year). */
export function capTime(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}
