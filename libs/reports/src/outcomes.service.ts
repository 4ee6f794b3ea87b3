import { Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { Clock, currentActorId } from '@mb/common';
import { PublishService } from '@mb/dispatch';
import { TipsService } from '@mb/tips';
import { OutcomesRepository } from './outcomes.repository';
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
    private readonly outcomes: OutcomesRepository,
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
      await this.tips.creditOutcome(bulletinId, contributing);
      await this.outcomes.insert(
        bulletinId,
        {
          outcome: input.outcome,
          occurredAt: input.occurredAt,
          place: input.place ?? null,
          note: input.note ?? null,
          decisiveTipId: input.decisiveTipId ?? null,
          recordedBy: currentActorId(),
          recordedAt: this.clock.now(),
        },
        contributing,
      );
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
