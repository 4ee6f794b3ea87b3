import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Transactions, updatedRows } from '@mb/database';
import { ResolutionOutcome } from '@mb/vocabulary';
import { type BulletinContent } from './bulletin.entity';

export const PROPOSAL_KINDS = ['update', 'resolution'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** What a resolution proposal carries: the outcome and its public note. */
export interface ProposedResolution {
  outcome: ResolutionOutcome;
  note: string;
}

export interface ProposalRow {
  id: string;
  bulletinId: string;
  kind: ProposalKind;
  baseVersion: number;
  content: BulletinContent | ProposedResolution;
  status: ProposalStatus;
  proposedBy: string | null;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

const COLUMNS = `id, bulletin_id AS "bulletinId", kind, base_version AS "baseVersion", content, status, proposed_by AS "proposedBy",
  proposed_at AS "proposedAt", decided_by AS "decidedBy", decided_at AS "decidedAt", reason`;

/** The proposals table: every statement that reads or writes it. */
@Injectable()
export class BulletinProposalsRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db(): EntityManager {
    return this.transactions.manager();
  }

  /**
   * The new pending proposal, or null when the bulletin already has one: the unique index on a
   * bulletin's pending proposal decides, under concurrency too (the id is random, so it is the only
   * conflict an insert can meet).
   */
  async insertPending(
    proposal: Pick<ProposalRow, 'bulletinId' | 'kind' | 'baseVersion' | 'content' | 'proposedBy' | 'proposedAt'>,
  ): Promise<ProposalRow | null> {
    const rows: ProposalRow[] = await this.db.query(
      `INSERT INTO bulletin_proposal (bulletin_id, kind, base_version, content, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [
        proposal.bulletinId,
        proposal.kind,
        proposal.baseVersion,
        JSON.stringify(proposal.content),
        proposal.proposedBy,
        proposal.proposedAt,
      ],
    );
    return rows[0] ?? null;
  }

  async find(bulletinId: string, id: string): Promise<ProposalRow | null> {
    const rows: ProposalRow[] = await this.db.query(`SELECT ${COLUMNS} FROM bulletin_proposal WHERE bulletin_id = $1 AND id = $2`, [
      bulletinId,
      id,
    ]);
    return rows[0] ?? null;
  }

  list(bulletinId: string): Promise<ProposalRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM bulletin_proposal WHERE bulletin_id = $1 ORDER BY proposed_at DESC`, [bulletinId]);
  }

  /** Every proposal still waiting for a second person, oldest first (a reviewer's queue). */
  pending(limit: number): Promise<ProposalRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM bulletin_proposal WHERE status = $1 ORDER BY proposed_at LIMIT $2`, ['pending', limit]);
  }

  /** Decides a pending proposal, once: null when it was no longer pending. */
  async decide(
    bulletinId: string,
    id: string,
    status: Exclude<ProposalStatus, 'pending'>,
    decidedBy: string | null,
    at: Date,
    reason: string | null,
  ): Promise<ProposalRow | null> {
    const rows = updatedRows<ProposalRow>(
      await this.db.query(
        `UPDATE bulletin_proposal SET status = $3, decided_by = $4, decided_at = $5, reason = $6 WHERE bulletin_id = $1 AND id = $2 AND status = $7 RETURNING ${COLUMNS}`,
        [bulletinId, id, status, decidedBy, at, reason, 'pending'],
      ),
    );
    return rows[0] ?? null;
  }

  /** A withdrawn, resolved or expired bulletin takes no more changes: what was pending is set aside. */
  async supersedePending(bulletinId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE bulletin_proposal SET status = $2, decided_at = $3 WHERE bulletin_id = $1 AND status = $4`, [
      bulletinId,
      'superseded',
      at,
      'pending',
    ]);
  }
}
