import { BulletinKind, BulletinStatus, PersonStatus, ResolutionOutcome } from '@mb/vocabulary';
import { ProposalView } from '@mb/bulletins';

/** The reports' answers as described classes (each list also comes as CSV with `format=csv`). */

export class ReportTotals {
  bulletins: number;
  posts: number;
  reads: number;
  tips: number;
  actionableTips: number;
  resolved: number;
  directResults: number;
  resolutionRate: number | null;
  directResultRate: number | null;
  /** The persons the bulletins name, and what became of them (a bulletin closed as a whole counts each of its persons). */
  persons: PersonCounts;
}

export class PersonCounts {
  named: number;
  resolved: number;
  /** Resolved with at least one contributing tip that came through the matrix. */
  directResults: number;
  withoutTip: number;
  /** Median time from publishing to a person's resolution. */
  medianSecondsToResolution: number | null;
}

export class BulletinReportRow {
  bulletinId: string;
  title: string;
  kind: BulletinKind;
  issuerName: string;
  publishedAt: Date;
  reads: number;
  tips: number;
  outcome: ResolutionOutcome | null;
  directResult: boolean;
}

export class BulletinFunnel {
  targeted: number;
  posted: number;
  reads: number;
  tips: number;
  actionableTips: number;
  outcomes: number;
}

export class BulletinOutcomeView {
  outcome: ResolutionOutcome;
  occurredAt: Date;
  place: string | null;
  contributingTips: number;
  directResult: boolean;
}

export class DecisiveTipView {
  tipId: string;
  accountId: string | null;
  accountName: string | null;
  platform: string | null;
  unitId: string | null;
  unitName: string | null;
}

export class ReadsAtHour {
  hour: Date;
  reads: number;
}

export class BulletinReport {
  bulletinId: string;
  title: string;
  kind: BulletinKind;
  status: BulletinStatus;
  issuerName: string;
  publishedAt: Date | null;
  funnel: BulletinFunnel;
  outcome: BulletinOutcomeView | null;
  secondsToFirstPost: number | null;
  secondsToFirstTip: number | null;
  secondsToOutcome: number | null;
  readsPerOutcome: number | null;
  decisiveTip: DecisiveTipView | null;
  /** Each person the notice names, with what became of them. */
  persons: NoticePerson[];
  /** Reads summed hour by hour since publishing. */
  readsOverTime: ReadsAtHour[];
}

export class UnitReportRow {
  unitId: string;
  code: string;
  name: string;
  level: string;
  reads: number;
  tips: number;
  actionableTips: number;
  replyRate: number | null;
  directOutcomes: number;
}

export class PlatformReportRow {
  platform: string;
  reads: number;
  tips: number;
  actionableTips: number;
  replyRate: number | null;
  directOutcomes: number;
}

export class KindPeriodRow {
  kind: BulletinKind;
  /** `2026-11-01` for a month, the first day of the quarter or year otherwise. */
  period: string;
  published: number;
  resolved: number;
  directResults: number;
  resolutionRate: number | null;
  directResultRate: number | null;
}

export class CountyReach {
  unitId: string;
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  reads: number;
  tips: number;
}

/** One person a notice names and what became of them: public once approved, pending while the update waits. */
export class NoticePerson {
  /** The person's place in the notice's list, from 0. */
  person: number;
  name: string;
  status: PersonStatus;
  occurredAt: Date | null;
  place: string | null;
  contributingTipIds: string[];
  /** Seconds from publishing to the resolution. */
  secondsToResolution: number | null;
  /** A recorded outcome still waiting for a second person's approval. */
  pending: { status: PersonStatus; occurredAt: Date; proposalId: string } | null;
}

export class PersonOutcomesRecorded {
  /** The update carrying the outcomes, waiting for a second person. */
  proposal: ProposalView;
  persons: NoticePerson[];
}
