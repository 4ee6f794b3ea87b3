import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { validateXML } from 'xmllint-wasm';
import { launchChromium } from './support/console-browser';
import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  registerWithSimulator,
  reportBulletin,
  type UnitTree,
  VALID_ID_NUMBER,
  wantedBulletin,
} from './support/factories';
import { ARTIFACTS, TestSystem, waitFor } from './support/system';
import { Platform } from '@mb/vocabulary';

const CAP_SCHEMA = readFileSync(join(process.cwd(), 'libs/interop/schema/cap-1.2.xsd'), 'utf8');
const LONGKOU = { latitude: 37.646, longitude: 120.478 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', deviceScaleFactor: 2 };

/** The errors the project's CAP 1.2 schema finds in a document (none when it is valid). */
async function capErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'alert.xml', contents: xml }],
    schema: [{ fileName: 'cap-1.2.xsd', contents: CAP_SCHEMA }],
  });
  return result.errors.map((error) => error.message);
}

/** The text of each element of one name, in document order. */
function texts(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((match) => match[1].replace(/&amp;/g, '&'));
}

function missingPersonBulletin(issuerUnitId: string, targetUnitIds: string[], images: string[], rings?: object) {
  return {
    kind: 'missing_person',
    title: '寻找走失儿童李小明',
    body: '李小明于今日上午在南山公园与家人走散，请广大群众留意。',
    issuerUnitId,
    images,
    target: { unitIds: targetUnitIds, ...(rings ? { rings } : {}) },
    missingPerson: {
      person: { name: '李小明', sex: 'male', age: 8, heightCm: 125, clothing: '红色外套', vulnerabilities: ['minor'] },
      lastSeen: { at: '2026-11-23T02:30:00Z', place: '龙口市南山公园', ...LONGKOU },
      guardianContact: '0535-8512345',
    },
  };
}

describe('the public record: CAP 1.2 alerts, feeds and the public page', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let browser: Browser;
  let photoUrl: string;
  const anonymous = () => axios.create({ baseURL: system.apiUrl, validateStatus: () => true });

  beforeAll(async () => {
    system = await TestSystem.start('interop', {
      queueBackend: 'postgres',
      apps: ['platform-sim', 'api', 'worker'],
      env: { MB_CAP_SENDER: 'alerts.zfw.example.cn', MB_CAP_STATUS: 'Exercise' },
    });
    tree = await createUnitTree(system);
    const seeded = accountRows(system, [tree.countyIds[0], tree.countyIds[1]], 4, [Platform.Webhook]);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(seeded) })).data.created).toBe(4);
    await registerWithSimulator(system, seeded);
    const jpeg = await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 180, g: 40, b: 40 } } })
      .jpeg()
      .toBuffer();
    const uploaded = await system.editor.post('/media/images', jpeg, { headers: { 'Content-Type': 'image/jpeg' } });
    expect(uploaded.status).toBe(201);
    photoUrl = uploaded.data.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function published(body: object): Promise<{ id: string; seq: number; code: string }> {
    const { id, seq } = await approvedBulletin(system, body);
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    const { rows } = await system.db.query(`SELECT seq::int FROM bulletin WHERE id = $1`, [id]);
    expect(rows[0].seq).toBe(seq);
    const code = (await system.editor.get(`/bulletins/${id}`)).data.publicCode as string;
    return { id, seq, code };
  }

  async function cap(path: string): Promise<string> {
    const answer = await anonymous().get(path, { responseType: 'text' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/cap\+xml/);
    return answer.data as string;
  }

  it('writes every kind, with and without rings, as CAP 1.2 that the schema accepts, mapped as docs/interop.md says', async () => {
    const cases = [
      { name: 'wanted', body: wantedBulletin(tree.cityId, [tree.cityId]), category: 'Security', urgency: 'Expected', circles: 0 },
      {
        name: 'missing person in rings',
        body: missingPersonBulletin(tree.countyIds[0], [tree.cityId], [photoUrl], {
          ...LONGKOU,
          steps: [
            { radiusKm: 30, afterMinutes: 0 },
            { radiusKm: 120, afterMinutes: 60 },
          ],
        }),
        category: 'Rescue',
        urgency: 'Immediate',
        circles: 1,
      },
      {
        name: 'missing person',
        body: missingPersonBulletin(tree.countyIds[0], [tree.countyIds[0]], []),
        category: 'Rescue',
        urgency: 'Immediate',
        circles: 0,
      },
      { name: 'report', body: reportBulletin(tree.cityId, [tree.cityId]), category: 'Security', urgency: 'Expected', circles: 0 },
      {
        name: 'report in rings',
        body: {
          ...reportBulletin(tree.cityId, [tree.cityId]),
          target: { unitIds: [tree.cityId], rings: { ...LONGKOU, steps: [{ radiusKm: 50, afterMinutes: 0 }] } },
        },
        category: 'Security',
        urgency: 'Expected',
        circles: 1,
      },
    ];
    for (const example of cases) {
      const { code } = await published(example.body);
      const xml = await cap(`/cap/bulletins/${code}`);
      expect({ name: example.name, errors: await capErrors(xml) }).toEqual({ name: example.name, errors: [] });
      expect(texts(xml, 'msgType')).toEqual(['Alert']);
      expect(texts(xml, 'status')).toEqual(['Exercise']);
      expect(texts(xml, 'sender')).toEqual(['alerts.zfw.example.cn']);
      expect(texts(xml, 'sent')[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(texts(xml, 'category')).toEqual([example.category]);
      expect(texts(xml, 'urgency')).toEqual([example.urgency]);
      expect(texts(xml, 'language')).toEqual(['zh-CN']);
      expect(texts(xml, 'web')).toEqual([`${system.apiUrl}/b/${code}`]);
      expect(texts(xml, 'circle')).toHaveLength(example.circles);
      expect(texts(xml, 'value')).toEqual(expect.arrayContaining([example.body.target.unitIds[0] === tree.cityId ? '370600' : '370681']));
      // The ID number is never published whole, in any part of the message.
      expect(xml).not.toContain(VALID_ID_NUMBER);
      if (example.circles) expect(texts(xml, 'circle')[0]).toMatch(/^37\.646,120\.478 (30|50)$/);
    }
    // The schema is no formality: a time without its offset, or an element out of order, is refused.
    const { code } = await published(wantedBulletin(tree.cityId, [tree.cityId]));
    const xml = await cap(`/cap/bulletins/${code}`);
    expect(xml).toContain('<parameter>');
    expect(texts(xml, 'value')).toEqual(expect.arrayContaining(['LK2026-118', '50000']));
    expect(texts(xml, 'contact')).toEqual(['0535-8512110']);
    expect(await capErrors(xml.replace(/(<sent>[^<]*)\+08:00</, '$1Z<'))).not.toEqual([]);
    expect(await capErrors(xml.replace('<scope>Public</scope>', '').replace('<status>', '<scope>Public</scope><status>'))).not.toEqual([]);
  });

  it('chains one bulletin through publish, update and withdraw: Alert, then Update and Cancel referencing every earlier message', async () => {
    const { id, code } = await published(wantedBulletin(tree.cityId, [tree.cityId]));
    const alert = await cap(`/cap/bulletins/${code}`);
    const update = { ...wantedBulletin(tree.cityId, [tree.cityId]), body: '悬赏金额提高至十万元，欢迎群众踊跃提供线索。' };
    delete (update as Record<string, unknown>).issuerUnitId;
    delete (update as Record<string, unknown>).target;
    const proposed = await system.editor.post(`/bulletins/${id}/updates`, update);
    expect(proposed.status).toBe(201);
    expect((await system.reviewer.post(`/bulletins/${id}/updates/${proposed.data.id}/approve`)).status).toBe(202);
    const updated = await cap(`/cap/bulletins/${code}`);
    expect(await capErrors(updated)).toEqual([]);
    expect(texts(updated, 'msgType')).toEqual(['Update']);
    const triple = (xml: string) => `${texts(xml, 'sender')[0]},${texts(xml, 'identifier')[0]},${texts(xml, 'sent')[0]}`;
    expect(texts(updated, 'references')).toEqual([triple(alert)]);
    expect(texts(updated, 'identifier')[0]).not.toBe(texts(alert, 'identifier')[0]);
    // Each version keeps its own address and message.
    expect(await cap(`/cap/bulletins/${code}/versions/1`)).toBe(alert);
    expect((await anonymous().get(`/cap/bulletins/${code}/cancel`)).status).toBe(404);

    // The province feed lists it in force; Longkou's feed too (the city target covers it); a unit elsewhere does not.
    const feedIds = async (path: string) => texts((await anonymous().get(path, { responseType: 'text' })).data, 'id');
    expect(await feedIds('/feeds/alerts.atom')).toContain(`urn:cap:alerts.zfw.example.cn:${texts(updated, 'identifier')[0]}`);
    expect(await feedIds('/feeds/units/370681/alerts.atom')).toContain(`urn:cap:alerts.zfw.example.cn:${texts(updated, 'identifier')[0]}`);

    expect((await system.reviewer.post(`/bulletins/${id}/withdraw`, { reason: '嫌疑人身份有误' })).status).toBe(202);
    const cancel = await cap(`/cap/bulletins/${code}`);
    expect(await capErrors(cancel)).toEqual([]);
    expect(texts(cancel, 'msgType')).toEqual(['Cancel']);
    expect(texts(cancel, 'references')).toEqual([`${triple(alert)} ${triple(updated)}`]);
    expect(cancel).not.toContain('<info>');
    expect(await cap(`/cap/bulletins/${code}/cancel`)).toBe(cancel);
    const after = await feedIds('/feeds/alerts.atom');
    expect(after).toContain(`urn:cap:alerts.zfw.example.cn:${texts(cancel, 'identifier')[0]}`);
    expect(after).not.toContain(`urn:cap:alerts.zfw.example.cn:${texts(updated, 'identifier')[0]}`);
    expect(await feedIds('/feeds/bulletins.atom')).not.toContain(`${system.apiUrl}/b/${code}`);
    // Unknown codes and versions the public never saw are 404s naming the field; a malformed code is a 400.
    expect((await anonymous().get(`/cap/bulletins/${code}/versions/9`)).data).toMatchObject({
      code: 'PUBLIC_VERSION_NOT_PUBLIC',
      field: 'version',
    });
    expect((await anonymous().get(`/cap/bulletins/${code}/versions/0`)).status).toBe(400);
    expect((await anonymous().get('/cap/bulletins/not-a-code')).data).toMatchObject({ field: 'code' });
    expect((await anonymous().get('/feeds/units/999999/alerts.atom')).data).toMatchObject({
      code: 'PUBLIC_UNIT_UNKNOWN',
      field: 'unitCode',
    });
  });

  it('reads the feeds in a browser as Atom: the province, one unit and the public pages', async () => {
    const inRings = await published(missingPersonBulletin(tree.countyIds[1], [tree.countyIds[1]], [photoUrl]));
    const page = await browser.newPage();
    try {
      await page.goto(`${system.apiUrl}/feeds/alerts.atom`);
      const read = (path: string) =>
        page.evaluate(async (url) => {
          const response = await fetch(url);
          const document = new DOMParser().parseFromString(await response.text(), 'application/xml');
          const entries = [...document.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')];
          return {
            type: response.headers.get('content-type'),
            parsed: document.getElementsByTagName('parsererror').length === 0,
            root: document.documentElement.localName,
            entries: entries.map((entry) => ({
              title: entry.getElementsByTagName('title')[0]?.textContent,
              links: [...entry.getElementsByTagName('link')].map((link) => `${link.getAttribute('type')} ${link.getAttribute('href')}`),
            })),
          };
        }, path);
      const province = await read('/feeds/alerts.atom');
      expect(province).toMatchObject({ parsed: true, root: 'feed' });
      expect(province.type).toMatch(/^application\/atom\+xml/);
      const entry = province.entries.find((candidate) => candidate.links.some((link) => link.includes(`/cap/bulletins/${inRings.code}/`)));
      expect(entry?.title).toBe('寻找走失儿童李小明');
      // Each entry links the message it lists (that version's address never changes).
      expect(entry?.links).toContain(`application/cap+xml ${system.apiUrl}/cap/bulletins/${inRings.code}/versions/1`);
      expect(entry?.links).toContain(`text/html ${system.apiUrl}/b/${inRings.code}`);
      // Laiyang's bulletin is not Longkou's business, and the other way round.
      const longkou = await read('/feeds/units/370681/alerts.atom');
      expect(longkou.entries.some((candidate) => candidate.links.some((link) => link.includes(inRings.code)))).toBe(false);
      const laiyang = await read('/feeds/units/370682/alerts.atom');
      expect(laiyang.entries.some((candidate) => candidate.links.some((link) => link.includes(inRings.code)))).toBe(true);
      const pages = await read('/feeds/bulletins.atom');
      expect(pages.parsed).toBe(true);
      expect(pages.entries.find((candidate) => candidate.links.includes(`text/html ${system.apiUrl}/b/${inRings.code}`))?.title).toBe(
        '微寻人：寻找走失儿童李小明',
      );
    } finally {
      await page.close();
    }
  });

  it('shows the public page on a phone: photos, masked ID, reward, hotline, share metadata, the tip form; then resolved, then withdrawn', async () => {
    const wanted = await published({ ...wantedBulletin(tree.cityId, [tree.cityId]), images: [photoUrl] });
    const missing = await published(missingPersonBulletin(tree.countyIds[0], [tree.countyIds[0]], [photoUrl]));
    const phone = await browser.newPage(PHONE);
    const refused: string[] = [];
    // What the page's CSP blocks shows as console errors: nothing of the page's own may be blocked.
    phone.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text())) refused.push(message.text());
    });
    try {
      const answer = await phone.goto(`${system.apiUrl}/b/${wanted.code}`);
      expect(answer?.status()).toBe(200);
      const headers = answer!.headers();
      expect(headers['content-security-policy']).toContain("script-src 'self'");
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=60');
      expect(headers.etag).toMatch(/^W\//);
      const html = await phone.content();
      expect(html).not.toContain(VALID_ID_NUMBER);
      await expect(phone.locator('h1').first().textContent()).resolves.toBe('悬赏通缉犯罪嫌疑人张某某');
      await expect(phone.locator('#summary').textContent()).resolves.toContain('370681********1234');
      await expect(phone.locator('dl').textContent()).resolves.toContain('人民币50,000元');
      await expect(phone.locator('.hotline a').getAttribute('href')).resolves.toBe('tel:05358512110');
      const meta = (name: string) => phone.locator(`meta[property="${name}"], meta[itemprop="${name}"]`).first().getAttribute('content');
      await expect(meta('og:title')).resolves.toBe('微通缉：悬赏通缉犯罪嫌疑人张某某');
      await expect(meta('og:image')).resolves.toBe(photoUrl);
      await expect(meta('image')).resolves.toBe(photoUrl);
      await expect(meta('og:description')).resolves.toContain('370681********1234');
      // The photo loads under the page's CSP: it is the deployment's own.
      await phone.waitForFunction(() =>
        [...document.querySelectorAll('.photos img')].every((image) => (image as HTMLImageElement).naturalWidth > 0),
      );
      // A CDN asking again with the tag it holds gets a 304.
      const again = await anonymous().get(`/b/${wanted.code}`, { headers: { 'If-None-Match': headers.etag } });
      expect(again.status).toBe(304);

      await phone.waitForSelector('#tip-form:not([hidden])');
      await phone.fill('#text', '公开页面测试：在龙口汽车站见过此人');
      await phone.click('#submit');
      await phone.waitForSelector('#receipt:not([hidden])');
      const replyCode = (await phone.locator('#reply-code').textContent()) as string;
      const { rows } = await system.db.query(`SELECT bulletin_id, source, account_id FROM tip WHERE reply_code = $1`, [replyCode]);
      expect(rows).toEqual([{ bulletin_id: wanted.id, source: 'page', account_id: null }]);
      await phone.screenshot({ path: join(ARTIFACTS, 'public-page-wanted.png'), fullPage: true });

      expect((await system.reviewer.post(`/bulletins/${missing.id}/resolve`, { outcome: 'found_safe' })).status).toBe(202);
      await phone.goto(`${system.apiUrl}/b/${missing.code}`);
      await expect(phone.locator('.banner').textContent()).resolves.toBe('已找到');
      expect(await phone.locator('#tip-form').count()).toBe(0);
      await phone.screenshot({ path: join(ARTIFACTS, 'public-page-found.png'), fullPage: true });

      expect((await system.reviewer.post(`/bulletins/${wanted.id}/withdraw`, { reason: '信息有误' })).status).toBe(202);
      const withdrawn = await phone.goto(`${system.apiUrl}/b/${wanted.code}`);
      expect(withdrawn?.status()).toBe(410);
      const notice = await phone.content();
      expect(notice).toContain('该通告已撤回');
      for (const leaked of ['张某某', '370681', '0535-8512110', '故意伤害', photoUrl]) expect(notice).not.toContain(leaked);
      await phone.screenshot({ path: join(ARTIFACTS, 'public-page-withdrawn.png'), fullPage: true });
      expect((await anonymous().get('/b/1.0.zzzzzz')).status).toBe(404);
      expect(refused).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('posts carry the public page link, with the account that carried the post', async () => {
    const { seq, code } = await published(wantedBulletin(tree.cityId, [tree.cityId]));
    const posts = await waitFor(
      'posts',
      async () => {
        const all = (await system.sim.get('/_sim/posts')).data as Array<{ text: string }>;
        const own = all.filter((post) => post.text.includes(`/t/${seq.toString(36)}.`));
        return own.length === 4 ? own : undefined;
      },
      60_000,
    );
    expect(code.startsWith(`${seq.toString(36)}.0.`)).toBe(true);
    for (const post of posts) {
      const tipCode = /\/t\/([0-9a-z.]+)/.exec(post.text)![1];
      expect(post.text).toContain(`${system.apiUrl}/b/${tipCode}`);
      expect(tipCode).not.toBe(code);
    }
    // The page opened from a post keeps the post's account for the tips sent from it.
    const tipCode = /\/t\/([0-9a-z.]+)/.exec(posts[0].text)![1];
    const page = await anonymous().get(`/b/${tipCode}`);
    expect(page.status).toBe(200);
    expect(page.data).toContain('<link rel="canonical" href="' + `${system.apiUrl}/b/${code}`);
  });
});
