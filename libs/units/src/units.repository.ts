import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Transactions } from '@mb/database';
import { ListUnitsQuery } from './unit.dto';
import { Unit, UnitLevel } from './unit.entity';

export type NewUnit = Pick<Unit, 'code' | 'name' | 'level' | 'parentId' | 'path' | 'latitude' | 'longitude'>;

@Injectable()
export class UnitsRepository {
  constructor(
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    private readonly transactions: Transactions,
  ) {}

  /** A unit, only if it lies within `confinedTo` (a unit operator's subtree) when given. */
  findById(id: string, confinedTo: string | null = null): Promise<Unit | null> {
    const builder = this.units.createQueryBuilder('u').where('u.id = :id', { id });
    if (confinedTo) builder.andWhere('u.path LIKE :prefix', { prefix: `${confinedTo}%` });
    return builder.getOne();
  }

  findByIds(ids: string[]): Promise<Unit[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.units.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  /** Which of these ids name a unit. */
  async existingIds(ids: string[]): Promise<Set<string>> {
    return new Set((await this.findByIds(ids)).map((unit) => unit.id));
  }

  /** Every unit at or below the unit whose path is `rootPath`, in path order. */
  inSubtree(rootPath: string): Promise<Unit[]> {
    return this.units
      .createQueryBuilder('u')
      .where('u.path LIKE :prefix', { prefix: `${rootPath}%` })
      .orderBy('u.path')
      .getMany();
  }

  findByCodes(codes: string[]): Promise<Unit[]> {
    return codes.length === 0 ? Promise.resolve([]) : this.units.createQueryBuilder('u').where('u.code = ANY(:codes)', { codes }).getMany();
  }

  findByCode(code: string): Promise<Unit | null> {
    return this.units.findOneBy({ code });
  }

  async list(query: ListUnitsQuery, confinedTo: string | null = null): Promise<{ items: Unit[]; total: number }> {
    const builder = this.units.createQueryBuilder('u').orderBy('u.path').take(query.limit).skip(query.offset);
    if (confinedTo) builder.andWhere('u.path LIKE :confined', { confined: `${confinedTo}%` });
    if (query.parentId) builder.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    if (query.level) builder.andWhere('u.level = :level', { level: query.level });
    if (query.codePrefix) builder.andWhere('u.code LIKE :prefix', { prefix: `${query.codePrefix}%` });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }

  insert(unit: NewUnit): Promise<Unit> {
    const repository = this.transactions.manager().getRepository(Unit);
    return repository.save(repository.create(unit));
  }

  /**
   * Inserts many units, parents before children, one statement per level; each row names its
   * parent by code. Existing codes are left as they are, so a seed can run again.
   */
  async insertManyByCode(units: Array<Omit<NewUnit, 'parentId'> & { parentCode: string | null }>): Promise<void> {
    for (const level of Object.values(UnitLevel)) {
      const rows = units.filter((unit) => unit.level === level);
      if (rows.length === 0) continue;
      await this.units.query(
        `INSERT INTO unit (code, name, level, parent_id, path, latitude, longitude)
         SELECT t.code, t.name, t.level::unit_level, p.id, t.path, t.latitude, t.longitude
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
              AS t (code, name, level, parent_code, path, latitude, longitude)
         LEFT JOIN unit p ON p.code = t.parent_code
         ON CONFLICT (code) DO NOTHING`,
        [
          rows.map((row) => row.code),
          rows.map((row) => row.name),
          rows.map((row) => row.level),
          rows.map((row) => row.parentCode),
          rows.map((row) => row.path),
          rows.map((row) => row.latitude),
          rows.map((row) => row.longitude),
        ],
      );
    }
  }

  countByLevel(): Promise<Array<{ level: string; count: number }>> {
    return this.units
      .createQueryBuilder('u')
      .select('u.level', 'level')
      .addSelect('count(*)::int', 'count')
      .groupBy('u.level')
      .getRawMany();
  }
}
