import { join } from 'node:path';
import { type AxiosInstance } from 'axios';
import { type Browser, type Page } from 'playwright-core';
import { approvedBulletin, dueReadingsTaken, tipCodeOfPost, wantedBulletin } from './support/factories';
import { ARTIFACTS, TestSystem, USER_PASSWORD, waitFor } from './support/system';
import { choose, launchChromium } from './support/console-browser';

/** The console's analysis section (the analysts' dashboard) and the public tip page, on the demo province in a real headless Chromium. */
describe('analysis and the tip page', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  let analyst: AxiosInstance;
  let clockMs = 0;

  beforeAll(async () => {
    system = await TestSystem.start('dashboard', {
      queueBackend: 'postgres',
      env: { MB_TEST_HOOKS: 'true', MB_SWEEP_INTERVAL_MS: '250', MB_INBOUND_POLL_SECONDS: '3600' },
    });
    await system.sim.put('/_sim/faults', { tokenTtlSeconds: 40 * 24 * 3600 });
    system.runCli('seed-demo', '--accounts', '200', '--users-password', USER_PASSWORD);
    system.runCli('sim-register');
    analyst = await system.signedIn('analyst', USER_PASSWORD);
    const cities = (await system.api.get('/units', { params: { level: 'city', limit: 100 } })).data.items as Array<{
      id: string;
      code: string;
    }>;
    const yantai = cities.find((city) => city.code === '370600')!.id;
    const qingdao = cities.find((city) => city.code === '370200')!.id;

    // Two bulletins of two kinds, read for a while, with tips through the demo accounts.
    const ids: string[] = [];
    for (const body of [
      wantedBulletin(yantai, [yantai]),
      {
        ...wantedBulletin(qingdao, [qingdao]),
        kind: 'missing_person',
        wanted: undefined,
        title: '寻找走失儿童小明',
        missingPerson: {
          person: { name: '小明', sex: 'male', age: 7 },
          lastSeen: { at: '2026-11-22T08:00:00.000Z', place: '青岛市市南区', latitude: 36.07, longitude: 120.38 },
          guardianContact: '0532-66572110',
        },
      },
    ]) {
      const { id } = await approvedBulletin(system, body);
      expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
      ids.push(id);
    }
    await waitFor(
      'posts',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE state NOT IN ('published', 'failed', 'cancelled', 'declined', 'awaiting_review'))::int AS open FROM delivery`,
        );
        return rows[0].open === 0 ? true : undefined;
      },
      120_000,
    );
    for (const minutes of [5, 5, 60]) {
      clockMs += minutes * 60_000;
      await system.api.put('/test-clock', { offsetMs: clockMs });
      await system.sim.put('/_sim/clock', { advanceSeconds: minutes * 60 });
      await dueReadingsTaken(system, clockMs);
    }
    const { rows: posted } = await system.db.query(
      `SELECT DISTINCT ON (d.bulletin_id) d.bulletin_id, a.platform, a.platform_account_id, b.seq::int AS seq FROM delivery d JOIN account a ON a.id = d.account_id JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.state = 'published' ORDER BY d.bulletin_id, a.seq`,
    );
    for (const row of posted) {
      const { code } = await tipCodeOfPost(system, row.platform, row.platform_account_id, row.seq);
      for (let index = 0; index < 3; index += 1) {
        expect((await system.api.post('/public/tips', { code, text: `看板测试线索${index}：在公交站见过`, anonymous: true })).status).toBe(
          201,
        );
      }
    }

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1800 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function shownTotal(key: string): Promise<string | null> {
    return page.locator(`[data-total="${key}"]`).getAttribute('data-value');
  }

  async function chartsDrawn(): Promise<void> {
    for (const id of ['chart-funnel', 'chart-reads', 'chart-map', 'chart-units', 'chart-platforms']) {
      await page.waitForSelector(`#${id}[data-ready]:not([data-ready="false"]) canvas`, { timeout: 30_000 });
    }
  }

  it("signs the analyst in, draws every chart, shows the API's figures, and follows a filter", async () => {
    // The former dashboard address leads to the console's analysis section.
    await page.goto(`${system.apiUrl}/dashboard/`);
    await page.getByLabel('用户名').fill('analyst');
    await page.getByLabel('密码').fill(USER_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.waitForURL(/\/console\/analysis$/);
    await chartsDrawn();

    const totals = (await analyst.get('/reports/totals')).data;
    expect(totals.reads).toBeGreaterThan(0);
    expect(totals.tips).toBe(6);
    await waitFor(
      'figures on the page',
      async () => ((await shownTotal('reads')) === String(totals.reads) ? true : undefined),
      10_000,
      100,
    );
    expect(await shownTotal('tips')).toBe(String(totals.tips));
    expect(await shownTotal('bulletins')).toBe(String(totals.bulletins));
    expect(await page.getByText(totals.reads.toLocaleString('zh-CN'), { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('#kinds tbody tr.ant-table-row').count()).toBe(
      ((await analyst.get('/reports/kinds')).data as unknown[]).length,
    );

    const missingOnly = (await analyst.get('/reports/totals', { params: { kind: 'missing_person' } })).data;
    expect(missingOnly.reads).not.toBe(totals.reads);
    await choose(page, page.getByLabel('类型'), '微寻人');
    await waitFor(
      'filtered figures',
      async () => ((await shownTotal('reads')) === String(missingOnly.reads) ? true : undefined),
      10_000,
      100,
    );
    expect(await shownTotal('bulletins')).toBe(String(missingOnly.bulletins));
    await chartsDrawn();
    await page.getByLabel('类型').hover();
    await page.locator('.ant-select-clear').first().click();
    await waitFor('figures back', async () => ((await shownTotal('reads')) === String(totals.reads) ? true : undefined), 10_000, 100);
    await chartsDrawn();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('takes a tip on the public tip page at phone size, gives a reply code, shows the reply later and carries the conversation on', async () => {
    const {
      rows: [post],
    } = await system.db.query(
      `SELECT a.platform, a.platform_account_id, a.id AS account_id, b.seq::int AS seq FROM delivery d JOIN account a ON a.id = d.account_id JOIN bulletin b ON b.id = d.bulletin_id
       WHERE d.state = 'published' AND b.kind = 'wanted' ORDER BY a.seq LIMIT 1`,
    );
    const { code } = await tipCodeOfPost(system, post.platform, post.platform_account_id, post.seq);
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    try {
      await phone.goto(`${system.apiUrl}/t/${code}`);
      await phone.waitForSelector('#tip-form:not([hidden])');
      expect(await phone.locator('#kind').textContent()).toBe('微通缉');
      await phone.fill('#text', '手机页面测试：今天上午在汽车站见过他，穿黑色外套');
      await phone.uncheck('#anonymous');
      await phone.fill('#phone', '13500004444');
      await phone.click('#submit');
      await phone.waitForSelector('#receipt:not([hidden])');
      const replyCode = (await phone.locator('#reply-code').textContent()) as string;
      expect(replyCode).toMatch(/^[A-Z0-9]{16}$/);
      const {
        rows: [tip],
      } = await system.db.query(`SELECT id, source, account_id, contact_sealed FROM tip WHERE reply_code = $1`, [replyCode]);
      expect(tip).toMatchObject({ source: 'page', account_id: post.account_id });
      expect(tip.contact_sealed).not.toContain('13500004444');

      await system.api.post(`/tips/${tip.id}/reply`, { text: '感谢您的线索，民警已前往核查。' });
      await phone.fill('#lookup-code', replyCode);
      await phone.click('#lookup-form button');
      await phone.waitForFunction(() => document.getElementById('thread')?.textContent?.includes('民警已前往核查'));
      expect(await phone.locator('#lookup-result').textContent()).toContain('已答复');
      // The tipster writes again from the same page; the unit's answer then shows under it.
      await phone.fill('#message', '补充：他开一辆白色面包车，车牌尾号37');
      await phone.screenshot({ path: join(ARTIFACTS, 'tip-page-write.png'), fullPage: true });
      await phone.click('#send');
      await phone.waitForFunction(() => document.getElementById('thread')?.textContent?.includes('车牌尾号37'));
      const thread = (await system.api.get(`/tips/${tip.id}/messages`)).data;
      expect(thread).toMatchObject([{ from: 'tipster', text: '补充：他开一辆白色面包车，车牌尾号37', photos: [] }]);
      await phone.screenshot({ path: join(ARTIFACTS, 'tip-page.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
