import sharp from 'sharp';
import writeXlsxFile from 'write-excel-file/node';
import { type AxiosInstance } from 'axios';
import { type Browser } from 'playwright-core';
import { approvedBulletin, tipCodeOfPost, wantedBulletin } from './support/factories';
import { ADMIN_PASSWORD, TestSystem, USER_PASSWORD, waitFor } from './support/system';
import { choose, ConsoleUser, launchChromium, pickUnit, tabTo, typeDate, unnamedControls } from './support/console-browser';

const DOUYIN_CREDENTIALS = (index: number) => ({
  clientKey: `awxlsx${index}key`,
  clientSecret: `secret-xlsx-${index}-abcdefghijkl`,
  accessToken: `act.xlsx${index}abcdefghijklmnop`,
  refreshToken: `rft.xlsx${index}abcdefghijklmnop`,
});

/**
 * The operator console on the demo province, in a real headless Chromium at an office screen's
 * size: each role does its main work through the console alone, and no call the console makes is
 * refused or fails.
 */
describe('operator console', () => {
  let system: TestSystem;
  let browser: Browser;
  let longkouId: string;
  let reviewer2: AxiosInstance;
  const users: ConsoleUser[] = [];

  async function person(role: string, username: string, password = USER_PASSWORD): Promise<ConsoleUser> {
    const user = await ConsoleUser.open(browser, system.apiUrl, role);
    users.push(user);
    await user.signIn(username, password);
    return user;
  }

  function expectNoRefusals(...people: ConsoleUser[]): void {
    expect(people.flatMap((user) => user.refusals)).toEqual([]);
  }

  beforeAll(async () => {
    system = await TestSystem.start('console', {
      queueBackend: 'postgres',
      env: { MB_TEST_HOOKS: 'true', MB_SWEEP_INTERVAL_MS: '250', MB_INBOUND_POLL_SECONDS: '3600' },
    });
    await system.sim.put('/_sim/faults', { tokenTtlSeconds: 40 * 24 * 3600 });
    system.runCli('seed-demo', '--accounts', '200', '--users-password', USER_PASSWORD);
    system.runCli('sim-register');
    longkouId = (await system.api.get('/units', { params: { codePrefix: '370681', level: 'county' } })).data.items[0].id;
    reviewer2 = await system.signedIn('reviewer2', USER_PASSWORD);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const user of users) await user.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  it('lets the editor compose a 微寻人 with a photo and rings, see its reach and each platform, and submit it', async () => {
    const editor = await person('editor', 'editor');
    const { page } = editor;
    await page.getByRole('button', { name: '新建公告' }).click();
    await page.getByRole('heading', { name: '新建公告' }).waitFor();
    await page.getByLabel('标题').fill('寻找走失老人王某某');
    await page.getByLabel('正文').fill('12月1日上午，王某某在烟台市芝罘区走失，患有阿尔茨海默病。请知情者速与家属或公安机关联系。');
    await page.getByLabel('姓名').fill('王某某');
    await choose(page, page.getByLabel('性别'), '男');
    await page.getByLabel('年龄').fill('76');
    await choose(page, page.getByLabel('特殊情况'), '认知障碍');
    await typeDate(page.getByLabel('最后出现时间'), '2026-12-01 09:30:00');
    await page.getByLabel('最后出现地点').fill('烟台市芝罘区南大街');
    await page.getByLabel('地点纬度').fill('37.53');
    await page.getByLabel('地点经度').fill('121.39');
    await page.getByLabel('家属联系电话').fill('0535-6612345');

    // A phone photo with the camera's make and model in it: the stored picture must have none.
    const photo = await sharp({ create: { width: 480, height: 640, channels: 3, background: '#8a8f99' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Camera 12' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    await page.locator('input[type=file]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await editor.toast(/照片已上传/);
    const uploadedUrl = (await page.getByAltText('已上传的照片').first().getAttribute('src')) as string;
    expect(uploadedUrl).toMatch(/\/media\/images\/[0-9a-f]{64}\.jpg$/);
    const stored = await fetch(uploadedUrl);
    expect(stored.status).toBe(200);
    expect((await sharp(Buffer.from(await stored.arrayBuffer())).metadata()).exif).toBeUndefined();

    await pickUnit(page, page.getByLabel('发布单位'), '370600', /烟台市（370600）/);
    await pickUnit(page, page.getByLabel('推送到（含下级单位）'), '370000', /山东省（370000）/);
    await page.getByLabel('按距离分圈推送').click();
    // The centre by a click on the map, then by coordinates (the last-seen place).
    const map = page.getByTestId('ring-map');
    await map.locator('canvas').first().waitFor();
    await map.click({ position: { x: 300, y: 150 } });
    await waitFor(
      'a centre from the map',
      async () => ((await page.getByLabel('圆心纬度').inputValue()) !== '' ? true : undefined),
      10_000,
      100,
    );
    await page.getByLabel('圆心纬度').fill('37.53');
    await page.getByLabel('圆心经度').fill('121.39');
    await page.getByLabel('半径（公里）').first().fill('30');
    await page.getByRole('button', { name: '添加一圈' }).click();
    await page.getByLabel('半径（公里）').nth(1).fill('150');
    await page.getByLabel('发布后（分钟）').nth(1).fill('60');
    await waitFor('two rings drawn', async () => ((await map.getAttribute('data-rings')) === '2' ? true : undefined), 10_000, 100);
    await editor.screenshot('compose');

    await page.getByRole('button', { name: '保存草稿' }).click();
    await editor.toast('草稿已保存');
    await page.waitForURL(/\/console\/bulletins\/[0-9a-f-]{36}\/edit$/);
    const id = /bulletins\/([0-9a-f-]{36})/.exec(page.url())![1];
    const saved = (await system.editor.get(`/bulletins/${id}`)).data;
    expect(saved).toMatchObject({ kind: 'missing_person', status: 'draft', priority: 'urgent' });
    expect(saved.content.images).toEqual([uploadedUrl]);
    expect(saved.target.rings.steps).toEqual([
      { radiusKm: 30, afterMinutes: 0 },
      { radiusKm: 150, afterMinutes: 60 },
    ]);
    const reach = (await system.editor.get(`/bulletins/${id}/target-preview`)).data;
    await waitFor(
      'the reach shown',
      async () => ((await page.getByTestId('target-total').textContent())?.includes(String(reach.total)) ? true : undefined),
      15_000,
      100,
    );
    await page.getByTestId('preview-weibo').waitFor();
    expect(await page.getByTestId('preview-weibo').textContent()).toContain('王某某');
    expect(await unnamedControls(page)).toEqual([]);
    await editor.screenshot('preview');

    await page.getByRole('button', { name: '保存并提交审核' }).click();
    await editor.toast('已提交审核');
    await page.waitForURL(new RegExp(`/console/bulletins/${id}$`));
    await page.locator('[data-status="pending_review"]').first().waitFor();
    expect((await system.editor.get(`/bulletins/${id}`)).data.status).toBe('pending_review');
    await editor.screenshot('submitted');
    expectNoRefusals(editor);
  });

  it('lets the reviewer reject, approve the corrected version, publish, follow the fan-out, have an update approved by a second reviewer, and withdraw', async () => {
    const reviewer = await person('reviewer', 'reviewer');
    const { page } = reviewer;
    await page.getByRole('tab', { name: /待审核（1）/ }).waitFor();
    await page.getByRole('link', { name: '寻找走失老人王某某' }).click();
    await page.getByTestId('version-diff').waitFor();
    await page.getByRole('button', { name: '退回修改' }).click();
    await page.getByLabel('退回理由（编辑会看到）').fill('请在标题中写明走失地点');
    await page
      .getByRole('button', { name: '确 定' })
      .or(page.getByRole('button', { name: '确定' }))
      .click();
    await reviewer.toast('已退回编辑修改');
    await page.locator('[data-status="draft"]').first().waitFor();
    const id = /bulletins\/([0-9a-f-]{36})/.exec(page.url())![1];

    // The editor sees why, corrects the title and submits again.
    const editor = await person('editor', 'editor');
    await editor.page.goto(`/console/bulletins/${id}/edit`);
    await editor.page.getByTestId('review-note').filter({ hasText: '请在标题中写明走失地点' }).waitFor();
    await editor.page.getByLabel('标题').fill('芝罘区寻找走失老人王某某');
    await editor.page.getByRole('button', { name: '保存并提交审核' }).click();
    await editor.toast('已提交审核');

    await page.reload();
    const diff = page.getByTestId('version-diff');
    await diff.filter({ hasText: '芝罘区寻找走失老人王某某' }).waitFor();
    expect(await diff.textContent()).toContain('寻找走失老人王某某');
    await reviewer.screenshot('diff');
    await page
      .getByRole('button', { name: '批 准' })
      .or(page.getByRole('button', { name: '批准' }))
      .first()
      .click();
    await reviewer.toast('已批准，可以发布');
    await page.getByRole('button', { name: '立即发布' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await reviewer.toast('已开始发布');
    const progress = page.getByTestId('progress-percent');
    await waitFor(
      'the fan-out at 100%',
      async () => ((await progress.getAttribute('data-value')) === '100' ? true : undefined),
      120_000,
      250,
    );
    const posted = (await system.reviewer.get(`/bulletins/${id}/progress`)).data;
    expect(posted.percentDone).toBe(100);
    expect(await page.getByTestId('progress').textContent()).toContain('第 2 圈');
    // Each delivery says how it went out: a WeChat account pushed the urgent notice (群发), or published it once its push quota was used.
    await page
      .getByTestId('deliveries')
      .locator('tr', { hasText: /紧急通告，已群发推送给关注者|群发额度已用完，改为发布/ })
      .first()
      .waitFor();
    // The repost board has a row per unit reached, each with its posts counted.
    const boardRows = page.getByTestId('repost-board').locator('tr[data-unit]');
    await boardRows.first().waitFor();
    const board = (await system.reviewer.get(`/bulletins/${id}/repost-board`)).data as unknown[];
    expect(await boardRows.count()).toBe(Math.min(board.length, 20));
    await reviewer.screenshot('progress');

    // An update proposed by this reviewer waits for a second one.
    await page.getByRole('button', { name: '提出更新' }).click();
    await page.getByLabel('正文').fill('12月1日上午，王某某在烟台市芝罘区南大街走失，身穿灰色棉衣。请知情者速与家属或公安机关联系。');
    await page.getByRole('button', { name: '提交更新' }).click();
    await reviewer.toast('更新已提交，待另一位审核员批准');
    await page.getByTestId('proposals').filter({ hasText: '须由另一位审核员批准' }).waitFor();
    const second = await person('reviewer2', 'reviewer2');
    await second.page.goto(`/console/bulletins/${id}`);
    await second.page
      .getByTestId('proposals')
      .getByRole('button', { name: /批\s*准/ })
      .click();
    await second.toast('已批准，更新正在发往各平台');
    await second.page.getByTestId('proposals').locator('[data-status="approved"]').waitFor();
    expect((await reviewer2.get(`/bulletins/${id}`)).data.content.body).toContain('灰色棉衣');

    // Withdrawing names how many posts come down.
    await page.reload();
    await waitFor(
      'updates settled',
      async () => {
        const now = (await system.reviewer.get(`/bulletins/${id}/progress`)).data;
        return now.percentDone === 100 ? now : undefined;
      },
      60_000,
      250,
    );
    const { rows } = await system.db.query(
      `SELECT count(*)::int AS live FROM delivery WHERE bulletin_id = $1 AND state IN ('published', 'updated')`,
      [id],
    );
    await page.reload();
    await page.getByTestId('progress-percent').waitFor();
    await page.getByRole('button', { name: /^撤\s*回$/ }).click();
    await page
      .getByTestId('dialog-notice')
      .filter({ hasText: `撤下已发布的 ${rows[0].live} 条帖子` })
      .waitFor();
    await page.getByLabel('撤回理由').fill('家属已找到老人');
    await page.getByRole('button', { name: `撤回并撤下 ${rows[0].live} 条帖子` }).click();
    await reviewer.toast(/已撤回/);
    await page.locator('[data-status="withdrawn"]').first().waitFor();
    await reviewer.screenshot('withdrawn');
    expectNoRefusals(reviewer, editor, second);
  });

  it('lets the unit operator import accounts, approve a repost, and triage, answer and reveal a tip by keyboard alone', async () => {
    // A review-policy account of 龙口市 and a bulletin that reaches it; a tip through another of its posts.
    const { data: longkouAccounts } = await system.api.get('/accounts', { params: { unitId: longkouId, limit: 100 } });
    expect(longkouAccounts.items.length).toBeGreaterThan(1);
    const [reviewed] = longkouAccounts.items as Array<{ id: string; displayName: string }>;
    expect((await system.api.patch(`/accounts/${reviewed.id}`, { repostPolicy: 'review' })).status).toBe(200);
    const bulletin = await approvedBulletin(system, wantedBulletin(longkouId, [longkouId]));
    expect((await system.reviewer.post(`/bulletins/${bulletin.id}/publish`)).status).toBe(202);
    const published = await waitFor(
      'a post in 龙口市',
      async () => {
        const { rows } = await system.db.query(
          `SELECT a.platform, a.platform_account_id FROM delivery d JOIN account a ON a.id = d.account_id WHERE d.bulletin_id = $1 AND d.state = 'published' LIMIT 1`,
          [bulletin.id],
        );
        return rows[0];
      },
      60_000,
      250,
    );
    const { code } = await tipCodeOfPost(system, published.platform, published.platform_account_id, bulletin.seq);
    expect(
      (
        await system.api.post('/public/tips', {
          code,
          text: '我在龙口汽车站附近见过此人，穿黑色外套',
          anonymous: false,
          name: '李先生',
          contact: { phone: '13800001111' },
        })
      ).status,
    ).toBe(201);

    const operator = await ConsoleUser.open(browser, system.apiUrl, 'operator');
    users.push(operator);
    const { page } = operator;

    // Signing in and the whole tip with the keyboard only.
    await page.goto('/console/');
    // The sign-in page puts the cursor in the user name field.
    await page.getByLabel('用户名').waitFor();
    await waitFor(
      'the cursor in the user name',
      async () => ((await page.evaluate(() => document.activeElement?.id)) === 'username' ? true : undefined),
      5000,
      50,
    );
    await page.keyboard.type('longkou');
    await page.keyboard.press('Tab');
    await page.keyboard.type(USER_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();
    await page.locator('.ant-table-row').filter({ hasText: '我在龙口汽车站附近见过此人' }).waitFor();
    expect(await page.getByTestId('reply-countdown').first().textContent()).toMatch(/还剩/);
    expect(await unnamedControls(page)).toEqual([]);
    await operator.screenshot('inbox');
    await tabTo(page, (element) => element.tag === 'button' && element.name.startsWith('我在龙口汽车站附近见过此人'));
    await page.keyboard.press('Enter');
    await page.getByTestId('tip-status').waitFor();
    await tabTo(page, (element) => element.name === '查看联系方式');
    await page.keyboard.press('Enter');
    await page.getByTestId('tip-contact').filter({ hasText: '13800001111' }).waitFor();
    await tabTo(page, (element) => element.name === '下一步');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await tabTo(page, (element) => element.tag === 'button' && element.name.replace(/\s/g, '') === '保存');
    await page.keyboard.press('Enter');
    await operator.toast('已更新线索状态');
    await page.getByTestId('tip-status').filter({ hasText: '已初核' }).waitFor();
    await tabTo(page, (element) => element.name.startsWith('答复内容'));
    await page.keyboard.type('感谢您的线索，民警已前往核查。');
    await tabTo(page, (element) => element.tag === 'button' && element.name.replace(/\s/g, '') === '发送答复');
    await page.keyboard.press('Enter');
    await operator.toast('答复已发出');
    await page.getByTestId('tip-reply').filter({ hasText: '民警已前往核查' }).waitFor();
    await operator.screenshot('tip');
    const { rows: tips } = await system.db.query(`SELECT id, status, reply_text FROM tip WHERE bulletin_id = $1`, [bulletin.id]);
    expect(tips).toEqual([expect.objectContaining({ status: 'triaged', reply_text: '感谢您的线索，民警已前往核查。' })]);
    await page.keyboard.press('Escape');

    // The tipster writes again with the reply code alone; the inbox flags it and the unit answers in the thread.
    const {
      rows: [own],
    } = await system.db.query(`SELECT reply_code FROM tip WHERE id = $1`, [tips[0].id]);
    expect((await system.api.post(`/public/tips/${own.reply_code}/messages`, { text: '补充：他今天换了一件红色外套' })).status).toBe(201);
    await page.reload();
    await page.locator('.ant-table-row').filter({ hasText: '我在龙口汽车站附近见过此人' }).getByTestId('awaiting-answer').waitFor();
    await tabTo(page, (element) => element.tag === 'button' && element.name.startsWith('我在龙口汽车站附近见过此人'));
    await page.keyboard.press('Enter');
    await page.getByTestId('tip-thread').locator('[data-from="tipster"]').filter({ hasText: '红色外套' }).waitFor();
    await tabTo(page, (element) => element.name.startsWith('回复提供人'));
    await page.keyboard.type('收到补充，谢谢。');
    await tabTo(page, (element) => element.tag === 'button' && element.name.replace(/\s/g, '') === '发送回复');
    await page.keyboard.press('Enter');
    await operator.toast('已回复，提供人凭查询码可见');
    await page.getByTestId('tip-thread').locator('[data-from="unit"]').filter({ hasText: '收到补充' }).waitFor();
    await operator.screenshot('tip-thread');
    const read = (await system.api.get(`/public/tips/${own.reply_code}`)).data;
    expect(read.messages.map((message: { from: string }) => message.from)).toEqual(['tipster', 'unit']);
    await page.keyboard.press('Escape');

    // The pending repost, with the time left in the review window.
    await operator.menu('转发审核');
    const row = page.locator('.ant-table-row').filter({ hasText: reviewed.displayName });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/还剩/);
    await operator.screenshot('reposts');
    await row.getByRole('button', { name: `同意 ${reviewed.displayName} 转发` }).click();
    await operator.toast('已同意转发');
    await row.waitFor({ state: 'detached' });
    const { rows: decided } = await system.db.query(`SELECT state FROM delivery WHERE bulletin_id = $1 AND account_id = $2`, [
      bulletin.id,
      reviewed.id,
    ]);
    expect(decided[0].state).not.toBe('awaiting_review');

    // 20 accounts from a CSV with one bad row: the error is shown, nothing is registered, the row is fixed.
    const before = (await system.api.get('/accounts', { params: { unitId: longkouId, limit: 1 } })).data.total;
    const lines = Array.from(
      { length: 20 },
      (_, index) =>
        `370681,weibo,lk-import-${index},龙口导入账号${index},${100 + index},import;longkou,auto,"{""accessToken"":""token-${index}-abcdefghijklmnop""}"`,
    );
    lines[6] = lines[6].replace(',weibo,', ',myspace,');
    await operator.menu('账号');
    await page.getByRole('button', { name: '批量导入' }).click();
    const text = page.getByTestId('import-text');
    await text.fill(['unitCode,platform,platformAccountId,displayName,followers,tags,repostPolicy,credentials', ...lines].join('\n'));
    await page.getByRole('button', { name: /检\s*查/ }).click();
    await page.getByTestId('import-errors').filter({ hasText: 'platform' }).waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toContain('共 20 行，1 处问题');
    expect(await page.getByTestId('import-errors').locator('tbody tr').first().textContent()).toContain('7');
    expect(await page.getByRole('button', { name: /^导\s*入$/ }).isDisabled()).toBe(true);
    await operator.screenshot('import-errors');
    expect((await system.api.get('/accounts', { params: { unitId: longkouId, limit: 1 } })).data.total).toBe(before);
    await text.fill((await text.inputValue()).replace(',myspace,', ',weibo,'));
    await page.getByRole('button', { name: /检\s*查/ }).click();
    await page.getByTestId('import-summary').filter({ hasText: '全部通过检查，可以导入 20 个账号' }).waitFor();
    await page.getByRole('button', { name: /^导\s*入$/ }).click();
    await operator.toast('已导入 20 个账号');
    expect((await system.api.get('/accounts', { params: { unitId: longkouId, limit: 1 } })).data.total).toBe(before + 20);

    // The same from an Excel workbook: its first sheet shown as CSV, a name with a comma kept whole.
    const header = ['unitCode', 'platform', 'platformAccountId', 'displayName', 'followers', 'tags', 'repostPolicy', 'credentials'];
    const workbook = await writeXlsxFile(
      [
        header.map((value) => ({ value })),
        ...[0, 1].map((index) =>
          [
            '370681',
            'douyin',
            `lk-xlsx-${index}`,
            `龙口公安,抖音${index}`,
            10 + index,
            'import',
            'auto',
            JSON.stringify(DOUYIN_CREDENTIALS(index)),
          ].map((value) => ({ value })),
        ),
      ],
      {},
    ).toBuffer();
    await page.getByRole('button', { name: '批量导入' }).click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: 'accounts.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook,
    });
    await waitFor(
      'the workbook shown',
      async () => ((await text.inputValue()).includes('"龙口公安,抖音1"') ? true : undefined),
      10_000,
      100,
    );
    await page.getByRole('button', { name: /检\s*查/ }).click();
    await page.getByTestId('import-summary').filter({ hasText: '全部通过检查，可以导入 2 个账号' }).waitFor();
    await page.getByRole('button', { name: /^导\s*入$/ }).click();
    await operator.toast('已导入 2 个账号');
    const names = (
      (await system.api.get('/accounts', { params: { unitId: longkouId, platform: 'douyin', limit: 200 } })).data.items as Array<{
        displayName: string;
      }>
    ).map((account) => account.displayName);
    expect(names).toEqual(expect.arrayContaining(['龙口公安,抖音0', '龙口公安,抖音1']));

    // Credential health: every account of the county as the api reports it, each with its state.
    await page.getByRole('tab', { name: '凭证健康' }).click();
    await page.getByLabel('只看有问题的').click();
    await page
      .getByRole('button', { name: /查\s*询/ })
      .last()
      .click();
    const longkou = await system.signedIn('longkou', USER_PASSWORD);
    const health = (await longkou.get('/accounts/credential-health', { params: { limit: 20 } })).data;
    const panel = page.getByTestId('credential-health');
    await panel
      .locator('.ant-pagination-total-text')
      .filter({ hasText: `共 ${health.total} 个账号` })
      .waitFor();
    await panel.locator(`[data-account-health="${health.items[0].displayName}"]`).waitFor();
    await operator.screenshot('credential-health');

    // The unit's notifications, and its 企业微信 group robot set from the console (shown by host only).
    const robotKey = 'c0ffee00-1234-4abc-8def-0123456789ab';
    expect((await system.sim.put('/_sim/robots', { kind: 'wecom_robot', id: robotKey })).status).toBe(200);
    await operator.menu('通知');
    await page.getByTestId('notifications').locator('tr', { hasText: '新线索待处理' }).first().waitFor();
    await page.getByTestId('notification-channel').filter({ hasText: '尚未设置' }).waitFor();
    await page.getByLabel('Webhook 地址').fill(`${system.simUrl}/wecom/cgi-bin/webhook/send?key=${robotKey}`);
    await page
      .getByTestId('notification-channel')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await operator.toast('推送渠道已保存');
    await page.getByTestId('notification-channel').filter({ hasText: '企业微信群机器人 · 127.0.0.1' }).waitFor();
    expect(await page.getByTestId('notification-channel').textContent()).not.toContain(robotKey);
    expect((await longkou.get(`/units/${longkouId}/notification-channel`)).data).toMatchObject({ kind: 'wecom_robot', active: true });
    await operator.screenshot('notifications');
    expectNoRefusals(operator);
  });

  it('lets the editor add a second missing child to a 微寻人 and save both as persons of one notice', async () => {
    const editor = await person('editor', 'editor');
    const { page } = editor;
    const draft = await system.editor.post('/bulletins', {
      kind: 'missing_person',
      title: '寻找走失的姐弟二人',
      body: '12月2日下午，龙口市东莱街道两名儿童放学后未归。请知情者速与家属或公安机关联系。',
      issuerUnitId: longkouId,
      target: { unitIds: [longkouId], platforms: ['webhook'] },
      missingPerson: {
        person: { name: '李小红', sex: 'female', age: 9 },
        lastSeen: { at: '2026-12-02T08:30:00.000Z', place: '龙口市东莱街道实验小学', latitude: 37.65, longitude: 120.48 },
        guardianContact: '0535-8512110',
      },
    });
    expect(draft.status).toBe(201);
    await page.goto(`/console/bulletins/${draft.data.id}/edit`);
    // The draft arrives after the screen is drawn: its person fills the form's one row.
    await waitFor(
      'the draft in the form',
      async () => ((await page.getByLabel('姓名').inputValue()) === '李小红' ? true : undefined),
      10_000,
      100,
    );
    await page.getByRole('button', { name: /添加走失人员/ }).click();
    await page.getByLabel('走失人员2姓名').fill('李小明');
    await choose(page, page.getByLabel('走失人员2性别'), '男');
    await page.getByLabel('走失人员2年龄').fill('6');
    await page.getByLabel('走失人员2衣着').fill('蓝色校服');
    await page.getByLabel('案件编号（如有）').fill('LK2026-330');
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await editor.toast('草稿已保存');
    const saved = (await system.editor.get(`/bulletins/${draft.data.id}`)).data;
    expect(saved.content.missingPerson.persons).toEqual([
      expect.objectContaining({ name: '李小红', sex: 'female', age: 9 }),
      expect.objectContaining({ name: '李小明', sex: 'male', age: 6, clothing: '蓝色校服' }),
    ]);
    expect(saved).toMatchObject({ caseNumber: 'LK2026-330', personCount: 2 });

    // Removing the second child again leaves a notice of one person, with the plain labels back.
    await page.getByRole('button', { name: '删除走失人员2' }).click();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await editor.toast('草稿已保存');
    const single = (await system.editor.get(`/bulletins/${draft.data.id}`)).data;
    expect(single.content.missingPerson.person).toMatchObject({ name: '李小红' });
    expect(single).toMatchObject({ personCount: 1 });
    expectNoRefusals(editor);
  });

  it('lets the editor write one notice naming three suspects, record two surrenders, and see them once a second person approves', async () => {
    const editor = await person('editor', 'editor');
    const { page } = editor;
    // A draft of one suspect, written through the api; the editor adds the other two on the compose screen.
    const base = wantedBulletin(longkouId, [longkouId], ['webhook']) as any;
    const draft = await system.editor.post('/bulletins', {
      ...base,
      title: '悬赏通缉三名盗窃嫌疑人',
      body: '11月以来，龙口市连续发生入室盗窃案件，三名嫌疑人作案后逃离。',
      wanted: { ...base.wanted, suspect: { name: '甲某某', sex: 'male' }, offence: '盗窃', caseNumber: 'LK2026-201', reward: undefined },
    });
    expect(draft.status).toBe(201);
    await page.goto(`/console/bulletins/${draft.data.id}/edit`);
    await page.getByLabel('嫌疑人1姓名').waitFor();
    expect(await page.getByLabel('嫌疑人1姓名').inputValue()).toBe('甲某某');
    for (const [index, name] of ['乙某', '丙某某'].entries()) {
      await page.getByRole('button', { name: /添加嫌疑人/ }).click();
      await page.getByLabel(`嫌疑人${index + 2}姓名`).fill(name);
    }
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await editor.toast('草稿已保存');
    const id = draft.data.id;
    const saved = (await system.editor.get(`/bulletins/${id}`)).data;
    expect(saved.content.wanted.suspects.map((suspect: { name: string }) => suspect.name)).toEqual(['甲某某', '乙某', '丙某某']);
    expect(saved).toMatchObject({ caseNumber: 'LK2026-201', personCount: 3 });
    expect((await system.editor.post(`/bulletins/${id}/submit`)).status).toBe(200);
    expect((await system.reviewer.post(`/bulletins/${id}/approve`)).status).toBe(200);
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);

    await page.goto(`/console/bulletins/${id}`);
    const persons = page.getByTestId('persons');
    await persons.filter({ hasText: '0/3 已到案' }).waitFor();
    for (const name of ['甲某某', '丙某某']) await persons.getByRole('checkbox', { name: `选择${name}` }).check();
    await persons.getByRole('button', { name: '记录所选 2 人的结果' }).click();
    const dialog = page.getByRole('dialog', { name: /记录结果/ });
    await dialog.waitFor();
    // The dialog zooms in: its fields are picked once it stands still.
    await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    await choose(page, dialog.getByLabel('结果', { exact: true }).and(page.getByRole('combobox')), '已投案');
    await page.getByLabel('地点').fill('龙口市公安局');
    // Twelve hours back in UTC is in the past in any time zone the browser may be in; Enter confirms the time and records.
    await typeDate(page.getByLabel('发生时间'), new Date(Date.now() - 12 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
    await editor.toast('已记录，更新待另一位审核员批准后发出');
    await persons.locator('tr', { hasText: '甲某某' }).filter({ hasText: '待批准：已投案' }).waitFor();

    const proposal = (await system.reviewer.get(`/bulletins/${id}/updates`)).data[0];
    expect((await system.reviewer.post(`/bulletins/${id}/updates/${proposal.id}/approve`)).status).toBe(202);
    await page.reload();
    await persons.filter({ hasText: '2/3 已到案' }).waitFor();
    expect(
      await persons.locator('[data-person-status]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-person-status'))),
    ).toEqual(['surrendered', 'at_large', 'surrendered']);
    await editor.screenshot('persons');
    expectNoRefusals(editor);
  });

  it('lets the admin create a user, deactivate one, and find the look at a contact in the audit', async () => {
    const admin = await person('admin', 'admin', ADMIN_PASSWORD);
    const { page } = admin;
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('用户名').fill('penglai');
    await dialog.getByLabel('姓名').fill('蓬莱区政法委运营');
    await choose(page, dialog.getByLabel('角色'), '单位管理员');
    await pickUnit(page, dialog.getByLabel('所属单位'), '370614', /蓬莱区/);
    await dialog.getByLabel('初始密码').fill('Penglai-console-2026!');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await admin.toast('已创建用户 penglai');
    await page.locator('.ant-table-row').filter({ hasText: 'penglai' }).waitFor();
    const created = ((await system.api.get('/users')).data as Array<{ username: string; role: string; active: boolean }>).find(
      (user) => user.username === 'penglai',
    );
    expect(created).toMatchObject({ role: 'unit_operator', active: true });

    await page.getByRole('button', { name: '停用 analyst' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await admin.toast('已停用 analyst，其所有登录已失效');
    await page.locator('.ant-table-row').filter({ hasText: 'analyst' }).filter({ hasText: '已停用' }).waitFor();
    expect((await system.api.post('/auth/login', { username: 'analyst', password: USER_PASSWORD })).status).toBe(401);
    await admin.screenshot('users');

    await admin.menu('审计');
    await choose(page, page.getByLabel('对象类型'), '线索');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const look = page.locator('.ant-table-row').filter({ hasText: 'tip.contact_viewed' });
    await look.waitFor();
    expect(await look.textContent()).toContain('longkou');
    await admin.screenshot('audit');
    expectNoRefusals(admin);
  });

  it('lets the reviewer read why a platform refused posts and retry them once the cause is gone', async () => {
    await system.sim.put('/_sim/faults', { platform: 'weibo', bannedWords: ['王五'] });
    const province = (await system.api.get('/units', { params: { level: 'province' } })).data.items[0].id;
    const bulletin = await approvedBulletin(system, {
      ...wantedBulletin(longkouId, [province], ['weibo']),
      title: '悬赏通缉犯罪嫌疑人王五',
    });
    expect((await system.reviewer.post(`/bulletins/${bulletin.id}/publish`)).status).toBe(202);
    // Accounts imported above hold made-up tokens and fail otherwise; the ones the simulator knows are refused for the word.
    const failed = await waitFor(
      'refused posts',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE last_error_code = 'REJECTED' AND state = 'failed')::int AS rejected,
                  count(*) FILTER (WHERE state NOT IN ('failed', 'awaiting_review'))::int AS open
           FROM delivery WHERE bulletin_id = $1`,
          [bulletin.id],
        );
        if (rows[0].rejected > 0 && rows[0].open === 0) return rows[0].rejected as number;
        const states = await system.db.query(
          `SELECT state, last_error_code, count(*)::int AS n FROM delivery WHERE bulletin_id = $1 GROUP BY 1, 2`,
          [bulletin.id],
        );
        throw new Error(JSON.stringify(states.rows));
      },
      90_000,
      250,
    );
    const reviewer = await person('reviewer', 'reviewer');
    const { page } = reviewer;
    await reviewer.menu('失败投递');
    await choose(page, page.getByLabel('平台'), '微博');
    await choose(page, page.getByLabel('公告'), '悬赏通缉犯罪嫌疑人王五');
    await page.getByLabel('错误码').fill('REJECTED');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText(`共 ${failed} 条`).waitFor();
    expect(await page.locator('.ant-table-row').first().textContent()).toContain('REJECTED');
    await reviewer.screenshot('dead-letters');
    await system.sim.put('/_sim/faults', { platform: 'weibo', bannedWords: [] });
    await page.getByRole('button', { name: /^重\s*试$/ }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /^重\s*试$/ })
      .click();
    await reviewer.toast(`已重新排队 ${failed} 条`);
    await waitFor(
      'the retried posts published',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE state = 'published')::int AS n FROM delivery WHERE bulletin_id = $1`,
          [bulletin.id],
        );
        return rows[0].n === failed ? true : undefined;
      },
      60_000,
      250,
    );
    expectNoRefusals(reviewer);
  });

  it('serves the console compressed and its hashed files for good, its screens at any path, and /dashboard/ as analysis', async () => {
    const page = await (await fetch(`${system.apiUrl}/console/audit`)).text();
    expect(page).toContain('<div id="root">');
    const entry = /\/console\/assets\/index-[^"]+\.js/.exec(page)![0];
    const asset = await fetch(`${system.apiUrl}${entry}`, { headers: { 'Accept-Encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const redirect = await fetch(`${system.apiUrl}/dashboard/`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/console/analysis']);
  });
});
