import {
  AttributionCodec,
  BYTEDANCE_CAPTION_LIMIT,
  ImageFetcher,
  OutboundGuard,
  PLATFORM_REGISTRY,
  type RenderableBulletin,
  WEIBO_TEXT_LIMIT,
  weiboLength,
} from '@mb/platforms';
import { BULLETIN_KINDS, BulletinKind, Platform, PLATFORMS } from '@mb/vocabulary';
import { BULLETIN_KIND_REGISTRY } from './kind-registry';

const GUARD = new OutboundGuard([]);
const IMAGES = new ImageFetcher(GUARD);

const ID_NUMBER = '370681199001011234';
const MASKED = '370681********1234';
const codec = new AttributionCodec('render-tests');
const longest = (length: number, unit = '线索') => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const nineImages = Array.from({ length: 9 }, (_, index) => `https://img.example.gov.cn/${index}.jpg`);

/** The longest bulletin of each kind the API accepts (title 32, body 5,000, nine images, every optional field). */
function longestOf(kind: BulletinKind): RenderableBulletin {
  const details: Record<BulletinKind, Record<string, any>> = {
    wanted: {
      suspect: {
        name: longest(50, '张'),
        aliases: Array.from({ length: 10 }, () => longest(50, '李')),
        sex: 'male',
        birthYear: 1990,
        idNumber: ID_NUMBER,
        heightCm: 250,
        features: longest(500),
      },
      offence: longest(100, '罪'),
      caseNumber: longest(64, 'A'),
      dangerWarning: longest(200, '危'),
      lastKnownWhereabouts: longest(300, '地'),
      reward: { amountCny: 100_000_000, conditions: longest(500) },
      contactLine: '0535-85121100000000',
    },
    missing_person: {
      person: {
        name: longest(50, '王'),
        sex: 'female',
        age: 8,
        heightCm: 120,
        clothing: longest(300, '衣'),
        features: longest(500),
        vulnerabilities: ['minor'],
      },
      lastSeen: { at: '2026-11-20T08:30:00Z', place: longest(200, '公'), latitude: 37.6, longitude: 120.4 },
      guardianContact: '13800000000',
    },
    report: { topic: 'telecom_fraud', sought: longest(500), rewardRules: longest(1000), deadline: '2026-12-31T00:00:00Z' },
  };
  return {
    bulletinId: 'b-longest',
    kind,
    version: 3,
    title: longest(32, '通'),
    body: `嫌疑人身份证号${ID_NUMBER}。${longest(4980)}`,
    images: nineImages,
    priority: 'urgent',
    issuerName: '烟台市公安局龙口市分局刑事侦查大队',
    summary: BULLETIN_KIND_REGISTRY[kind].summary(details[kind]),
    details: details[kind],
    tipUrl: `https://mb.sd.gov.cn/t/${codec.encode(123_456, 7_654_321)}`,
    pageUrl: `https://mb.sd.gov.cn/b/${codec.encode(123_456, 7_654_321)}`,
  };
}

// Every platform of the registry, with hosts nothing answers on: rendering makes no call.
const adapters = PLATFORMS.map((platform) =>
  PLATFORM_REGISTRY[platform].createAdapter({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, images: IMAGES, guard: GUARD }),
);

const kinds = BULLETIN_KINDS;

describe.each(adapters.map((adapter) => [adapter.platform, adapter] as const))('rendering for %s', (platform, adapter) => {
  it.each(kinds)('keeps the longest %s bulletin within the platform limits', (kind) => {
    const post = adapter.render(longestOf(kind));
    switch (platform) {
      case Platform.Weibo:
        expect(weiboLength(post.text)).toBeLessThanOrEqual(WEIBO_TEXT_LIMIT);
        expect(post.images.length).toBeLessThanOrEqual(1);
        break;
      case Platform.WechatMp:
        expect([...(post.title ?? '')].length).toBeLessThanOrEqual(32);
        expect([...String(post.document?.digest)].length).toBeLessThanOrEqual(128);
        expect([...String(post.document?.author)].length).toBeLessThanOrEqual(16);
        expect(post.text.length).toBeLessThan(20_000);
        break;
      case Platform.Douyin:
      case Platform.Toutiao:
        expect([...post.text].length).toBeLessThanOrEqual(BYTEDANCE_CAPTION_LIMIT);
        expect(post.images.length).toBeLessThanOrEqual(9);
        break;
      case Platform.Baijiahao:
        expect([...(post.title ?? '')].length).toBeLessThanOrEqual(30);
        expect(post.images.length).toBeLessThanOrEqual(3);
        break;
      case Platform.Webhook:
        expect(post.document?.details).toBeDefined();
        expect(post.images).toHaveLength(9);
        return;
    }
    expect(post.warnings.length).toBeGreaterThan(0);
  });

  it.each(kinds)('masks every ID number in the %s bulletin', (kind) => {
    const post = adapter.render(longestOf(kind));
    const everything = JSON.stringify(post);
    expect(everything).not.toContain(ID_NUMBER);
    expect(everything).not.toContain('19900101');
    if (post.text.includes('370681')) expect(post.text).toContain(MASKED.slice(0, 10));
  });

  it('carries the tip link whose attribution code decodes to the bulletin and the account', () => {
    const post = adapter.render(longestOf(BulletinKind.Wanted));
    expect(post.text).toContain(post.tipUrl);
    expect(codec.decode(post.marker)).toEqual({ bulletinSeq: 123_456, accountSeq: 7_654_321 });
  });
});

describe('kind tags', () => {
  it('show the kind the way each platform allows', () => {
    const bulletin = longestOf(BulletinKind.MissingPerson);
    expect(
      PLATFORM_REGISTRY[Platform.Weibo]
        .createAdapter({ baseUrl: 'http://x', timeoutMs: 1, images: IMAGES, guard: GUARD })
        .render(bulletin)
        .text.startsWith('【微寻人】'),
    ).toBe(true);
    expect(
      PLATFORM_REGISTRY[Platform.Douyin]
        .createAdapter({ baseUrl: 'http://x', timeoutMs: 1, images: IMAGES, guard: GUARD })
        .render(bulletin)
        .text.startsWith('#微寻人 '),
    ).toBe(true);
    expect(
      PLATFORM_REGISTRY[Platform.WechatMp]
        .createAdapter({ baseUrl: 'http://x', timeoutMs: 1, images: IMAGES, guard: GUARD })
        .render(bulletin).text,
    ).toContain('#微寻人#');
  });
});

describe('a notice naming several persons', () => {
  const eleven = Array.from({ length: 11 }, (_, index) => ({ name: `嫌疑人${index + 1}`, sex: 'male', idNumber: ID_NUMBER }));
  const wanted = {
    suspects: eleven,
    offence: '聚众斗殴',
    caseNumber: 'J-2026-11',
    lastKnownWhereabouts: '天桥区',
    contactLine: '0531-110',
  };

  it('names each person with their status, and none of their ID numbers whole', () => {
    const summary = BULLETIN_KIND_REGISTRY.wanted.summary(wanted);
    expect(summary).toContain('犯罪嫌疑人11人：嫌疑人1');
    expect(summary).toContain('嫌疑人11，男');
    expect(summary.match(/（在逃）/g)).toHaveLength(11);
    expect(summary).not.toContain(ID_NUMBER);
    expect(summary).toContain(MASKED);
    expect(summary).not.toContain('【进展】');
    expect(summary).toContain('涉嫌聚众斗殴');
  });

  it('leads with how many are resolved and how many are still at large', () => {
    const at = '2026-11-20T08:00:00.000Z';
    const statuses = Array.from({ length: 7 }, (_, person) => ({ person, status: 'surrendered' as const, at }));
    const summary = BULLETIN_KIND_REGISTRY.wanted.summary(wanted, statuses as never);
    expect(summary.startsWith('【进展】已有7人投案，仍有4人在逃。')).toBe(true);
    expect(summary.match(/（已投案）/g)).toHaveLength(7);
    const all = Array.from({ length: 11 }, (_, person) => ({ person, status: person < 9 ? 'surrendered' : 'arrested', at }));
    expect(BULLETIN_KIND_REGISTRY.wanted.summary(wanted, all as never)).toContain('【进展】11人已全部到案（9人投案、2人被抓获）。');
  });

  it('counts the persons of each kind and keeps the case number', () => {
    expect(BULLETIN_KIND_REGISTRY.wanted.persons(wanted)).toHaveLength(11);
    expect(BULLETIN_KIND_REGISTRY.wanted.caseNumber(wanted)).toBe('J-2026-11');
    const siblings = {
      persons: [
        { name: '小红', sex: 'female', age: 6 },
        { name: '小明', sex: 'male', age: 9 },
      ],
    };
    expect(BULLETIN_KIND_REGISTRY.missing_person.persons(siblings)).toHaveLength(2);
    expect(BULLETIN_KIND_REGISTRY.missing_person.priority(siblings as never)).toBe('urgent');
  });
});
