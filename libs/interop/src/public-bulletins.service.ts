import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Bulletin, type BulletinVersion, BulletinsRepository } from '@mb/bulletins';
import { AppConfig } from '@mb/config';
import { FanOutRepository, RenderableBulletins, TipLinks } from '@mb/dispatch';
import { type RenderableBulletin } from '@mb/platforms';
import { type Unit, UnitsRepository } from '@mb/units';

/** A bulletin the public has seen, found by the code in one of its links. */
export interface PublicBulletin {
  bulletin: Bulletin;
  /** The bulletin's own code (no account): its page, CAP and feed addresses use it. */
  code: string;
  /** The code as given: a page opened from an account's post keeps that account for the tips sent from it. */
  linkCode: string;
  /** The account that code names (0: the bulletin's own link). */
  accountSeq: number;
}

/** Where a bulletin is addressed: its targeted units and the rings around its point that are in force. */
export interface PublicArea {
  units: Unit[];
  circles: Array<{ latitude: number; longitude: number; radiusKm: number }>;
}

/** The public record of bulletins: which exist for the public, their public versions, what they cover. */
@Injectable()
export class PublicBulletins {
  private readonly base: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bulletins: BulletinsRepository,
    private readonly renderable: RenderableBulletins,
    private readonly fanOut: FanOutRepository,
    private readonly units: UnitsRepository,
    private readonly links: TipLinks,
    config: AppConfig,
  ) {
    this.base = config.publicBaseUrl.replace(/\/$/, '');
  }

  /** The bulletin a link's code names, or null when the code is not ours or the bulletin never went public. */
  async byCode(linkCode: string): Promise<PublicBulletin | null> {
    const decoded = this.links.decode(linkCode);
    if (!decoded) return null;
    const bulletin = await this.bulletins.findBySeq(decoded.bulletinSeq);
    if (!bulletin || bulletin.firstPublicVersion === null) return null;
    return { bulletin, code: this.links.code(bulletin.seq, 0), linkCode, accountSeq: decoded.accountSeq };
  }

  fromRow(bulletin: Bulletin): PublicBulletin {
    const code = this.links.code(bulletin.seq, 0);
    return { bulletin, code, linkCode: code, accountSeq: 0 };
  }

  /** One version as every platform renders it, with the tip link of the code the reader came by. */
  render(record: PublicBulletin, version = record.bulletin.currentVersion): Promise<RenderableBulletin> {
    return this.renderable.load(record.bulletin.id, version, this.links.links(record.bulletin.seq, record.accountSeq));
  }

  /** The versions the public saw, oldest first: from the one published to the current one. */
  async publicVersions(bulletin: Bulletin): Promise<BulletinVersion[]> {
    const all = await this.bulletins.listVersions(bulletin.id);
    return all.filter((version) => version.version >= (bulletin.firstPublicVersion ?? Infinity));
  }

  /** When the public received a version: the publishing time for the first, the approval for each later one. */
  sentAt(bulletin: Bulletin, version: BulletinVersion): Date {
    return version.version === bulletin.firstPublicVersion && bulletin.publishedAt ? bulletin.publishedAt : version.createdAt;
  }

  async area(bulletin: Bulletin): Promise<PublicArea> {
    const units = await this.units.findByIds(bulletin.target.unitIds);
    const rings = bulletin.target.rings;
    if (!rings) return { units, circles: [] };
    const widenedThrough = await this.fanOut.expandedThrough(this.dataSource.manager, bulletin.id);
    const circles = rings.steps
      .map((step, ring) => ({ step, ring }))
      .filter(({ step, ring }) => ring <= widenedThrough && !step.wholeTarget && step.radiusKm !== undefined)
      .map(({ step }) => ({ latitude: rings.latitude, longitude: rings.longitude, radiusKm: step.radiusKm as number }));
    return { units, circles };
  }

  pageUrl(code: string): string {
    return `${this.base}/b/${code}`;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Photos are shown only from this deployment's own address (the page's CSP allows no other). */
  isOwnImage(url: string): boolean {
    return url.startsWith(`${this.base}/`);
  }
}
