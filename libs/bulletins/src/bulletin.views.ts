import { ResolutionOutcome } from '@mb/vocabulary';
import { Bulletin } from './bulletin.entity';
import { type ProposalKind, type ProposalStatus } from './bulletin-proposals.repository';
import { MissingPersonDetailsDto } from './kinds/missing-person.kind';
import { ReportDetailsDto } from './kinds/report.kind';
import { WantedDetailsDto } from './kinds/wanted.kind';

/** The answers of the bulletin endpoints, as classes so that the OpenAPI document describes them. */

export class ResolutionView {
  outcome: ResolutionOutcome;
  note?: string;
  resolvedAt: string;
}

/** One version's content: the common fields and the kind's details under the kind's own field. */
export class BulletinContentView {
  title: string;
  body: string;
  images: string[];
  wanted?: WantedDetailsDto;
  missingPerson?: MissingPersonDetailsDto;
  report?: ReportDetailsDto;
  /** Set on the version that carried the outcome to every live post. */
  resolution?: ResolutionView;
  /** Set on the version that marked every live post as past its validity. */
  expiredAt?: string;
}

export class BulletinView extends Bulletin {
  content: BulletinContentView;
  /** Once published: the code of its public page, CAP messages and feeds, and the page's address. */
  publicCode: string | null;
  publicUrl: string | null;
}

/** One field a proposal changes, by its dotted path; before and after are that field's JSON values. */
export class ContentChangeView {
  field: string;
  before: unknown;
  after: unknown;
}

export class ProposedResolutionView {
  outcome: ResolutionOutcome;
  note: string;
}

/** A proposal as a reviewer reads it: what it would change against the live version. */
export class ProposalView {
  id: string;
  bulletinId: string;
  kind: ProposalKind;
  baseVersion: number;
  /** The whole new content (an update) or the outcome and note (a resolution). */
  content: BulletinContentView | ProposedResolutionView;
  status: ProposalStatus;
  proposedBy: string | null;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  changes: ContentChangeView[];
}
