import { Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { confinedUnitPath } from '@mb/common';
import { Transactions } from '@mb/database';
import { CreateUnitDto, ListUnitsQuery, ReviewSettingsDto } from './unit.dto';
import { CHILD_LEVEL, Unit, UnitLevel } from './unit.entity';
import { UnitError, UnitErrorCode } from './units.error';
import { UnitsRepository } from './units.repository';

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** Unit operators see their own subtree only; any other unit is "not found" to them. */
  async get(id: string): Promise<Unit> {
    const unit = await this.units.findById(id, confinedUnitPath());
    if (!unit) throw new UnitError(UnitErrorCode.NotFound, `unit ${id} does not exist`, 'id');
    return unit;
  }

  list(query: ListUnitsQuery) {
    return this.units.list(query, confinedUnitPath());
  }

  async setReviewSettings(id: string, settings: ReviewSettingsDto): Promise<Unit> {
    const unit = await this.get(id);
    return this.transactions.run(async (manager) => {
      await manager.update(Unit, { id }, settings);
      const after = (await manager.findOneBy(Unit, { id })) as Unit;
      await this.audit.record({ action: 'unit.review_settings', entityType: 'unit', entityId: id, before: unit, after });
      return after;
    });
  }

  /** Places a unit under its parent; the level must be the one directly below the parent's. */
  async register(input: CreateUnitDto): Promise<Unit> {
    const parent = await this.parentFor(input);
    if (await this.units.findByCode(input.code)) {
      throw new UnitError(UnitErrorCode.CodeTaken, `unit code ${input.code} is already registered`, 'code');
    }
    return this.transactions.run(async () => {
      const unit = await this.units.insert({
        code: input.code,
        name: input.name,
        level: input.level,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${input.code}/`,
        latitude: input.latitude,
        longitude: input.longitude,
      });
      await this.audit.record({ action: 'unit.created', entityType: 'unit', entityId: unit.id, after: unit });
      return unit;
    });
  }

  private async parentFor(input: CreateUnitDto): Promise<Unit | null> {
    if (input.level === UnitLevel.Province) {
      if (input.parentId) throw new UnitError(UnitErrorCode.WrongLevel, 'a province has no parent', 'parentId');
      return null;
    }
    if (!input.parentId) throw new UnitError(UnitErrorCode.ParentNotFound, 'parentId is required below the province', 'parentId');
    const parent = await this.units.findById(input.parentId);
    if (!parent) throw new UnitError(UnitErrorCode.ParentNotFound, `parent unit ${input.parentId} does not exist`, 'parentId');
    if (CHILD_LEVEL[parent.level] !== input.level) {
      throw new UnitError(
        UnitErrorCode.WrongLevel,
        `a ${parent.level} can only contain units of level ${CHILD_LEVEL[parent.level]}`,
        'level',
      );
    }
    return parent;
  }
}
