import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BULLETIN_KIND_REGISTRY, type BulletinContent, detailsOf } from '@mb/bulletins';
import { BulletinKind } from '@mb/vocabulary';
import { type RenderableBulletin } from '@mb/platforms';
import { type PublicLinks } from './tip-links';

type VersionFacts = Omit<RenderableBulletin, 'tipUrl' | 'pageUrl'>;

const CACHE_LIMIT = 200;

/**
 * A version's content never changes once written, so each worker reads it once and keeps it:
 * a fan-out to thousands of accounts reads the bulletin once, not once per account.
 */
@Injectable()
export class RenderableBulletins {
  private readonly cache = new Map<string, Promise<VersionFacts>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(bulletinId: string, version: number, links: PublicLinks): Promise<RenderableBulletin> {
    const key = `${bulletinId}:${version}`;
    let facts = this.cache.get(key);
    if (!facts) {
      facts = this.read(bulletinId, version);
      facts.catch(() => this.cache.delete(key));
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, facts);
    }
    return { ...(await facts), ...links };
  }

  private async read(bulletinId: string, version: number): Promise<VersionFacts> {
    const [row] = await this.dataSource.query(
      `SELECT b.kind, b.priority, v.content, u.name AS issuer_name
       FROM bulletin b JOIN bulletin_version v ON v.bulletin_id = b.id AND v.version = $2
       JOIN unit u ON u.id = b.issuer_unit_id WHERE b.id = $1`,
      [bulletinId, version],
    );
    const content = row.content as BulletinContent;
    return {
      bulletinId,
      version,
      kind: row.kind,
      priority: row.priority,
      title: content.title,
      body: content.body,
      images: content.images,
      issuerName: row.issuer_name,
      summary: BULLETIN_KIND_REGISTRY[row.kind as BulletinKind].summary(detailsOf(row.kind, content), content.personStatuses),
      details: detailsOf(row.kind, content),
      ...(content.resolution ? { resolution: content.resolution } : {}),
      ...(content.expiredAt ? { expired: true } : {}),
    };
  }
}
