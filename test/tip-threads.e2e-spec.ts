import { type AxiosInstance } from 'axios';
import sharp from 'sharp';
import { Platform } from '@mb/vocabulary';
import {
  accountRows,
  apiRows,
  approvedBulletin,
  createUnitTree,
  registerWithSimulator,
  tipCodeOfPost,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

const DAY_MS = 24 * 3600 * 1000;
const REPLY_CODE_LIMIT = 12;

/** A JPEG as a phone takes it, with the camera and a position in its metadata. */
function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 24, channels: 3, background: '#0a0' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TipsterPhone', Model: 'MB-X2', ImageDescription: 'GPS 36.6681N 116.9920E' } })
    .toBuffer();
}

/**
 * The two-way anonymous channel: the tipster holds only the reply code, reads the unit's answers
 * and writes again with photos; the unit answers from its inbox; nothing is readable at rest and
 * the thread is purged, audited, after its retention.
 */
describe('a thread between the tipster and the handling unit', () => {
  let system: TestSystem;
  let tree: UnitTree;
  let operator: AxiosInstance;
  let otherCounty: AxiosInstance;
  let cityOperator: AxiosInstance;
  let code: string;
  let replyCode: string;
  let tipId: string;

  beforeAll(async () => {
    system = await TestSystem.start('threads', {
      queueBackend: 'postgres',
      env: {
        MB_TEST_HOOKS: 'true',
        MB_TIPS_PER_CLIENT_PER_MINUTE: '1000',
        MB_REPLY_CODE_REQUESTS_PER_CLIENT_PER_MINUTE: String(REPLY_CODE_LIMIT),
        MB_TIP_THREAD_RETENTION_DAYS: '30',
        MB_TIP_THREAD_PURGE_INTERVAL_MS: '300',
        // The test speaks as many client addresses, each through the loopback proxy.
        MB_TRUSTED_PROXIES: '127.0.0.1/8',
      },
    });
    tree = await createUnitTree(system);
    const rows = accountRows(system, [tree.countyIds[0]], 1, [Platform.Webhook]);
    expect((await system.api.post('/accounts/import', { accounts: apiRows(rows) })).data.created).toBe(1);
    await registerWithSimulator(system, rows);
    operator = await system.clientFor('unit_operator', tree.countyIds[0]);
    otherCounty = await system.clientFor('unit_operator', tree.countyIds[1]);
    cityOperator = await system.clientFor('unit_operator', tree.cityId);
    const { id, seq } = await approvedBulletin(system, wantedBulletin(tree.countyIds[0], [tree.countyIds[0]], ['webhook']));
    expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    code = (
      await waitFor(
        'the post',
        () => tipCodeOfPost(system, Platform.Webhook, rows[0].platformAccountId, seq).catch(() => undefined),
        30_000,
      )
    ).code;
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Every reply-code route counts against one limit a minute: a fresh client address per step keeps each step within it. */
  let clientNumber = 0;
  const asClient = () => ({ headers: { 'X-Forwarded-For': `198.51.100.${(clientNumber += 1)}` } });

  it('gives an 80-bit reply code, and with it alone the tipster reads answers and writes again with cleaned photos', async () => {
    const submitted = await system.api.post('/public/tips', { code, text: '嫌疑人在天桥区一家网吧出现过', anonymous: true });
    expect(submitted.status).toBe(201);
    replyCode = submitted.data.replyCode;
    // 16 characters of a 32-character alphabet: 80 bits.
    expect(replyCode).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{16}$/);
    tipId = (await system.db.query(`SELECT id FROM tip WHERE reply_code = $1`, [replyCode])).rows[0].id;

    const photo = await phonePhoto();
    const written = await system.api.post(
      `/public/tips/${replyCode}/messages`,
      { text: '补充：他常在晚上九点后出现，穿灰色卫衣', photos: [{ contentType: 'image/jpeg', dataBase64: photo.toString('base64') }] },
      asClient(),
    );
    expect(written.status).toBe(201);
    expect(written.data).toMatchObject({ replyCode, tipText: '嫌疑人在天桥区一家网吧出现过', status: 'received' });
    expect(written.data.messages).toMatchObject([{ from: 'tipster', text: '补充：他常在晚上九点后出现，穿灰色卫衣' }]);

    // The handling unit sees it waiting for an answer, with the photo and none of its metadata.
    const inbox = (await operator.get('/tips', { params: { limit: 50 } })).data.items.find((tip: { id: string }) => tip.id === tipId);
    expect(inbox.awaitingAnswerSince).not.toBeNull();
    const thread = (await operator.get(`/tips/${tipId}/messages`)).data;
    expect(thread).toHaveLength(1);
    expect(thread[0].photos).toHaveLength(1);
    const stored = await operator.get(`/tips/${tipId}/messages/${thread[0].id}/photos/${thread[0].photos[0].id}`, {
      responseType: 'arraybuffer',
    });
    expect(stored.status).toBe(200);
    const metadata = await sharp(Buffer.from(stored.data)).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.width).toBe(32);

    // The unit answers; only its operators may, and the tipster reads the answer with the code.
    // Another county does not see the tip at all; the city above sees it but does not handle it.
    expect((await otherCounty.post(`/tips/${tipId}/messages`, { text: '别的单位不能答复' })).status).toBe(404);
    expect((await cityOperator.post(`/tips/${tipId}/messages`, { text: '上级单位不代为答复' })).status).toBe(403);
    const answered = await operator.post(`/tips/${tipId}/messages`, { text: '收到，感谢补充，民警会在该时段核查。' });
    expect(answered.status).toBe(201);
    expect(answered.data.map((message: { from: string }) => message.from)).toEqual(['tipster', 'unit']);
    const read = (await system.api.get(`/public/tips/${replyCode}`, asClient())).data;
    expect(read.messages.map((message: { from: string; text: string }) => [message.from, message.text])).toEqual([
      ['tipster', '补充：他常在晚上九点后出现，穿灰色卫衣'],
      ['unit', '收到，感谢补充，民警会在该时段核查。'],
    ]);
    expect(JSON.stringify(read)).not.toMatch(/author_user_id|authorUserId|operator/);
    const after = (await operator.get(`/tips/${tipId}`)).data;
    expect(after.awaitingAnswerSince).toBeNull();

    // At rest: the messages and photo are sealed, and no address or device is kept anywhere in them.
    const { rows: sealed } = await system.db.query(
      `SELECT m.body_sealed, p.bytes_sealed FROM tip_message m LEFT JOIN tip_message_photo p ON p.message_id = m.id WHERE m.tip_id = $1`,
      [tipId],
    );
    for (const row of sealed) {
      expect(row.body_sealed).not.toMatch(/灰色卫衣|核查/);
      if (row.bytes_sealed) expect(row.bytes_sealed).not.toContain(photo.toString('base64').slice(0, 40));
    }
    const { rows: columns } = await system.db.query(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
       WHERE table_name IN ('tip_message', 'tip_message_photo')`,
    );
    expect(columns.map((column) => column.name).sort()).toEqual(
      [
        'tip_message.author',
        'tip_message.author_user_id',
        'tip_message.body_sealed',
        'tip_message.created_at',
        'tip_message.id',
        'tip_message.tip_id',
        'tip_message_photo.bytes_sealed',
        'tip_message_photo.content_type',
        'tip_message_photo.id',
        'tip_message_photo.message_id',
        'tip_message_photo.size_bytes',
      ].sort(),
    );
    // The audit says who answered and that the tipster wrote, never what either wrote.
    const { rows: audit } = await system.db.query(`SELECT action, after::text FROM audit_event WHERE entity_id = $1 ORDER BY at`, [tipId]);
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['tip.tipster_wrote', 'tip.unit_answered']));
    expect(audit.map((row) => row.after ?? '').join()).not.toMatch(/灰色卫衣|核查/);
  });

  it('refuses bad messages with the field named, and writes nothing', async () => {
    const count = async () =>
      (await system.db.query(`SELECT count(*)::int AS messages FROM tip_message WHERE tip_id = $1`, [tipId])).rows[0].messages;
    const before = await count();
    const cases: Array<[string, object, number, string]> = [
      [`/public/tips/${replyCode}/messages`, { text: '' }, 400, 'text'],
      [`/public/tips/${replyCode}/messages`, { text: '<script>alert(1)</script>' }, 400, 'text'],
      [
        `/public/tips/${replyCode}/messages`,
        { text: '照片', photos: [{ contentType: 'image/jpeg', dataBase64: 'bm90IGFuIGltYWdl' }] },
        400,
        'photos.0.dataBase64',
      ],
      [
        `/public/tips/${replyCode}/messages`,
        { text: '照片', photos: [{ contentType: 'image/gif', dataBase64: 'R0lGOD' }] },
        400,
        'photos.0.contentType',
      ],
      [`/public/tips/not-a-code/messages`, { text: '线索' }, 400, 'replyCode'],
      [`/public/tips/ABCDEFGHJKLMNPQR/messages`, { text: '线索' }, 404, 'replyCode'],
    ];
    for (const [path, body, status, field] of cases) {
      const answer = await system.api.post(path, body, asClient());
      expect({ path, body, status: answer.status }).toEqual({ path, body, status });
      expect(answer.data.field).toBe(field);
    }
    expect((await operator.post(`/tips/${tipId}/messages`, { text: 'x'.repeat(2001) })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('limits reply-code requests per client, so codes cannot be tried in bulk', async () => {
    const client = asClient();
    const answers: number[] = [];
    for (let attempt = 0; attempt < REPLY_CODE_LIMIT + 3; attempt += 1)
      answers.push((await system.api.get(`/public/tips/ABCDEFGHJKLMNP${String(attempt).padStart(2, '2')}`, client)).status);
    expect(answers.slice(0, REPLY_CODE_LIMIT).every((status) => status === 404)).toBe(true);
    expect(answers.slice(REPLY_CODE_LIMIT)).toEqual([429, 429, 429]);
    // Another address is not held back, and the real code still opens the thread.
    expect((await system.api.get(`/public/tips/${replyCode}`, asClient())).status).toBe(200);
  });

  it('purges a thread once its last message is older than the retention period, and audits each purge', async () => {
    expect((await system.api.put('/test-clock', { offsetMs: 31 * DAY_MS })).status).toBe(200);
    await waitFor(
      'the thread purged',
      async () =>
        (await system.db.query(`SELECT count(*)::int AS messages FROM tip_message WHERE tip_id = $1`, [tipId])).rows[0].messages === 0
          ? true
          : undefined,
      20_000,
      200,
    );
    expect((await system.db.query(`SELECT count(*)::int AS photos FROM tip_message_photo`)).rows[0].photos).toBe(0);
    const { rows: purged } = await system.db.query(`SELECT after FROM audit_event WHERE action = 'tip.thread_purged' AND entity_id = $1`, [
      tipId,
    ]);
    expect(purged).toHaveLength(1);
    expect(purged[0].after).toMatchObject({ retentionDays: 30 });
    // The tip itself stays, its thread now empty.
    const read = (await system.api.get(`/public/tips/${replyCode}`, asClient())).data;
    expect(read).toMatchObject({ tipText: '嫌疑人在天桥区一家网吧出现过', messages: [] });
  });
});
