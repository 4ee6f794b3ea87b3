import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '@mb/audit';
import { Clock, currentActorId, validationFailure } from '@mb/common';
import { ringStepsProblem, TargetSpecDto } from '@mb/targeting';
import { BulletinContentDto, CreateBulletinDto, ListBulletinsQuery, ReviseBulletinDto } from './bulletin.dto';
import { BulletinPriority, BulletinStatus } from '@mb/vocabulary';
import { Bulletin, type BulletinContent, BulletinVersion } from './bulletin.entity';
import { canBulletinTransition } from '@mb/vocabulary';
import { BulletinError, BulletinErrorCode } from './bulletins.error';
import { BULLETIN_KIND_REGISTRY } from './kinds/kind-registry';
import { BulletinsRepository } from './bulletins.repository';
import { type BulletinContentView, BulletinView } from './bulletin.views';
import { UnitsRepository } from '@mb/units';
import { AppConfig } from '@mb/config';
import { AttributionCodec } from '@mb/platforms';

export function contentOf(input: BulletinContentDto): BulletinContent {
  return {
    title: input.title,
    body: input.body,
    images: input.images ?? [],
    ...Object.fromEntries(
      Object.values(BULLETIN_KIND_REGISTRY)
        .filter(({ detailsField }) => input[detailsField] !== undefined)
        .map(({ detailsField }) => [detailsField, { ...(input[detailsField] as object) }]),
    ),
  };
}

/** The kind decides the default (missing minors and vulnerable people are urgent) unless the editor says otherwise. */
function defaultPriority(input: CreateBulletinDto): BulletinPriority {
  const descriptor = BULLETIN_KIND_REGISTRY[input.kind];
  return descriptor.priority(input[descriptor.detailsField] as object | undefined);
}

@Injectable()
export class BulletinsService {
  private readonly codes: AttributionCodec;
  private readonly publicBase: string;

  constructor(
    private readonly bulletins: BulletinsRepository,
    private readonly units: UnitsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.codes = new AttributionCodec(config.credentialsKey);
    this.publicBase = config.publicBaseUrl.replace(/\/$/, '');
  }

  /**
   * Moves a bulletin to another status under a row lock, checked against the one transition table,
   * with its audit row and any further work (delivery rows) in the same transaction.
   */
  async transition<T>(
    id: string,
    to: BulletinStatus,
    work: (manager: EntityManager, bulletin: Bulletin) => Promise<T>,
    extra: Record<string, unknown> | (() => Record<string, unknown>) = {},
  ): Promise<T> {
    return this.bulletins.transaction(async (manager) => {
      const bulletin = await this.bulletins.lockById(manager, id);
      if (!bulletin) throw notFound(id);
      if (!canBulletinTransition(bulletin.status, to)) {
        throw new BulletinError(BulletinErrorCode.InvalidTransition, `a ${bulletin.status} bulletin cannot become ${to}`, 'status');
      }
      await manager.query(`UPDATE bulletin SET status = $2, updated_at = $3 WHERE id = $1`, [id, to, this.clock.now()]);
      const result = await work(manager, bulletin);
      const [after] = await manager.query(`SELECT status, current_version FROM bulletin WHERE id = $1`, [id]);
      await this.audit.record({
        action: `bulletin.${to}`,
        entityType: 'bulletin',
        entityId: id,
        before: { status: bulletin.status, currentVersion: bulletin.currentVersion },
        // Details the work learnt (e.g. the fields an update changed) may be given as a function, read after it.
        after: { status: after.status, currentVersion: after.current_version, ...(typeof extra === 'function' ? extra() : extra) },
      });
      return result;
    });
  }

  /** An editor sends the draft to review. */
  submit(id: string): Promise<BulletinView> {
    return this.transition(id, BulletinStatus.PendingReview, async (manager) => {
      await manager.query(`UPDATE bulletin SET review_note = NULL WHERE id = $1`, [id]);
    }).then(() => this.get(id));
  }

  /** A reviewer sends it back to its editor, saying why. */
  reject(id: string, reason: string): Promise<BulletinView> {
    return this.transition(
      id,
      BulletinStatus.Draft,
      async (manager, bulletin) => {
        await this.assertNotAuthor(bulletin);
        await manager.query(`UPDATE bulletin SET review_note = $2 WHERE id = $1`, [id, reason]);
      },
      { reviewNote: reason },
    ).then(() => this.get(id));
  }

  /** Four eyes: whoever wrote or edited any version may not approve it. */
  approve(id: string): Promise<BulletinView> {
    return this.transition(id, BulletinStatus.Approved, async (manager, bulletin) => {
      await this.assertNotAuthor(bulletin);
      await manager.query(`UPDATE bulletin SET approved_by = $2 WHERE id = $1`, [id, currentActorId()]);
    }).then(() => this.get(id));
  }

  private async assertNotAuthor(bulletin: Bulletin): Promise<void> {
    const reviewer = currentActorId();
    if (reviewer && (await this.bulletins.authorIds(bulletin.id)).includes(reviewer)) {
      throw new BulletinError(BulletinErrorCode.OwnBulletin, 'a reviewer may not review a bulletin they wrote or edited', 'id');
    }
  }

  /** A new bulletin is always a draft, at version 1. */
  async createDraft(input: CreateBulletinDto): Promise<BulletinView> {
    await this.checkUnits(input.issuerUnitId, input.target);
    const validFrom = input.validFrom ? new Date(input.validFrom) : null;
    const validUntil = input.validUntil ? new Date(input.validUntil) : null;
    if (validFrom && validUntil && validUntil <= validFrom) {
      throw new BulletinError(BulletinErrorCode.InvalidValidity, 'validUntil must be after validFrom', 'validUntil');
    }
    const bulletin = await this.bulletins.transaction(async () => {
      const created = await this.bulletins.createWithFirstVersion(
        {
          kind: input.kind,
          status: BulletinStatus.Draft,
          issuerUnitId: input.issuerUnitId,
          priority: input.priority ?? defaultPriority(input),
          title: input.title,
          validFrom,
          validUntil,
          target: input.target,
          onExpiry: input.onExpiry ?? 'mark',
        },
        contentOf(input),
        currentActorId(),
      );
      await this.audit.record({
        action: 'bulletin.created',
        entityType: 'bulletin',
        entityId: created.id,
        after: { status: created.status, kind: created.kind, title: created.title, currentVersion: 1 },
      });
      return created;
    });
    return this.get(bulletin.id);
  }

  /** Each change of a draft's content is kept as a new version. */
  async revise(id: string, input: ReviseBulletinDto): Promise<BulletinView> {
    if (input.target) await this.checkUnits(undefined, input.target);
    await this.bulletins.transaction(async (manager) => {
      const bulletin = await this.bulletins.lockById(manager, id);
      if (!bulletin) throw notFound(id);
      if (bulletin.kind !== input.kind) {
        throw new BulletinError(BulletinErrorCode.KindChanged, `a ${bulletin.kind} bulletin cannot become ${input.kind}`, 'kind');
      }
      if (bulletin.status !== BulletinStatus.Draft) {
        throw new BulletinError(BulletinErrorCode.NotEditable, `only drafts can be revised; this bulletin is ${bulletin.status}`, 'status');
      }
      const version = await this.bulletins.addVersion(
        manager,
        bulletin,
        contentOf(input),
        {
          title: input.title,
          ...(input.target ? { target: input.target } : {}),
        },
        currentActorId(),
      );
      await this.audit.record({
        action: 'bulletin.revised',
        entityType: 'bulletin',
        entityId: id,
        before: { currentVersion: bulletin.currentVersion, title: bulletin.title },
        after: { currentVersion: version, title: input.title },
      });
    });
    return this.get(id);
  }

  async get(id: string): Promise<BulletinView> {
    const bulletin = await this.bulletins.findById(id);
    if (!bulletin) throw notFound(id);
    const version = (await this.bulletins.findVersion(id, bulletin.currentVersion)) as BulletinVersion;
    // The code with no account is the bulletin's own (account links carry theirs).
    const publicCode = bulletin.firstPublicVersion === null ? null : this.codes.encode(bulletin.seq, 0);
    return {
      ...bulletin,
      content: version.content as BulletinContentView,
      publicCode,
      publicUrl: publicCode && `${this.publicBase}/b/${publicCode}`,
    };
  }

  list(query: ListBulletinsQuery): Promise<Bulletin[]> {
    return this.bulletins.list(query, currentActorId() ?? undefined);
  }

  async versions(id: string): Promise<BulletinVersion[]> {
    if (!(await this.bulletins.findById(id))) throw notFound(id);
    return this.bulletins.listVersions(id);
  }

  private async checkUnits(issuerUnitId: string | undefined, target: TargetSpecDto): Promise<void> {
    const ringProblem = ringStepsProblem(target.rings);
    if (ringProblem) throw validationFailure([ringProblem]);
    const wanted = [...(issuerUnitId ? [issuerUnitId] : []), ...target.unitIds, ...(target.excludeUnitIds ?? [])];
    const existing = await this.units.existingIds(wanted);
    if (issuerUnitId && !existing.has(issuerUnitId)) {
      throw new BulletinError(BulletinErrorCode.IssuerNotFound, `issuer unit ${issuerUnitId} does not exist`, 'issuerUnitId');
    }
    const missing = target.unitIds.findIndex((unitId) => !existing.has(unitId));
    if (missing >= 0) {
      throw new BulletinError(
        BulletinErrorCode.TargetUnitNotFound,
        `target unit ${target.unitIds[missing]} does not exist`,
        `target.unitIds.${missing}`,
      );
    }
  }
}

function notFound(id: string): BulletinError {
  return new BulletinError(BulletinErrorCode.NotFound, `bulletin ${id} does not exist`, 'id');
}
