import { Injectable } from '@nestjs/common';
import { Transactions } from '@mb/database';
import type { ResolutionOutcome } from '@mb/vocabulary';

export interface CaseOutcome {
  outcome: ResolutionOutcome;
  occurredAt: string | Date;
  place: string | null;
  note: string | null;
  decisiveTipId: string | null;
  recordedBy: string | null;
  recordedAt: Date;
}

/** The end of each case and the tips that led there, written in the caller's transaction. */
@Injectable()
export class OutcomesRepository {
  constructor(private readonly transactions: Transactions) {}

  async insert(bulletinId: string, outcome: CaseOutcome, contributingTipIds: string[]): Promise<void> {
    await this.transactions.query(
      `INSERT INTO bulletin_outcome (bulletin_id, outcome, occurred_at, place, note, decisive_tip_id, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        bulletinId,
        outcome.outcome,
        outcome.occurredAt,
        outcome.place,
        outcome.note,
        outcome.decisiveTipId,
        outcome.recordedBy,
        outcome.recordedAt,
      ],
    );
    await this.transactions.query(`INSERT INTO outcome_tip (bulletin_id, tip_id) SELECT $1, unnest($2::uuid[])`, [
      bulletinId,
      contributingTipIds,
    ]);
  }
}
