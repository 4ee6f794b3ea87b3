import { Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { Clock, currentActorId } from '@mb/common';
import { ResolutionOutcome, LIVE_STATUSES } from '@mb/vocabulary';
import { type BulletinContent } from './bulletin.entity';
import type { PersonStatusRecord } from './kinds/kind-descriptor';

import { type ProposalRow, BulletinProposalsRepository, type ProposedResolution } from './bulletin-proposals.repository';
import { BulletinError, BulletinErrorCode } from './bulletins.error';
import { BulletinsRepository } from './bulletins.repository';
import { type ContentChange, contentChanges } from './content-diff';
import { ProposalView } from './bulletin.views';

const LIVE = new Set(LIVE_STATUSES);
/** More than a reviewer works through at a sitting; the queue shows the oldest. */
const PENDING_SHOWN = 200;

/**
 * Four eyes after the first publish: an update of a live bulletin, or a resolution with a public
 * note, is proposed by one person and goes public only when a second approves it (PublishService
 * applies it then). Proposing, rejecting and setting aside happen here.
 */
@Injectable()
export class BulletinProposalsService {
  constructor(
    private readonly proposals: BulletinProposalsRepository,
    private readonly bulletins: BulletinsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * An editor's new version. The persons' statuses are the engine's record, not the editor's
   * writing: they carry over from the live version unless the engine itself proposes new ones.
   */
  proposeUpdate(bulletinId: string, content: BulletinContent, kind: string, personStatuses?: PersonStatusRecord[]): Promise<ProposalView> {
    return this.propose(bulletinId, 'update', async (live) => {
      if (live.kind !== kind)
        throw new BulletinError(BulletinErrorCode.KindChanged, `a ${live.kind} bulletin cannot become ${kind}`, 'kind');
      const statuses = personStatuses ?? (await this.bulletins.findVersion(bulletinId, live.currentVersion))?.content.personStatuses;
      const { personStatuses: _editorsOwn, ...written } = content;
      return statuses?.length ? { ...written, personStatuses: statuses } : written;
    });
  }

  proposeResolution(bulletinId: string, outcome: ResolutionOutcome, note: string): Promise<ProposalView> {
    return this.propose(bulletinId, 'resolution', () => ({ outcome, note }));
  }

  async list(bulletinId: string): Promise<ProposalView[]> {
    const bulletin = await this.bulletins.findById(bulletinId);
    if (!bulletin) throw notFound(bulletinId);
    const rows = await this.proposals.list(bulletinId);
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** What waits for a second reviewer across all bulletins, oldest first, each with its diff. */
  async pending(): Promise<ProposalView[]> {
    const rows = await this.proposals.pending(PENDING_SHOWN);
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** One proposal of the bulletin, as stored. */
  async find(bulletinId: string, proposalId: string): Promise<ProposalRow> {
    const proposal = await this.proposals.find(bulletinId, proposalId);
    if (!proposal) throw new BulletinError(BulletinErrorCode.ProposalNotFound, `no proposal ${proposalId} on this bulletin`, 'proposalId');
    return proposal;
  }

  /** The proposal a second person may approve now, marked approved in the caller's transaction (the bulletin row is locked there). */
  async takeForApproval(bulletinId: string, proposalId: string): Promise<ProposalRow> {
    const proposal = await this.find(bulletinId, proposalId);
    this.assertSecondPerson(proposal);
    const decided = await this.proposals.decide(bulletinId, proposalId, 'approved', currentActorId(), this.clock.now(), null);
    if (!decided) throw new BulletinError(BulletinErrorCode.ProposalDecided, `this proposal is already ${proposal.status}`, 'proposalId');
    return decided;
  }

  async reject(bulletinId: string, proposalId: string, reason: string): Promise<ProposalView> {
    return this.bulletins.transaction(async () => {
      const proposal = await this.find(bulletinId, proposalId);
      this.assertSecondPerson(proposal);
      const decided = await this.proposals.decide(bulletinId, proposalId, 'rejected', currentActorId(), this.clock.now(), reason);
      if (!decided) throw new BulletinError(BulletinErrorCode.ProposalDecided, `this proposal is already ${proposal.status}`, 'proposalId');
      await this.audit.record({
        action: `bulletin.${proposal.kind}_rejected`,
        entityType: 'bulletin',
        entityId: bulletinId,
        after: { proposalId, reason },
      });
      return this.view(decided);
    });
  }

  /** Called where a bulletin stops being live, in that transaction. */
  supersedePending(bulletinId: string): Promise<void> {
    return this.proposals.supersedePending(bulletinId, this.clock.now());
  }

  /** The changed fields of an update against the version it was proposed on, for the audit row. */
  async changesOf(proposal: ProposalRow): Promise<ContentChange[]> {
    return (await this.view(proposal)).changes;
  }

  private async propose(
    bulletinId: string,
    kind: ProposalRow['kind'],
    contentFor: (live: { kind: string; currentVersion: number }) => BulletinContent | ProposedResolution | Promise<BulletinContent>,
  ): Promise<ProposalView> {
    return this.bulletins.transaction(async (manager) => {
      const live = await this.bulletins.lockById(manager, bulletinId);
      if (!live) throw notFound(bulletinId);
      if (!LIVE.has(live.status))
        throw new BulletinError(
          BulletinErrorCode.InvalidTransition,
          `only a live bulletin takes updates; this one is ${live.status}`,
          'status',
        );
      const content = await contentFor(live);
      const stored = await this.proposals.insertPending({
        bulletinId,
        kind,
        baseVersion: live.currentVersion,
        content,
        proposedBy: currentActorId(),
        proposedAt: this.clock.now(),
      });
      if (!stored)
        throw new BulletinError(
          BulletinErrorCode.ProposalPending,
          'this bulletin already has a change waiting for approval: approve or reject it first',
          'id',
        );
      const view = await this.view(stored);
      await this.audit.record({
        action: `bulletin.${kind}_proposed`,
        entityType: 'bulletin',
        entityId: bulletinId,
        after: { proposalId: stored.id, baseVersion: stored.baseVersion, changedFields: view.changes.map((change) => change.field) },
      });
      return view;
    });
  }

  private assertSecondPerson(proposal: ProposalRow): void {
    const decider = currentActorId();
    if (decider && decider === proposal.proposedBy) {
      throw new BulletinError(
        BulletinErrorCode.OwnBulletin,
        'a change must be approved or rejected by someone other than its author',
        'proposalId',
      );
    }
  }

  private async view(row: ProposalRow): Promise<ProposalView> {
    const base = await this.bulletins.findVersion(row.bulletinId, row.baseVersion);
    const before = row.kind === 'update' ? base?.content : { outcome: null, note: null };
    return { ...row, content: row.content as ProposalView['content'], changes: contentChanges(before ?? {}, row.content) };
  }
}

function notFound(id: string): BulletinError {
  return new BulletinError(BulletinErrorCode.NotFound, `bulletin ${id} does not exist`, 'id');
}
