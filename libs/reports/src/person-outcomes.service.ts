import { Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import {
  type Bulletin,
  type BulletinContent,
  BulletinProposalsService,
  BulletinsRepository,
  type PersonStatusRecord,
  personsOf,
  statusesNow,
} from '@mb/bulletins';
import { Clock, currentActorId } from '@mb/common';
import { Transactions } from '@mb/database';
import { type ApprovedUpdate, UpdateApprovedListener } from '@mb/dispatch';
import { TipsService } from '@mb/tips';
import { PERSON_STATUS_LABELS, PERSON_STATUSES_OF_KIND } from '@mb/vocabulary';
import { RecordPersonOutcomesDto } from './report.dto';
import { type NoticePerson, type PersonOutcomesRecorded } from './report.views';
import { PersonOutcomesRepository } from './person-outcomes.repository';
import { OutcomesRepository } from './outcomes.repository';
import { ReportError, ReportErrorCode } from './reports.error';

const seconds = (from: Date | null, to: Date | null) => (from && to ? Math.round((to.getTime() - from.getTime()) / 1000) : null);

/**
 * What became of each person a notice names. A unit records one or more at once; they go public
 * as one update ("已有7人投案，仍有4人在逃") once a second person approves it, and the update that
 * resolves the last person resolves the bulletin, with the tips of every person as its outcome's.
 */
@Injectable()
export class PersonOutcomesService extends UpdateApprovedListener {
  constructor(
    private readonly bulletins: BulletinsRepository,
    private readonly proposals: BulletinProposalsService,
    private readonly outcomes: PersonOutcomesRepository,
    private readonly caseOutcomes: OutcomesRepository,
    private readonly tips: TipsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async record(bulletinId: string, input: RecordPersonOutcomesDto): Promise<PersonOutcomesRecorded> {
    return this.transactions.run(async () => {
      const { bulletin, content } = await this.live(bulletinId);
      const named = personsOf(bulletin.kind, content);
      const kindStatuses = PERSON_STATUSES_OF_KIND[bulletin.kind];
      if (!kindStatuses || named.length === 0)
        throw new ReportError(ReportErrorCode.NoPersons, `a ${bulletin.kind} bulletin names no persons`, 'outcomes');
      const now = statusesNow(bulletin.kind, named.length, content.personStatuses);
      const seen = new Set<number>();
      input.outcomes.forEach((outcome, index) => {
        const field = (name: string) => `outcomes.${index}.${name}`;
        if (outcome.person >= named.length)
          throw invalid(`the notice names ${named.length} persons, numbered 0 to ${named.length - 1}`, field('person'));
        if (seen.has(outcome.person)) throw invalid('each person is recorded once per call', field('person'));
        seen.add(outcome.person);
        if (!kindStatuses.resolved.includes(outcome.status))
          throw invalid(`a person of this notice ends as one of ${kindStatuses.resolved.join(', ')}`, field('status'));
        if (now[outcome.person] !== kindStatuses.open)
          throw new ReportError(
            ReportErrorCode.PersonResolved,
            `${named[outcome.person].name} is already ${PERSON_STATUS_LABELS[now[outcome.person]]}`,
            field('person'),
          );
        if (new Date(outcome.occurredAt).getTime() > this.clock.now().getTime())
          throw invalid('an outcome cannot be in the future', field('occurredAt'));
      });
      const tipIds = input.outcomes.map((outcome) => [...new Set(outcome.contributingTipIds ?? [])]);
      await this.tips.assertCreditable(bulletinId, [...new Set(tipIds.flat())]);
      const records: PersonStatusRecord[] = [
        ...(content.personStatuses ?? []),
        ...input.outcomes.map((outcome) => ({
          person: outcome.person,
          status: outcome.status,
          at: new Date(outcome.occurredAt).toISOString(),
          ...(outcome.place ? { place: outcome.place } : {}),
        })),
      ];
      const proposal = await this.proposals.proposeUpdate(bulletinId, content, bulletin.kind, records);
      await this.outcomes.insertPending(
        bulletinId,
        proposal.id,
        input.outcomes.map((outcome, index) => ({
          person: outcome.person,
          status: outcome.status,
          occurredAt: outcome.occurredAt,
          place: outcome.place ?? null,
          contributingTipIds: tipIds[index],
        })),
        currentActorId(),
        this.clock.now(),
      );
      await this.audit.record({
        action: 'bulletin.person_outcomes_recorded',
        entityType: 'bulletin',
        entityId: bulletinId,
        after: {
          proposalId: proposal.id,
          outcomes: input.outcomes.map((outcome, index) => ({ ...outcome, contributingTipIds: tipIds[index] })),
        },
      });
      return { proposal, persons: await this.persons(bulletinId) };
    });
  }

  /** Each person the live version names: their status now, and an outcome waiting for approval. */
  async persons(bulletinId: string): Promise<NoticePerson[]> {
    const { bulletin, content } = await this.live(bulletinId);
    const named = personsOf(bulletin.kind, content);
    const pending = (await this.proposals.list(bulletinId)).find((proposal) => proposal.status === 'pending');
    const rows = await this.outcomes.ofBulletin(bulletinId, pending?.id ?? null);
    const statuses = statusesNow(bulletin.kind, named.length, content.personStatuses);
    return named.map((person, index) => {
      const approved = rows.find((row) => row.person === index && row.approvedAt);
      const waiting = rows.find((row) => row.person === index && !row.approvedAt);
      return {
        person: index,
        name: person.name,
        status: statuses[index],
        occurredAt: approved?.occurredAt ?? null,
        place: approved?.place ?? null,
        contributingTipIds: approved?.contributingTipIds ?? [],
        secondsToResolution: approved ? seconds(bulletin.publishedAt, new Date(approved.occurredAt)) : null,
        pending: waiting ? { status: waiting.status, occurredAt: waiting.occurredAt, proposalId: waiting.proposalId } : null,
      };
    });
  }

  /** In the approval's transaction: the outcomes become final, their tips are credited, and a resolved notice gets its case outcome. */
  async approved(update: ApprovedUpdate): Promise<void> {
    const approved = await this.outcomes.approve(update.proposalId, this.clock.now());
    if (approved.length === 0) return;
    await this.tips.creditOutcome(update.bulletinId, [...new Set(approved.flatMap((row) => row.contributingTipIds))]);
    if (!update.resolvedAs) return;
    const tips = await this.outcomes.tipsOfBulletin(update.bulletinId);
    const last = approved.reduce((latest, row) => (new Date(row.occurredAt) > new Date(latest.occurredAt) ? row : latest));
    await this.caseOutcomes.insert(
      update.bulletinId,
      {
        outcome: update.resolvedAs,
        occurredAt: last.occurredAt,
        place: last.place,
        note: null,
        decisiveTipId: null,
        recordedBy: currentActorId(),
        recordedAt: this.clock.now(),
      },
      tips,
    );
  }

  private async live(bulletinId: string): Promise<{ bulletin: Bulletin; content: BulletinContent }> {
    const bulletin = await this.bulletins.findById(bulletinId);
    const version = bulletin && (await this.bulletins.findVersion(bulletinId, bulletin.currentVersion));
    if (!bulletin || !version) throw new ReportError(ReportErrorCode.BulletinNotFound, `no bulletin ${bulletinId}`, 'id');
    return { bulletin, content: version.content };
  }
}

function invalid(message: string, field: string): ReportError {
  return new ReportError(ReportErrorCode.InvalidPersonOutcome, message, field);
}
