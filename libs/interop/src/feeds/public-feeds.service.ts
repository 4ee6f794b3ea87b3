import { Injectable } from '@nestjs/common';
import { type Bulletin, BulletinsRepository } from '@mb/bulletins';
import { Clock } from '@mb/common';
import { maskIdNumbersInText, publishedSummary } from '@mb/platforms';
import { type Unit, UnitsRepository } from '@mb/units';
import { BULLETIN_KIND_LABELS, BulletinStatus, LIVE_STATUSES } from '@mb/vocabulary';
import { CapAlerts } from '../cap/cap-alerts.service';
import { capTime } from '../cap/cap-mapping';
import { CAP_CONTENT_TYPE } from '../cap/cap-message';
import { InteropError, InteropErrorCode } from '../interop.error';
import { PublicBulletins } from '../public-bulletins.service';
import { resolvedBanner } from '../public-facts';
import { type AtomEntry, atomXml } from './atom';

/** A resolved or withdrawn bulletin stays in the alerts feed this long, so every poller sees its all-clear or Cancel. */
const CLOSED_LISTED_HOURS = 48;
const FEED_LIMIT = 500;
const PAGES_LIMIT = 100;

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The feeds aggregators and readers poll: CAP alerts in force (province or one unit's area) and the bulletins' public pages. */
@Injectable()
export class PublicFeeds {
  constructor(
    private readonly bulletins: BulletinsRepository,
    private readonly records: PublicBulletins,
    private readonly cap: CapAlerts,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The CAP alerts in force, newest first, as Atom: each bulletin's latest message. A withdrawn
   * bulletin appears only as its Cancel (and only for a while); with `unitCode`, only bulletins
   * whose target reaches into that unit's area.
   */
  async alerts(unitCode?: string): Promise<string> {
    const unit = unitCode === undefined ? null : await this.units.findByCode(unitCode);
    if (unitCode !== undefined && !unit) throw new InteropError(InteropErrorCode.UnknownUnit, 'no unit has this code', 'unitCode');
    const bulletins = await this.inForce(unit);
    const entries: AtomEntry[] = [];
    for (const bulletin of bulletins) {
      const record = this.records.fromRow(bulletin);
      const message = await this.cap.current(record);
      const version = message.msgType === 'Cancel' ? 'cancel' : bulletin.currentVersion;
      entries.push({
        id: `urn:cap:${message.sender}:${message.identifier}`,
        title: message.info?.headline ?? `【已撤回】${BULLETIN_KIND_LABELS[bulletin.kind]}`,
        updated: message.sent,
        author: message.info?.senderName ?? message.sender,
        summary: message.info ? cut(message.info.description, 280) : (message.note ?? ''),
        links: [
          { rel: 'alternate', type: CAP_CONTENT_TYPE, href: this.cap.capUrl(record.code, version) },
          ...(message.msgType === 'Cancel'
            ? []
            : [{ rel: 'related' as const, type: 'text/html', href: this.records.pageUrl(record.code) }]),
        ],
        categories: [message.msgType, ...(message.info ? [message.info.category] : [])],
      });
    }
    const path = unit ? `/feeds/units/${unit.code}/alerts.atom` : '/feeds/alerts.atom';
    return atomXml({
      id: this.records.url(path),
      title: `${unit?.name ?? '全省'}预警信息（CAP 1.2）`,
      subtitle: '通缉、寻人、征集线索通告，每条为一则 CAP 1.2 消息',
      updated: entries[0]?.updated ?? capTime(this.clock.now()),
      author: this.cap.sender,
      self: this.records.url(path),
      entries,
    });
  }

  /** The bulletins' public pages for people and media: live and resolved ones, never withdrawn. */
  async pages(): Promise<string> {
    const bulletins = await this.bulletins.publicRecords([...LIVE_STATUSES, BulletinStatus.Resolved], [], this.clock.now(), PAGES_LIMIT);
    const entries: AtomEntry[] = [];
    for (const bulletin of bulletins) {
      const record = this.records.fromRow(bulletin);
      const facts = await this.records.render(record);
      const banner = facts.resolution ? `【${resolvedBanner(facts.kind, facts.resolution.outcome)}】` : '';
      entries.push({
        id: this.records.pageUrl(record.code),
        title: `${banner}${BULLETIN_KIND_LABELS[bulletin.kind]}：${maskIdNumbersInText(facts.title)}`,
        updated: capTime(bulletin.updatedAt),
        published: bulletin.publishedAt ? capTime(bulletin.publishedAt) : undefined,
        author: facts.issuerName,
        summary: cut(publishedSummary(facts), 280),
        links: [{ rel: 'alternate', type: 'text/html', href: this.records.pageUrl(record.code) }],
        categories: [BULLETIN_KIND_LABELS[bulletin.kind]],
      });
    }
    return atomXml({
      id: this.records.url('/feeds/bulletins.atom'),
      title: '警方通告',
      subtitle: '通缉、寻人和征集线索通告的公开页面',
      updated: entries[0]?.updated ?? capTime(this.clock.now()),
      author: this.cap.sender,
      self: this.records.url('/feeds/bulletins.atom'),
      entries,
    });
  }

  private async inForce(unit: Unit | null): Promise<Bulletin[]> {
    const now = this.clock.now();
    const closedSince = new Date(now.getTime() - CLOSED_LISTED_HOURS * 3600_000);
    const rows = await this.bulletins.publicRecords(
      LIVE_STATUSES,
      [BulletinStatus.Resolved, BulletinStatus.Withdrawn],
      closedSince,
      FEED_LIMIT,
    );
    const current = rows.filter(
      (bulletin) => !LIVE_STATUSES.includes(bulletin.status) || !bulletin.validUntil || bulletin.validUntil > now,
    );
    if (!unit) return current;
    const targets = await this.units.findByIds([...new Set(current.flatMap((bulletin) => bulletin.target.unitIds))]);
    const pathOf = new Map(targets.map((target) => [target.id, target.path]));
    // A bulletin concerns a unit's area when it targets the unit, one above it, or one inside it.
    return current.filter((bulletin) =>
      bulletin.target.unitIds.some((id) => {
        const path = pathOf.get(id);
        return path !== undefined && (unit.path.startsWith(path) || path.startsWith(unit.path));
      }),
    );
  }
}
