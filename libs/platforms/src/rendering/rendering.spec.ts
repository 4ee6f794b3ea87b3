import { BulletinKind } from '@mb/vocabulary';
import { AttributionCodec } from './attribution-code';
import { maskIdNumber, maskIdNumbersInText } from './id-number-mask';
import { type RenderableBulletin } from './renderable-bulletin';
import { WeiboAdapter, WEIBO_TEXT_LIMIT, weiboLength } from '../weibo/weibo.adapter';
import { signWebhook, verifyWebhook } from '../webhook/webhook-signature';

const bulletin: RenderableBulletin = {
  bulletinId: 'b-1',
  kind: BulletinKind.Wanted,
  version: 1,
  title: '悬赏通缉犯罪嫌疑人张某某',
  body: '嫌疑人身份证号370681199001011234，'.padEnd(2000, '案情通报'),
  images: ['http://img.example/1.jpg', 'http://img.example/2.jpg'],
  priority: 'normal',
  issuerName: '烟台市公安局',
  summary: '犯罪嫌疑人张某某，男，1990年生，身份证号370681********1234，涉嫌故意伤害，悬赏50000元。线索请拨0535-8512110。',
  details: {
    suspect: { name: '张某某', sex: 'male', birthYear: 1990, idNumber: '370681199001011234' },
    offence: '故意伤害',
    contactLine: '0535-8512110',
    reward: { amountCny: 50000 },
  },
  tipUrl: 'https://mb.example.gov.cn/t/1.2x.abcdef',
  pageUrl: 'https://mb.example.gov.cn/b/1.2x.abcdef',
};

describe('ID number masking', () => {
  it('hides the birth date and keeps region and the last four', () => {
    expect(maskIdNumber('370681199001011234')).toBe('370681********1234');
    expect(maskIdNumbersInText('号码37068119900101123X，电话13800000000')).toBe('号码370681********123X，电话13800000000');
  });
});

describe('Weibo rendering', () => {
  const adapter = new WeiboAdapter('http://127.0.0.1:1/weibo', 1000);

  it('fits the longest body into 140 characters, keeps the tip link whole and says it cut', () => {
    const post = adapter.render(bulletin);
    expect(weiboLength(post.text)).toBeLessThanOrEqual(WEIBO_TEXT_LIMIT);
    expect(post.text.endsWith(bulletin.tipUrl)).toBe(true);
    expect(post.text).not.toMatch(/#[^#]+#/);
    expect(post.text).not.toContain('370681199001011234');
    expect(post.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('text cut'), expect.stringContaining('only the first of 2 images')]),
    );
  });
});

describe('attribution codes', () => {
  const codec = new AttributionCodec('test-key');

  it('decode to the bulletin and account they were made for', () => {
    expect(codec.decode(codec.encode(12345, 678901))).toEqual({ bulletinSeq: 12345, accountSeq: 678901 });
  });

  it('refuse a code whose numbers were changed', () => {
    const [bulletinPart, , check] = codec.encode(7, 8).split('.');
    expect(codec.decode(`${bulletinPart}.9.${check}`)).toBeNull();
    expect(new AttributionCodec('other-key').decode(codec.encode(7, 8))).toBeNull();
  });
});

describe('webhook signatures', () => {
  const now = 1_800_000_000;
  const request = {
    method: 'POST',
    path: '/cms/bulletins',
    eventId: 'event-1',
    deliveryKey: 'delivery-1',
    timestamp: now,
    rawBody: '{"event":"bulletin.published"}',
  };
  const signature = signWebhook('site-secret-123456', request);

  it('verify with the receiver secret', () => {
    expect(verifyWebhook('site-secret-123456', request, signature, now + 10)).toBe('ok');
  });

  it('refuse a tampered body, another event id, a wrong secret or a stale timestamp', () => {
    expect(
      verifyWebhook('site-secret-123456', { ...request, rawBody: request.rawBody.replace('published', 'withdrawn') }, signature, now),
    ).toBe('bad_signature');
    expect(verifyWebhook('site-secret-123456', { ...request, eventId: 'event-2' }, signature, now)).toBe('bad_signature');
    expect(verifyWebhook('another-secret-9876', request, signature, now)).toBe('bad_signature');
    expect(verifyWebhook('site-secret-123456', request, signature, now + 301)).toBe('stale');
  });

  it('refuse the same body replayed under another method, path or delivery', () => {
    expect(verifyWebhook('site-secret-123456', { ...request, method: 'DELETE' }, signature, now)).toBe('bad_signature');
    expect(verifyWebhook('site-secret-123456', { ...request, path: '/cms/bulletins/42' }, signature, now)).toBe('bad_signature');
    expect(verifyWebhook('site-secret-123456', { ...request, deliveryKey: 'delivery-2' }, signature, now)).toBe('bad_signature');
  });
});
