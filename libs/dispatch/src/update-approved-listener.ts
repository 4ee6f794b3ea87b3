import type { ResolutionOutcome } from '@mb/vocabulary';

/** An update a second person approved, as its listener hears of it in the approval's transaction. */
export interface ApprovedUpdate {
  bulletinId: string;
  proposalId: string;
  /** Set when the update resolves the last person the notice names, so the bulletin resolves with it. */
  resolvedAs: ResolutionOutcome | null;
}

/**
 * What must commit with an approved update: reports makes the person outcomes it carries final
 * and credits their tips. Dispatch approves; reports, which owns the outcomes, provides this port.
 */
export abstract class UpdateApprovedListener {
  abstract approved(update: ApprovedUpdate): Promise<void>;
}
