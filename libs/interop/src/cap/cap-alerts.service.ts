import { Injectable } from '@nestjs/common';
import { type Bulletin, type BulletinVersion } from '@mb/bulletins';
import { AppConfig } from '@mb/config';
import { maskIdNumbersInText, publishedBody, publishedSummary, type RenderableBulletin } from '@mb/platforms';
import { BulletinKind, BulletinStatus } from '@mb/vocabulary';
import { type PublicArea, type PublicBulletin, PublicBulletins } from '../public-bulletins.service';
import { publicFactsOf, resolvedBanner } from '../public-facts';
import { capClassification, capTime } from './cap-mapping';
import { InteropError, InteropErrorCode } from '../interop.error';
import { type CapInfo, type CapMessage, type CapReference, capXml } from './cap-message';

/** GB/T 2260 codes are six digits; units below a county (stations) carry codes of our own, not geocodes. */
const DIVISION_CODE = /^\d{6}$/;

const MIME_OF_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

function instructionOf(kind: BulletinKind, hotline: string | null, closed: boolean): string {
  if (closed) return '此通告已结束，感谢社会各界的关注和支持，无需再提供线索。';
  const call = hotline ? `拨打110或${hotline}` : '拨打110';
  switch (kind) {
    case BulletinKind.Wanted:
      return `如发现犯罪嫌疑人，请勿擅自抓捕，立即${call}；也可通过通告页面匿名提交线索。`;
    case BulletinKind.MissingPerson:
      return `如发现走失人员，请设法确保其安全并立即${call}；也可通过通告页面提交线索。`;
    default:
      return `请通过通告页面提交线索（可匿名）或${call}，举报人信息严格保密。`;
  }
}

/**
 * Each bulletin as CAP 1.2 messages, one per public version: the Alert it was published as, an
 * Update for every later version (update, resolution, expiry notice), and a Cancel once withdrawn,
 * each later message referencing all earlier ones.
 */
@Injectable()
export class CapAlerts {
  readonly sender: string;
  private readonly status: 'Actual' | 'Exercise';

  constructor(
    private readonly records: PublicBulletins,
    config: AppConfig,
  ) {
    this.sender = config.capSender ?? new URL(config.publicBaseUrl).host;
    this.status = config.capStatus;
  }

  /** Stable per version; the Cancel has its own. */
  identifier(bulletin: Bulletin, version: number | 'cancel'): string {
    return version === 'cancel' ? `mb-bulletin-${bulletin.seq}-cancel` : `mb-bulletin-${bulletin.seq}-v${version}`;
  }

  /** The CAP document at one of a bulletin's addresses: its current message, one version's, or its Cancel. */
  async document(linkCode: string, which: number | 'current' | 'cancel'): Promise<{ xml: string; revision: string }> {
    const record = await this.records.byCode(linkCode);
    if (!record) throw new InteropError(InteropErrorCode.UnknownBulletin, 'no public bulletin has this code', 'code');
    const chain = await this.chain(record);
    const message =
      which === 'current'
        ? chain[chain.length - 1]
        : chain.find((candidate) => candidate.identifier === this.identifier(record.bulletin, which));
    if (!message && which === 'cancel')
      throw new InteropError(InteropErrorCode.NotWithdrawn, 'this bulletin has not been withdrawn', 'code');
    if (!message) throw new InteropError(InteropErrorCode.VersionNotPublic, 'this version of the bulletin was never public', 'version');
    return { xml: capXml(message), revision: `${message.identifier}-${record.bulletin.updatedAt.getTime()}` };
  }

  /** Every message of the bulletin so far, oldest first. */
  async chain(record: PublicBulletin): Promise<CapMessage[]> {
    const versions = await this.records.publicVersions(record.bulletin);
    const area = await this.records.area(record.bulletin);
    const messages: CapMessage[] = [];
    for (const version of versions) messages.push(await this.versionMessage(record, version, area, this.referencesTo(messages)));
    if (record.bulletin.status === BulletinStatus.Withdrawn)
      messages.push(this.cancelMessage(record.bulletin, this.referencesTo(messages)));
    return messages;
  }

  /** The newest message: the current version's, or the Cancel of a withdrawn bulletin. */
  async current(record: PublicBulletin): Promise<CapMessage> {
    const chain = await this.chain(record);
    return chain[chain.length - 1];
  }

  capUrl(code: string, version: number | 'cancel' | 'current'): string {
    if (version === 'current') return this.records.url(`/cap/bulletins/${code}`);
    return this.records.url(version === 'cancel' ? `/cap/bulletins/${code}/cancel` : `/cap/bulletins/${code}/versions/${version}`);
  }

  private referencesTo(earlier: CapMessage[]): CapReference[] {
    return earlier.map((message) => ({ sender: message.sender, identifier: message.identifier, sent: message.sent }));
  }

  private async versionMessage(record: PublicBulletin, version: BulletinVersion, area: PublicArea, references: CapReference[]) {
    const facts = await this.records.render(record, version.version);
    return {
      identifier: this.identifier(record.bulletin, version.version),
      sender: this.sender,
      sent: capTime(this.records.sentAt(record.bulletin, version)),
      status: this.status,
      msgType: references.length === 0 ? 'Alert' : 'Update',
      note: null,
      references,
      info: this.info(record, facts, area),
    } satisfies CapMessage;
  }

  private cancelMessage(bulletin: Bulletin, references: CapReference[]): CapMessage {
    return {
      identifier: this.identifier(bulletin, 'cancel'),
      sender: this.sender,
      sent: capTime(bulletin.withdrawnAt ?? bulletin.updatedAt),
      status: this.status,
      msgType: 'Cancel',
      note: '该通告已撤回，此前发布的内容不再有效。',
      references,
      info: null,
    };
  }

  private info(record: PublicBulletin, facts: RenderableBulletin, area: PublicArea): CapInfo {
    const closed = Boolean(facts.resolution || facts.expired);
    const publicFacts = publicFactsOf(facts);
    const banner = facts.resolution ? `【${resolvedBanner(facts.kind, facts.resolution.outcome)}】` : facts.expired ? '【已过期】' : '';
    const parameters = [
      { valueName: 'MB:bulletinKind', value: facts.kind },
      ...(publicFacts.caseNumber ? [{ valueName: 'MB:caseNumber', value: publicFacts.caseNumber }] : []),
      ...(publicFacts.rewardCny !== null ? [{ valueName: 'MB:rewardCNY', value: String(publicFacts.rewardCny) }] : []),
      ...(publicFacts.rewardText ? [{ valueName: 'MB:rewardTerms', value: publicFacts.rewardText }] : []),
      ...(facts.resolution ? [{ valueName: 'MB:resolution', value: facts.resolution.outcome }] : []),
    ];
    const unitNames = area.units.map((unit) => unit.name);
    return {
      ...capClassification(facts.kind, facts.priority as never, closed),
      expires: record.bulletin.validUntil ? capTime(record.bulletin.validUntil) : null,
      senderName: facts.issuerName,
      headline: `${banner}${maskIdNumbersInText(facts.title)}`,
      description: `${publishedSummary(facts)}\n\n${publishedBody(facts)}`,
      instruction: instructionOf(facts.kind, publicFacts.hotline, closed),
      web: this.records.pageUrl(record.code),
      contact: publicFacts.hotline,
      parameters,
      resources: publicFacts.photos.map((uri, index) => ({
        resourceDesc: `照片${index + 1}`,
        mimeType: MIME_OF_EXTENSION[/\.([a-z]+)(?:\?|$)/i.exec(uri)?.[1]?.toLowerCase() ?? ''] ?? 'image/jpeg',
        uri,
      })),
      area: {
        areaDesc: unitNames.length ? unitNames.join('、') : facts.issuerName,
        circles: area.circles.map((circle) => `${circle.latitude},${circle.longitude} ${circle.radiusKm}`),
        geocodes: area.units.filter((unit) => DIVISION_CODE.test(unit.code)).map((unit) => ({ valueName: 'GB/T 2260', value: unit.code })),
      },
    };
  }
}
