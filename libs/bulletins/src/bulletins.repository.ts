import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Transactions } from '@mb/database';
import { BulletinStatus, LIVE_STATUSES } from '@mb/vocabulary';
import { ListBulletinsQuery } from './bulletin.dto';
import { Bulletin, type BulletinContent, BulletinVersion } from './bulletin.entity';
import { BULLETIN_KIND_REGISTRY, detailsOf } from './kinds/kind-registry';
import { type BulletinKind } from '@mb/vocabulary';

/** What lists and reports filter and count by, kept on the bulletin row from its current version. */
function indexedFacts(kind: BulletinKind, content: BulletinContent): Pick<Bulletin, 'caseNumber' | 'personCount'> {
  const descriptor = BULLETIN_KIND_REGISTRY[kind];
  const details = detailsOf(kind, content);
  return { caseNumber: descriptor.caseNumber(details), personCount: descriptor.persons(details).length };
}

export type NewBulletin = Pick<
  Bulletin,
  'kind' | 'status' | 'issuerUnitId' | 'priority' | 'title' | 'validFrom' | 'validUntil' | 'target' | 'onExpiry'
>;

@Injectable()
export class BulletinsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Bulletin | null> {
    return manager.findOneBy(Bulletin, { id });
  }

  /**
   * Reads the bulletin row and locks it until the surrounding transaction ends. FOR NO KEY UPDATE
   * serialises the bulletin's transitions yet lets rows that only refer to it (a tip's assignment,
   * a delivery) be written meanwhile, so a transition waiting on those rows cannot deadlock them.
   */
  lockById(manager: EntityManager, id: string): Promise<Bulletin | null> {
    return manager.createQueryBuilder(Bulletin, 'b').setLock('for_no_key_update').where('b.id = :id', { id }).getOne();
  }

  /** A bulletin by its public number, the one its links carry. */
  findBySeq(seq: number): Promise<Bulletin | null> {
    return this.dataSource.manager.findOneBy(Bulletin, { seq });
  }

  /**
   * Bulletins the public has seen, most recently changed first: those in an `open` status, and
   * those in a `closed` one that changed since `closedSince`.
   */
  publicRecords(open: readonly BulletinStatus[], closed: readonly BulletinStatus[], closedSince: Date, limit: number): Promise<Bulletin[]> {
    return this.dataSource.manager
      .createQueryBuilder(Bulletin, 'b')
      .where('b.first_public_version IS NOT NULL')
      .andWhere('(b.status = ANY (:open) OR (b.status = ANY (:closed) AND b.updated_at >= :closedSince))', { open, closed, closedSince })
      .orderBy('b.updated_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  findVersion(bulletinId: string, version: number): Promise<BulletinVersion | null> {
    return this.dataSource.manager.findOneBy(BulletinVersion, { bulletinId, version });
  }

  listVersions(bulletinId: string): Promise<BulletinVersion[]> {
    return this.dataSource.manager.find(BulletinVersion, { where: { bulletinId }, order: { version: 'ASC' } });
  }

  list(query: ListBulletinsQuery, authorId: string | undefined): Promise<Bulletin[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Bulletin, 'b')
      .orderBy('b.created_at', query.order === 'oldest' ? 'ASC' : 'DESC')
      .take(200);
    if (query.kind) builder.andWhere('b.kind = :kind', { kind: query.kind });
    if (query.status) builder.andWhere('b.status::text = ANY(:statuses)', { statuses: query.status.split(',') });
    if (query.q) builder.andWhere(`b.title ILIKE :title ESCAPE '\\'`, { title: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (query.issuerUnitId) builder.andWhere('b.issuer_unit_id = :issuer', { issuer: query.issuerUnitId });
    if (query.createdFrom) builder.andWhere('b.created_at >= :from', { from: query.createdFrom });
    if (query.createdTo) builder.andWhere('b.created_at <= :to', { to: query.createdTo });
    if (query.mine === 'true') builder.andWhere('b.created_by = :author', { author: authorId ?? null });
    if (query.caseNumber) builder.andWhere('b.case_number = :caseNumber', { caseNumber: query.caseNumber });
    return builder.getMany();
  }

  /** A bulletin and its first version, together or not at all. */
  createWithFirstVersion(bulletin: NewBulletin, content: BulletinContent, authorId: string | null): Promise<Bulletin> {
    return this.transactions.run(async (manager) => {
      const created = await manager.save(
        Bulletin,
        manager.create(Bulletin, { ...bulletin, ...indexedFacts(bulletin.kind, content), currentVersion: 1, createdBy: authorId }),
      );
      await this.insertVersion(manager, created.id, 1, content, authorId);
      return (await manager.findOneBy(Bulletin, { id: created.id })) as Bulletin;
    });
  }

  /** Adds the next version and points the bulletin at it; the version key forbids two writers taking one number. */
  async addVersion(
    manager: EntityManager,
    bulletin: Bulletin,
    content: BulletinContent,
    changes: Partial<NewBulletin>,
    authorId: string | null,
  ): Promise<number> {
    const version = bulletin.currentVersion + 1;
    await this.insertVersion(manager, bulletin.id, version, content, authorId);
    await manager.update(Bulletin, { id: bulletin.id }, { ...changes, ...indexedFacts(bulletin.kind, content), currentVersion: version });
    return version;
  }

  private async insertVersion(
    manager: EntityManager,
    bulletinId: string,
    version: number,
    content: BulletinContent,
    authorId: string | null,
  ) {
    // The content is a JSON document; TypeORM's deep-partial type cannot follow its open set of kind fields.
    await manager.insert(BulletinVersion, { bulletinId, version, content: content as object, createdBy: authorId });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.run(work);
  }

  /** Everyone who wrote a version of the bulletin: none of them may approve it. */
  async authorIds(bulletinId: string): Promise<string[]> {
    const rows: Array<{ created_by: string }> = await this.transactions.manager().query(
      `SELECT DISTINCT created_by FROM bulletin_version WHERE bulletin_id = $1 AND created_by IS NOT NULL
       UNION SELECT created_by FROM bulletin WHERE id = $1 AND created_by IS NOT NULL`,
      [bulletinId],
    );
    return rows.map((row) => row.created_by);
  }

  /** Live bulletins whose validity has ended, oldest end first. */
  pastValidity(now: Date, limit: number): Promise<Array<{ id: string }>> {
    return this.dataSource.query(
      `SELECT id FROM bulletin WHERE status = ANY ($3::bulletin_status[]) AND valid_until <= $1 ORDER BY valid_until LIMIT $2`,
      [now, limit, LIVE_STATUSES],
    );
  }

  /** Scheduled bulletins whose time has come, earliest first. */
  dueToPublish(now: Date, limit: number): Promise<Array<{ id: string }>> {
    return this.dataSource.query(`SELECT id FROM bulletin WHERE status = $3 AND publish_at <= $1 ORDER BY publish_at LIMIT $2`, [
      now,
      limit,
      BulletinStatus.Scheduled,
    ]);
  }

  /** Records when the bulletin went out (publish) or is to go out (schedule). */
  async setPublishTimes(
    manager: EntityManager,
    id: string,
    times: { publishedAt?: Date; publishAt?: Date; firstPublicVersion?: number; withdrawnAt?: Date },
  ): Promise<void> {
    await manager.update(Bulletin, { id }, times);
  }
}
