import { Injectable } from '@nestjs/common';
import { TargetSpecDto } from '@mb/targeting';
import { BulletinContentDto, CreateBulletinDto, ListBulletinsQuery, ReviseBulletinDto } from './bulletin.dto';
import { Bulletin, BulletinContent, BulletinKind, BulletinPriority, BulletinStatus, BulletinVersion } from './bulletin.entity';
import { BulletinError, BulletinErrorCode } from './bulletins.error';
import { BulletinsRepository } from './bulletins.repository';

export interface BulletinView extends Bulletin {
  content: BulletinContent;
}

export function contentOf(input: BulletinContentDto): BulletinContent {
  return {
    title: input.title,
    body: input.body,
    images: input.images ?? [],
    ...(input.wanted ? { wanted: { ...input.wanted } } : {}),
    ...(input.missingPerson ? { missingPerson: { ...input.missingPerson } } : {}),
    ...(input.report ? { report: { ...input.report } } : {}),
  };
}

/** Missing minors and vulnerable people are urgent unless the editor says otherwise. */
function defaultPriority(input: CreateBulletinDto): BulletinPriority {
  const person = input.missingPerson?.person;
  const vulnerable = person !== undefined && (person.age < 18 || (person.vulnerabilities ?? []).length > 0);
  return input.kind === BulletinKind.MissingPerson && vulnerable ? BulletinPriority.Urgent : BulletinPriority.Normal;
}

@Injectable()
export class BulletinsService {
  constructor(private readonly bulletins: BulletinsRepository) {}

  /** A new bulletin is always a draft, at version 1. */
  async createDraft(input: CreateBulletinDto): Promise<BulletinView> {
    await this.checkUnits(input.issuerUnitId, input.target);
    const validFrom = input.validFrom ? new Date(input.validFrom) : null;
    const validUntil = input.validUntil ? new Date(input.validUntil) : null;
    if (validFrom && validUntil && validUntil <= validFrom) {
      throw new BulletinError(BulletinErrorCode.InvalidValidity, 'validUntil must be after validFrom', 'validUntil');
    }
    const bulletin = await this.bulletins.createWithFirstVersion(
      {
        kind: input.kind,
        status: BulletinStatus.Draft,
        issuerUnitId: input.issuerUnitId,
        priority: input.priority ?? defaultPriority(input),
        title: input.title,
        validFrom,
        validUntil,
        target: input.target,
      },
      contentOf(input),
    );
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
      await this.bulletins.addVersion(manager, bulletin, contentOf(input), {
        title: input.title,
        ...(input.target ? { target: input.target } : {}),
      });
    });
    return this.get(id);
  }

  async get(id: string): Promise<BulletinView> {
    const bulletin = await this.bulletins.findById(id);
    if (!bulletin) throw notFound(id);
    const version = (await this.bulletins.findVersion(id, bulletin.currentVersion)) as BulletinVersion;
    return { ...bulletin, content: version.content };
  }

  list(query: ListBulletinsQuery): Promise<Bulletin[]> {
    return this.bulletins.list(query);
  }

  async versions(id: string): Promise<BulletinVersion[]> {
    if (!(await this.bulletins.findById(id))) throw notFound(id);
    return this.bulletins.listVersions(id);
  }

  private async checkUnits(issuerUnitId: string | undefined, target: TargetSpecDto): Promise<void> {
    const wanted = [...(issuerUnitId ? [issuerUnitId] : []), ...target.unitIds, ...(target.excludeUnitIds ?? [])];
    const existing = await this.bulletins.existingUnitIds(wanted);
    if (issuerUnitId && !existing.has(issuerUnitId)) {
      throw new BulletinError(BulletinErrorCode.IssuerNotFound, `issuer unit ${issuerUnitId} does not exist`, 'issuerUnitId');
    }
    const missing = target.unitIds.findIndex((unitId) => !existing.has(unitId));
    if (missing >= 0) {
      throw new BulletinError(BulletinErrorCode.TargetUnitNotFound, `target unit ${target.unitIds[missing]} does not exist`, `target.unitIds.${missing}`);
    }
  }
}

function notFound(id: string): BulletinError {
  return new BulletinError(BulletinErrorCode.NotFound, `bulletin ${id} does not exist`, 'id');
}
