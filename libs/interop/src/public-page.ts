import { Injectable } from '@nestjs/common';
import { BULLETIN_KIND_REGISTRY, beijingTime } from '@mb/bulletins';
import { maskIdNumbersInText, publishedBody, publishedSummary } from '@mb/platforms';
import { BULLETIN_KIND_LABELS, BulletinStatus, LIVE_STATUSES } from '@mb/vocabulary';
import { CapAlerts } from './cap/cap-alerts.service';
import { PublicBulletins } from './public-bulletins.service';
import { type PublicFacts, publicFactsOf, resolvedBanner } from './public-facts';

export interface ShownBulletinPage {
  state: 'shown';
  code: string;
  linkCode: string;
  /** Changes whenever what the page shows changes (for ETag and caches). */
  revision: string;
  kindLabel: string;
  title: string;
  summary: string;
  body: string;
  banner: { text: string; tone: 'resolved' | 'expired' } | null;
  photos: string[];
  facts: PublicFacts;
  issuerName: string;
  publishedAt: string | null;
  openForTips: boolean;
  asksForLocation: boolean;
  pageUrl: string;
  capUrl: string;
}

export interface WithdrawnBulletinPage {
  state: 'withdrawn';
  code: string;
  revision: string;
  pageUrl: string;
}

export type BulletinPage = ShownBulletinPage | WithdrawnBulletinPage;

/** What the public page of a bulletin shows: its current version for the public, or only that it was withdrawn. */
@Injectable()
export class BulletinPages {
  constructor(
    private readonly records: PublicBulletins,
    private readonly cap: CapAlerts,
  ) {}

  /** Null when the code is not one of ours or the bulletin never went public. */
  async page(linkCode: string): Promise<BulletinPage | null> {
    const record = await this.records.byCode(linkCode);
    if (!record) return null;
    const { bulletin } = record;
    const revision = `${bulletin.seq}-${bulletin.currentVersion}-${bulletin.status}-${bulletin.updatedAt.getTime()}`;
    const pageUrl = this.records.pageUrl(record.code);
    if (bulletin.status === BulletinStatus.Withdrawn) return { state: 'withdrawn', code: record.code, revision, pageUrl };
    const facts = await this.records.render(record);
    const publicFacts = publicFactsOf(facts);
    const banner = facts.resolution
      ? { text: resolvedBanner(facts.kind, facts.resolution.outcome), tone: 'resolved' as const }
      : facts.expired || bulletin.status === BulletinStatus.Expired
        ? { text: '已过期', tone: 'expired' as const }
        : null;
    return {
      state: 'shown',
      code: record.code,
      linkCode,
      revision,
      kindLabel: BULLETIN_KIND_LABELS[facts.kind],
      title: maskIdNumbersInText(facts.title),
      // The resolution line is the banner's; the summary is the kind's own facts.
      summary: maskIdNumbersInText(publishedSummary({ ...facts, resolution: undefined, expired: undefined })),
      body: publishedBody(facts),
      banner,
      photos: publicFacts.photos.filter((photo) => this.records.isOwnImage(photo)),
      facts: publicFacts,
      issuerName: facts.issuerName,
      publishedAt: bulletin.publishedAt ? beijingTime(bulletin.publishedAt.toISOString()) : null,
      openForTips: LIVE_STATUSES.includes(bulletin.status),
      asksForLocation: BULLETIN_KIND_REGISTRY[facts.kind].tipsGoTo === 'place_of_tip',
      pageUrl,
      capUrl: this.cap.capUrl(record.code, 'current'),
    };
  }
}
