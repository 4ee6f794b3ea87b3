import { type AxiosInstance } from 'axios';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { Platform, PLATFORMS } from '@mb/vocabulary';

import {
  approvedBulletin,
  createUnitTree,
  platformAccount,
  registerWithSimulator,
  reportBulletin,
  type SeededAccount,
  tipCodeOfPost,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

const CONTACT_PHONE = '13912345678';

/** A JPEG as a phone takes it: with the camera's make and model and a position in its metadata. */
function photoWithMetadata(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: '#c00' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TipsterPhone', Model: 'MB-X1', ImageDescription: 'GPS 37.6512N 120.4800E' } })
    .toBuffer();
}

interface Attribution {
  accountId: string;
  platform: Platform;
  platformAccountId: string;
  code: string;
  simPostId: string;
}

describe('tips from the public', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let stationId: string;
  const operators: AxiosInstance[] = [];
  let cityOperator: AxiosInstance;
  let stationOperator: AxiosInstance;
  let clockOffsetMs = 0;
  /** The wanted bulletin issued by county 0, posted by one account of each platform of county 0. */
  let wantedId: string;
  const links: Attribution[] = [];

  beforeAll(async () => {
    system = await TestSystem.start('tips', {
      queueBackend: 'postgres',
      env: {
        MB_TEST_HOOKS: 'true',
        MB_SWEEP_INTERVAL_MS: '300',
        MB_INBOUND_POLL_SECONDS: '1',
        MB_TIP_REPLY_DEADLINE_HOURS: '24',
        MB_TIPS_PER_CLIENT_PER_MINUTE: '1000',
      },
    });
    tree = await createUnitTree(system);
    stationId = (
      await system.api.post('/units', {
        code: '370681P01',
        name: '东莱派出所',
        level: 'station',
        parentId: tree.countyIds[0],
        latitude: 37.65,
        longitude: 120.48,
      })
    ).data.id;
    for (const countyId of tree.countyIds) operators.push(await system.clientFor('unit_operator', countyId));
    cityOperator = await system.clientFor('unit_operator', tree.cityId);
    stationOperator = await system.clientFor('unit_operator', stationId);

    const accounts: Array<SeededAccount & { followers: number }> = PLATFORMS.map((platform, index) => ({
      ...platformAccount(platform, 700 + index, system.simUrl),
      followers: 10_000,
    }));
    const rows = accounts.map(({ simCredentials: _sim, ...row }, index) => ({
      ...row,
      unitId: tree.countyIds[0],
      displayName: `龙口发布${index}`,
    }));
    expect((await system.api.post('/accounts/import', { accounts: rows })).data.created).toBe(accounts.length);
    await registerWithSimulator(system, accounts);
    const registered = (await system.api.get('/accounts', { params: { limit: 100 } })).data.items as Array<{
      id: string;
      platform: Platform;
      platformAccountId: string;
    }>;

    wantedId = await publishAndWait(wantedBulletin(tree.countyIds[0], [tree.countyIds[0]]));
    for (const account of registered) {
      links.push({
        accountId: account.id,
        platform: account.platform,
        platformAccountId: account.platformAccountId,
        ...(await tipCodeOfPost(system, account.platform, account.platformAccountId)),
      });
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function publishAndWait(body: object): Promise<string> {
    const { id } = await approvedBulletin(system, body);
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    await waitFor(
      'posts',
      async () => {
        const { rows } = await system.db.query(
          `SELECT count(*) FILTER (WHERE state <> 'published')::int AS open, count(*)::int AS all FROM delivery WHERE bulletin_id = $1`,
          [id],
        );
        return rows[0].open === 0 ? true : undefined;
      },
      60_000,
    );
    return id;
  }

  async function submit(body: Record<string, unknown>, key?: string) {
    return system.api.post('/public/tips', body, { headers: key ? { 'Idempotency-Key': key } : {} });
  }

  async function tipByReplyCode(replyCode: string) {
    const { rows } = await system.db.query(`SELECT * FROM tip WHERE reply_code = $1`, [replyCode]);
    return rows[0];
  }

  async function advanceClock(hours: number): Promise<void> {
    clockOffsetMs += hours * 3_600_000;
    expect((await system.api.put('/test-clock', { offsetMs: clockOffsetMs })).status).toBe(200);
  }

  it('serves a Chinese tip page for the link in a post, and describes the bulletin without the full ID number', async () => {
    const page = await system.api.get(`/t/${links[0].code}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.data).toContain('提交线索');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const described = (await system.api.get(`/public/links/${links[0].code}`)).data;
    expect(described).toMatchObject({ kind: 'wanted', kindLabel: '微通缉', title: '悬赏通缉犯罪嫌疑人张某某' });
    expect(JSON.stringify(described)).not.toContain('370681199001011234');
    expect((await system.api.get('/public/links/1.1.aaaaaa')).status).toBe(404);
  });

  it('attributes a tip from the link of account X to X, its platform and its unit', async () => {
    for (const link of links) {
      const answer = await submit({ code: link.code, text: `我在${link.platform}上看到通缉令，嫌疑人在东莱街道出现过`, anonymous: true });
      expect(answer.status).toBe(201);
      expect(answer.data.replyCode).toMatch(/^[A-Z0-9]{16}$/);
      const tip = await tipByReplyCode(answer.data.replyCode);
      expect({ account: tip.account_id, platform: tip.platform, unit: tip.source_unit_id, bulletin: tip.bulletin_id }).toEqual({
        account: link.accountId,
        platform: link.platform,
        unit: tree.countyIds[0],
        bulletin: wantedId,
      });
      // Wanted bulletins route to their issuer.
      expect(tip.handling_unit_id).toBe(tree.countyIds[0]);
    }
  });

  it('turns comments written on each platform into tips attributed to the account that carried the post, and replies under them', async () => {
    const comments = new Map<string, Attribution>();
    for (const link of links) {
      const comment = await system.sim.post('/_sim/inbound', {
        platform: link.platform,
        accountId: link.platformAccountId,
        postId: link.simPostId,
        text: `评论线索：${link.platform}网友称见过此人`,
        from: `fan-${link.platform}`,
      });
      expect(comment.status).toBe(201);
      comments.set(comment.data.id, link);
    }
    const tips = await waitFor(
      'inbound tips',
      async () => {
        const { rows } = await system.db.query(
          `SELECT id, account_id, platform, source_unit_id, platform_message_id, bulletin_id FROM tip WHERE source = 'platform'`,
        );
        return rows.length === links.length ? rows : undefined;
      },
      30_000,
      300,
    );
    for (const link of links) {
      const tip = tips.find((row) => row.account_id === link.accountId);
      expect(tip).toMatchObject({ platform: link.platform, source_unit_id: tree.countyIds[0], bulletin_id: wantedId });
    }
    // The next poll must not store the same comments again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await system.db.query(`SELECT count(*)::int AS n FROM tip WHERE source = 'platform'`)).rows[0].n).toBe(links.length);

    for (const tip of tips)
      expect((await operators[0].post(`/tips/${tip.id}/reply`, { text: '感谢您提供的线索，我们已转交办案单位核查。' })).status).toBe(201);
    const answered = await waitFor(
      'replies on every platform',
      async () => {
        const all = (await system.sim.get('/_sim/comments')).data as Array<{ id: string; replies: Array<{ text: string }> }>;
        const mine = all.filter((comment) => comments.has(comment.id));
        return mine.every((comment) => comment.replies.length === 1) ? mine : undefined;
      },
      30_000,
      300,
    );
    expect(answered.map((comment) => comment.replies[0].text)).toEqual(answered.map(() => '感谢您提供的线索，我们已转交办案单位核查。'));
    // The reply is marked sent once the platform's answer is in, just after the simulator shows it.
    await waitFor(
      'every reply marked sent',
      async () => {
        const { rows } = await system.db.query(`SELECT reply_delivery FROM tip WHERE source = 'platform'`);
        return rows.every((row) => row.reply_delivery === 'sent') ? true : undefined;
      },
      10_000,
      100,
    );
  });

  it('stores a retried submission with the same idempotency key once, and refuses the key for a different tip', async () => {
    const body = { code: links[1].code, text: '同一条线索重复提交：车牌鲁F12345', anonymous: true };
    const first = await submit(body, 'retry-key-0001');
    const again = await submit(body, 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.data.replyCode).toBe(first.data.replyCode);
    expect((await submit({ ...body, text: '另一条不同的线索内容' }, 'retry-key-0001')).status).toBe(409);
    expect((await system.db.query(`SELECT count(*)::int AS n FROM tip WHERE idempotency_key = 'retry-key-0001'`)).rows[0].n).toBe(1);
  });

  it('marks repeats of the same contact or near-identical text as duplicates of the first, and keeps them', async () => {
    const code = links[2].code;
    const original = await submit({
      code,
      text: '嫌疑人张某某昨晚在龙口市东莱街道一家网吧出现。',
      anonymous: false,
      name: '李先生',
      contact: { phone: '13800001111' },
    });
    const sameText = await submit({ code, text: '嫌疑人张某某 昨晚在龙口市东莱街道一家网吧出现！！', anonymous: true });
    const sameContact = await submit({
      code,
      text: '补充：他穿黑色外套，骑电动车往南走了',
      anonymous: false,
      contact: { phone: '138-0000-1111' },
    });
    const different = await submit({ code, text: '我在莱州见过一个长得很像的人', anonymous: true });
    const rows = await Promise.all([original, sameText, sameContact, different].map((answer) => tipByReplyCode(answer.data.replyCode)));
    expect(rows.map((row) => row.status)).toEqual(['new', 'duplicate', 'duplicate', 'new']);
    expect(rows.map((row) => row.duplicate_of)).toEqual([null, rows[0].id, rows[0].id, null]);

    // The public page must not tell whether this phone number or text already informed on the bulletin.
    const seen = await Promise.all(
      [original, sameText, sameContact, different].map(
        async (answer) => (await system.api.get(`/public/tips/${answer.data.replyCode}`)).data,
      ),
    );
    expect(seen.map((view) => [view.status, view.statusLabel])).toEqual(seen.map(() => ['received', '已收到']));
    expect(JSON.stringify(seen)).not.toMatch(/duplicate|重复/);
  });

  it('of the same tip sent many times at once, keeps exactly one as the first and marks the others its duplicates', async () => {
    const code = links[3].code;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        submit({ code, text: '同时提交：嫌疑人刚进了龙口汽车站候车厅', anonymous: index % 2 === 0 }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const rows = await Promise.all(answers.map((answer) => tipByReplyCode(answer.data.replyCode)));
    const firsts = rows.filter((row) => row.status === 'new');
    expect(firsts).toHaveLength(1);
    expect(rows.filter((row) => row.status === 'duplicate').map((row) => row.duplicate_of)).toEqual(
      Array.from({ length: 11 }, () => firsts[0].id),
    );
  });

  it('routes micro-report tips to the county containing their location; other counties cannot see them', async () => {
    const reportId = await publishAndWait(reportBulletin(tree.cityId, tree.countyIds));
    const {
      rows: [delivery],
    } = await system.db.query(
      `SELECT a.platform, a.platform_account_id FROM delivery d JOIN account a ON a.id = d.account_id WHERE d.bulletin_id = $1 LIMIT 1`,
      [reportId],
    );
    const { code } = await tipCodeOfPost(system, delivery.platform, delivery.platform_account_id);
    // A few kilometres from each county seat; the last one carries no location and goes to the issuer.
    const places = [
      { latitude: 37.62, longitude: 120.51 },
      { latitude: 36.95, longitude: 120.69 },
      { latitude: 37.2, longitude: 119.97 },
    ];
    const tipIds: string[] = [];
    for (const [index, location] of places.entries()) {
      const answer = await submit({
        code,
        text: `第${index + 1}条：此处有人收购银行卡和电话卡`,
        anonymous: true,
        location,
        locationText: `测试地点${index + 1}`,
      });
      expect(answer.status).toBe(201);
      const tip = await tipByReplyCode(answer.data.replyCode);
      expect(tip.handling_unit_id).toBe(tree.countyIds[index]);
      tipIds.push(tip.id);
    }
    const unlocated = await tipByReplyCode((await submit({ code, text: '听说有人在网上招募跑分人员', anonymous: true })).data.replyCode);
    expect(unlocated.handling_unit_id).toBe(tree.cityId);

    for (const [index, operator] of operators.entries()) {
      const seen = ((await operator.get('/tips', { params: { bulletinId: reportId } })).data.items as Array<{ id: string }>).map(
        (tip) => tip.id,
      );
      expect(seen).toEqual([tipIds[index]]);
      for (const [other, tipId] of tipIds.entries()) {
        expect((await operator.get(`/tips/${tipId}`)).status).toBe(other === index ? 200 : 404);
        if (other !== index) expect((await operator.post(`/tips/${tipId}/reply`, { text: '越权答复' })).status).toBe(404);
      }
    }
    const citySeen = ((await cityOperator.get('/tips', { params: { bulletinId: reportId } })).data.items as Array<{ id: string }>).map(
      (tip) => tip.id,
    );
    expect(citySeen.sort()).toEqual([...tipIds, unlocated.id].sort());

    // The county hands its tip to one of its stations, which can then work it; the county still sees it.
    expect((await stationOperator.get(`/tips/${tipIds[0]}`)).status).toBe(404);
    const assigned = await operators[0].post(`/tips/${tipIds[0]}/triage`, {
      status: 'assigned',
      unitId: stationId,
      note: '请东莱派出所核查',
    });
    expect(assigned.status).toBe(201);
    expect(assigned.data).toMatchObject({ status: 'assigned', handlingUnitId: stationId });
    expect((await stationOperator.get(`/tips/${tipIds[0]}`)).status).toBe(200);
    expect((await operators[0].get(`/tips/${tipIds[0]}`)).status).toBe(200);
    expect((await operators[1].post(`/tips/${tipIds[1]}/triage`, { status: 'assigned', unitId: stationId })).status).toBe(400);

    // Each handler answers its own tips (on the tip page: they came through links).
    const handlers = [stationOperator, operators[1], operators[2]];
    for (const [index, tipId] of tipIds.entries())
      expect((await handlers[index].post(`/tips/${tipId}/reply`, { text: '感谢举报，已安排核查。' })).status).toBe(201);
    expect((await cityOperator.post(`/tips/${unlocated.id}/reply`, { text: '感谢举报，已转交属地核查。' })).status).toBe(201);
  });

  it('escalates an unanswered tip to the parent unit after the deadline, and counts reply rates per unit', async () => {
    await publishAndWait(wantedBulletin(tree.countyIds[1], [tree.countyIds[0]]));
    const { code } = await tipCodeOfPost(system, links[0].platform, links[0].platformAccountId);
    const replyCodes: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      replyCodes.push((await submit({ code, text: `莱阳案件线索第${index + 1}条：嫌疑人曾在菜市场出现`, anonymous: true })).data.replyCode);
    }
    const tips = await Promise.all(replyCodes.map(tipByReplyCode));
    expect(tips.map((tip) => tip.handling_unit_id)).toEqual(tips.map(() => tree.countyIds[1]));

    expect((await operators[1].post(`/tips/${tips[0].id}/reply`, { text: '已收到，正在核查，感谢支持。' })).status).toBe(201);
    const onPage = (await system.api.get(`/public/tips/${replyCodes[0]}`)).data;
    expect(onPage.reply.text).toBe('已收到，正在核查，感谢支持。');
    expect((await system.api.get(`/public/tips/${replyCodes[1]}`)).data.reply).toBeNull();

    await advanceClock(23);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await tipByReplyCode(replyCodes[1])).handling_unit_id).toBe(tree.countyIds[1]);

    await advanceClock(2);
    await waitFor(
      'escalation',
      async () => {
        const rows = await Promise.all(replyCodes.slice(1).map(tipByReplyCode));
        return rows.every((row) => row.handling_unit_id === tree.cityId) ? true : undefined;
      },
      15_000,
      300,
    );
    expect((await tipByReplyCode(replyCodes[0])).handling_unit_id).toBe(tree.countyIds[1]);
    expect((await operators[1].get(`/tips/${tips[1].id}`)).status).toBe(404);
    expect((await cityOperator.post(`/tips/${tips[1].id}/reply`, { text: '市局已接手，感谢您的线索。' })).status).toBe(201);
    const { rows: audit } = await system.db.query(
      `SELECT entity_id FROM audit_event WHERE action = 'tip.escalated' AND entity_id = ANY($1)`,
      [[tips[1].id, tips[2].id]],
    );
    expect(audit).toHaveLength(2);

    // The test's own count from the assignment history: replied / (replied + escalated) per unit.
    const { rows: assignments } = await system.db.query(`SELECT unit_id, outcome FROM tip_assignment WHERE outcome <> 'reassigned'`);
    const expected = new Map<string, { replied: number; escalated: number }>();
    for (const row of assignments) {
      const entry = expected.get(row.unit_id) ?? { replied: 0, escalated: 0 };
      if (row.outcome === 'replied') entry.replied += 1;
      if (row.outcome === 'escalated') entry.escalated += 1;
      expected.set(row.unit_id, entry);
    }
    const stats = (await system.api.get('/tips/reply-stats')).data as Array<{
      unitId: string;
      replied: number;
      escalated: number;
      replyRate: number | null;
    }>;
    const county = stats.find((row) => row.unitId === tree.countyIds[1]);
    // County 1 answered the routed report tip and one of these three; two went up unanswered.
    expect(county).toMatchObject({ replied: 2, escalated: 2, replyRate: 0.5 });
    const city = stats.find((row) => row.unitId === tree.cityId);
    expect(city?.replied).toBe(expected.get(tree.cityId)?.replied);
    for (const row of stats) {
      const own = expected.get(row.unitId) ?? { replied: 0, escalated: 0 };
      expect(row.replyRate).toBe(own.replied + own.escalated === 0 ? null : own.replied / (own.replied + own.escalated));
    }
  });

  it('shows a contact only to the handling unit, audits each look, and never keeps or prints it in clear', async () => {
    const answer = await submit({
      code: links[3].code,
      text: '我认识嫌疑人的表弟，可以提供他的住址，请联系我。',
      anonymous: false,
      name: '王女士',
      contact: { phone: CONTACT_PHONE, wechatId: 'wang_tipster88' },
      photos: [{ contentType: 'image/jpeg', dataBase64: (await photoWithMetadata()).toString('base64') }],
      location: { latitude: 37.6512, longitude: 120.48 },
      locationText: '东莱街道网吧门口',
    });
    expect(answer.status).toBe(201);
    const tip = await tipByReplyCode(answer.data.replyCode);

    expect((await operators[0].get(`/tips/${tip.id}/contact`)).data).toEqual({
      name: '王女士',
      contact: { phone: CONTACT_PHONE, wechatId: 'wang_tipster88' },
    });
    expect((await operators[1].get(`/tips/${tip.id}/contact`)).status).toBe(404);
    expect((await cityOperator.get(`/tips/${tip.id}/contact`)).status).toBe(403);
    expect((await system.api.get(`/tips/${tip.id}/contact`)).status).toBe(403);
    const views = (await system.api.get('/audit', { params: { entityType: 'tip', entityId: tip.id } })).data.items as Array<{
      action: string;
    }>;
    expect(views.filter((row) => row.action === 'tip.contact_viewed')).toHaveLength(1);

    const detail = (await operators[0].get(`/tips/${tip.id}`)).data;
    expect(detail.photos).toHaveLength(1);
    const photo = Buffer.from(
      (await operators[0].get(`/tips/${tip.id}/photos/${detail.photos[0].id}`, { responseType: 'arraybuffer' })).data,
    );
    // The picture, re-encoded: same size and kind, no camera, no position.
    const stored = await sharp(photo).metadata();
    expect(stored).toMatchObject({ format: 'jpeg', width: 16, height: 12 });
    expect(stored.exif).toBeUndefined();
    expect(photo.includes('TipsterPhone')).toBe(false);
    expect(photo.includes('37.6512N')).toBe(false);

    // The tipster's location: to the handling unit only, like the contact.
    expect(detail.location).toEqual({ latitude: 37.6512, longitude: 120.48 });
    expect(detail.locationText).toBe('东莱街道网吧门口');
    for (const other of [cityOperator, system.api]) {
      const seen = (await other.get(`/tips/${tip.id}`)).data;
      expect([seen.location, seen.locationText, seen.hasLocation]).toEqual([null, null, true]);
      const listed = (await other.get('/tips', { params: { limit: 200 } })).data.items.find((item: { id: string }) => item.id === tip.id);
      expect([listed.location, listed.locationText]).toEqual([null, null]);
    }

    const reward = await operators[0].put(`/tips/${tip.id}/reward`, { eligible: true, amount: 5000, status: 'approved' });
    expect(reward.data.reward).toEqual({ eligible: true, amount: 5000, status: 'approved' });
    const rewardAudit = (await system.api.get('/audit', { params: { entityType: 'tip', entityId: tip.id } })).data.items.find(
      (row: { action: string }) => row.action === 'tip.reward_changed',
    );
    expect(rewardAudit.after).toEqual({ eligible: true, amount: 5000, status: 'approved' });

    // Every column of every table, the tips export, the audit API and every process's log.
    const { rows: tables } = await system.db.query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    for (const { table_schema: schema, table_name: table } of tables) {
      const { rows } = await system.db.query(
        `SELECT count(*)::int AS n FROM "${schema}"."${table}" row WHERE row::text LIKE $1 OR row::text LIKE $2`,
        [`%${CONTACT_PHONE}%`, '%wang_tipster88%'],
      );
      expect({ table: `${schema}.${table}`, found: rows[0].n }).toEqual({ table: `${schema}.${table}`, found: 0 });
    }
    const exported = await operators[0].get('/tips/export.csv');
    expect(exported.status).toBe(200);
    const records = parse(exported.data.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(records.some((record) => record['查询码'] === answer.data.replyCode)).toBe(true);
    expect(exported.data).not.toContain(CONTACT_PHONE);
    expect(exported.data).not.toContain('王女士');
    expect(exported.data).not.toContain('东莱街道网吧门口');
    expect(JSON.stringify((await system.api.get('/audit', { params: { limit: 1000 } })).data)).not.toContain(CONTACT_PHONE);
    expect(system.logs()).not.toContain(CONTACT_PHONE);
    expect(system.logs()).not.toContain('wang_tipster88');
  });
  it('shows the public no resident ID number whole, wherever it was typed: title, body, reply', async () => {
    const typedId = '370681197507178403';
    const bulletin = wantedBulletin(tree.countyIds[0], [tree.countyIds[0]], ['weibo']);
    const id = await publishAndWait({
      ...bulletin,
      title: `通缉身份证号${typedId}的嫌疑人`,
      body: `嫌疑人张某某，身份证号${typedId}，案发后逃离。`,
    });
    const {
      rows: [post],
    } = await system.db.query(
      `SELECT a.platform, a.platform_account_id FROM delivery d JOIN account a ON a.id = d.account_id WHERE d.bulletin_id = $1 LIMIT 1`,
      [id],
    );
    const { code } = await tipCodeOfPost(system, post.platform, post.platform_account_id);
    const sent = await submit({ code, text: `我见过${typedId}这个人`, anonymous: true });
    const tip = await tipByReplyCode(sent.data.replyCode);
    expect((await operators[0].post(`/tips/${tip.id}/reply`, { text: `您说的${typedId}已在核查。` })).status).toBe(201);

    const answers = [
      sent,
      await system.api.get(`/t/${code}`),
      await system.api.get(`/public/links/${code}`),
      await system.api.get(`/public/tips/${sent.data.replyCode}`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(JSON.stringify(answer.data)).not.toContain(typedId);
    }
    expect(JSON.stringify(answers[2].data)).toContain('370681********8403');
    expect(answers[3].data.reply.text).toBe('您说的370681********8403已在核查。');
  });
});
