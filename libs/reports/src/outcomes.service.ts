import { Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { Clock, currentActorId } from '@mb/common';
import { Transactions } from '@mb/database';
import { PublishService } from '@mb/dispatch';
import { TipsService } from '@mb/tips';
import { RecordOutcomeDto } from './report.dto';
import { ReportError, ReportErrorCode } from './reports.error';

/**
 * The end of a case: what happened, and which tips led there. Recording it resolves the bulletin
 * in the same transaction, so every live post then says the case is solved.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly publishing: PublishService,
    private readonly tips: TipsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(bulletinId: string, input: RecordOutcomeDto) {
    const contributing = [...new Set(input.contributingTipIds ?? [])];
    if (input.decisiveTipId && !contributing.includes(input.decisiveTipId)) {
      throw new ReportError(
        ReportErrorCode.DecisiveNotContributing,
        'the decisive tip must be one of the contributing tips',
        'decisiveTipId',
      );
    }
    // The outcome's note stays in the record; a public note goes through POST /bulletins/:id/resolve and a second person.
    return this.publishing.resolveWithOutcome(bulletinId, input.outcome, async () => {
      const manager = this.transactions.manager();
      await this.tips.creditOutcome(bulletinId, contributing);
      await manager.query(
        `INSERT INTO bulletin_outcome (bulletin_id, outcome, occurred_at, place, note, decisive_tip_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          bulletinId,
          input.outcome,
          input.occurredAt,
          input.place ?? null,
          input.note ?? null,
          input.decisiveTipId ?? null,
          currentActorId(),
          this.clock.now(),
        ],
      );
      await manager.query(`INSERT INTO outcome_tip (bulletin_id, tip_id) SELECT $1, unnest($2::uuid[])`, [bulletinId, contributing]);
      await this.audit.record({
        action: 'bulletin.outcome_recorded',
        entityType: 'bulletin',
        entityId: bulletinId,
        after: {
          outcome: input.outcome,
          occurredAt: input.occurredAt,
          place: input.place ?? null,
          contributingTipIds: contributing,
          decisiveTipId: input.decisiveTipId ?? null,
        },
      });
    });
  }
}
