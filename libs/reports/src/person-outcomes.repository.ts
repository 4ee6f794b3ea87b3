import { Injectable } from '@nestjs/common';
import { Transactions, updatedRows } from '@mb/database';
import type { PersonStatus } from '@mb/vocabulary';

export interface NewPersonOutcome {
  person: number;
  status: PersonStatus;
  occurredAt: string;
  place: string | null;
  contributingTipIds: string[];
}

export interface PersonOutcomeRow {
  id: string;
  person: number;
  status: PersonStatus;
  occurredAt: Date;
  place: string | null;
  proposalId: string;
  approvedAt: Date | null;
  contributingTipIds: string[];
}

const COLUMNS = `o.id, o.person, o.status, o.occurred_at AS "occurredAt", o.place, o.proposal_id AS "proposalId", o.approved_at AS "approvedAt",
  coalesce((SELECT array_agg(ot.tip_id ORDER BY ot.tip_id) FROM person_outcome_tip ot WHERE ot.person_outcome_id = o.id), '{}') AS "contributingTipIds"`;

/** The person outcomes of the notices and the tips that led to each. */
@Injectable()
export class PersonOutcomesRepository {
  constructor(private readonly transactions: Transactions) {}

  async insertPending(bulletinId: string, proposalId: string, outcomes: NewPersonOutcome[], recordedBy: string | null, now: Date) {
    for (const outcome of outcomes) {
      const [{ id }] = await this.transactions.query(
        `INSERT INTO person_outcome (bulletin_id, person, status, occurred_at, place, proposal_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [bulletinId, outcome.person, outcome.status, outcome.occurredAt, outcome.place, proposalId, recordedBy, now],
      );
      await this.transactions.query(`INSERT INTO person_outcome_tip (person_outcome_id, tip_id) SELECT $1, unnest($2::uuid[])`, [
        id,
        outcome.contributingTipIds,
      ]);
    }
  }

  /** Makes the proposal's outcomes final; answers them with their tips. */
  async approve(proposalId: string, now: Date): Promise<PersonOutcomeRow[]> {
    const approved = updatedRows<{ id: string }>(
      await this.transactions.query(
        `UPDATE person_outcome SET approved_at = $2 WHERE proposal_id = $1 AND approved_at IS NULL RETURNING id`,
        [proposalId, now],
      ),
    );
    if (approved.length === 0) return [];
    return this.transactions.query(`SELECT ${COLUMNS} FROM person_outcome o WHERE o.id = ANY ($1::uuid[]) ORDER BY o.person`, [
      approved.map((row) => row.id),
    ]);
  }

  /** The approved outcomes of the bulletin, and those of the proposal still pending (if any), oldest first. */
  ofBulletin(bulletinId: string, pendingProposalId: string | null): Promise<PersonOutcomeRow[]> {
    return this.transactions.query(
      `SELECT ${COLUMNS} FROM person_outcome o
       WHERE o.bulletin_id = $1 AND (o.approved_at IS NOT NULL OR o.proposal_id = $2)
       ORDER BY o.recorded_at, o.person`,
      [bulletinId, pendingProposalId],
    );
  }

  /** Every tip that led to any approved person outcome of the bulletin. */
  async tipsOfBulletin(bulletinId: string): Promise<string[]> {
    const rows = await this.transactions.query(
      `SELECT DISTINCT ot.tip_id FROM person_outcome_tip ot JOIN person_outcome o ON o.id = ot.person_outcome_id
       WHERE o.bulletin_id = $1 AND o.approved_at IS NOT NULL`,
      [bulletinId],
    );
    return rows.map((row: { tip_id: string }) => row.tip_id);
  }
}
