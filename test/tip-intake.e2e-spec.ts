import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import axios from 'axios';
import { AttributionCodec } from '@mb/platforms';
import { approvedBulletin, createUnitTree, type UnitTree, wantedBulletin } from './support/factories';
import { TestSystem, waitFor } from './support/system';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0b1a80000000049454e44ae426082',
  'hex',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tip intake as its table grows, under a crash of the api, against hundreds of malformed payloads, and its rate limits. */
describe('tip intake', () => {
  let system: TestSystem;
  let tree: UnitTree;
  const codes: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start('tipintake', {
      queueBackend: 'postgres',
      apps: ['platform-sim', 'api'],
      env: { MB_TIPS_PER_CLIENT_PER_MINUTE: '100000', MB_TIPS_PER_BULLETIN_PER_MINUTE: '100000', MB_LOG_LEVEL: 'info' },
    });
    tree = await createUnitTree(system);
    // Without a worker nothing is posted, but the bulletins are live and take tips from their links.
    const codec = new AttributionCodec(system.env.MB_CREDENTIALS_KEY as string);
    for (let index = 0; index < 2; index += 1) {
      const { id, seq } = await approvedBulletin(system, wantedBulletin(tree.countyIds[index], [tree.countyIds[index]]));
      expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
      codes.push(codec.encode(seq, 0));
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function tipCounts() {
    const { rows } = await system.db.query(
      `SELECT (SELECT count(*) FROM tip)::int AS tips, (SELECT count(*) FROM tip_photo)::int AS photos, (SELECT count(*) FROM tip_assignment)::int AS assignments, (SELECT count(*) FROM audit_event WHERE entity_type = 'tip')::int AS audit`,
    );
    return rows[0];
  }

  /** Rows of the tip table PostgreSQL has counted as inserted and as read (by scans and index fetches). */
  async function tipTableWork() {
    const { rows } = await system.db.query(
      `SELECT n_tup_ins::int AS inserted, (seq_tup_read + coalesce(idx_tup_fetch, 0))::int AS read FROM pg_stat_user_tables WHERE relname = 'tip'`,
    );
    return rows[0] as { inserted: number; read: number };
  }

  it('reads only a few rows to store a tip, however many tips its bulletin already has, starting from an empty table', async () => {
    const public_ = axios.create({ baseURL: system.apiUrl, validateStatus: () => true });
    const submit = async (from: number, count: number) => {
      let next = from;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < from + count) {
            const index = next++;
            const answer = await public_.post('/public/tips', {
              code: codes[0],
              text: `增长线索${index}：在${index}号路口见过嫌疑人`,
              anonymous: true,
            });
            expect(answer.status).toBe(201);
          }
        }),
      );
    };
    // The api's statements are planned while the table is nearly empty, as after a deployment.
    // Each server process reports its counts when it is next idle, so they are read once all have come.
    const workAfter = (inserted: number) =>
      waitFor(`statistics of ${inserted} tips`, async () => {
        const work = await tipTableWork();
        return work.inserted >= inserted ? work : undefined;
      });
    await submit(0, 400);
    const before = await workAfter(400);
    await submit(400, 400);
    const after = await workAfter(800);
    // The duplicate check reads the tips with the same text or contact, not every tip of the bulletin.
    expect((after.read - before.read) / 400).toBeLessThan(10);
  });

  /** Sends the headers of a JSON POST declaring `length` bytes, and the api's answer to them. */
  function answerBeforeBody(path: string, length: number): Promise<{ status: number; data: any }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        `${system.apiUrl}${path}`,
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(length) } },
        (incoming) => {
          let text = '';
          incoming
            .setEncoding('utf8')
            .on('data', (chunk) => (text += chunk))
            .on('end', () => {
              outgoing.destroy();
              resolve({ status: incoming.statusCode ?? 0, data: JSON.parse(text) });
            });
        },
      );
      outgoing.on('error', (error) => (outgoing.destroyed ? undefined : reject(error)));
      outgoing.flushHeaders();
    });
  }

  it('keeps every tip that was answered with success exactly once when the api is killed and restarted midway through 1,000 concurrent submissions', async () => {
    const public_ = axios.create({ baseURL: system.apiUrl, validateStatus: () => true, timeout: 20_000 });
    const answers = new Map<string, Set<string>>();
    let failures = 0;
    const submitUntilAnswered = async (key: string, index: number): Promise<void> => {
      const body = { code: codes[index % 2], text: `并发线索${index}：在${index}号楼附近见过嫌疑人`, anonymous: true };
      for (let attempt = 0; attempt < 400; attempt += 1) {
        try {
          const answer = await public_.post('/public/tips', body, { headers: { 'Idempotency-Key': key } });
          if (answer.status === 201 || answer.status === 200) {
            const codesOfKey = answers.get(key) ?? new Set<string>();
            codesOfKey.add(answer.data.replyCode);
            answers.set(key, codesOfKey);
            return;
          }
          if (answer.status < 500) throw new Error(`submission ${index} answered ${answer.status}: ${JSON.stringify(answer.data)}`);
        } catch (error) {
          if (!axios.isAxiosError(error)) throw error;
          failures += 1;
        }
        await sleep(100 + Math.random() * 200);
      }
      throw new Error(`submission ${index} never answered`);
    };

    const keys = Array.from({ length: 1000 }, (_, index) => `crash-${index}-${randomBytes(4).toString('hex')}`);
    // Every tenth tip is also sent a second time at once with the same key, as an impatient client would.
    const submissions = keys.flatMap((key, index) =>
      index % 10 === 0 ? [submitUntilAnswered(key, index), submitUntilAnswered(key, index)] : [submitUntilAnswered(key, index)],
    );
    const crash = (async () => {
      await waitFor('some tips answered', async () => (answers.size >= 150 ? true : undefined), 60_000, 20);
      await system.kill('api');
      await system.startApp('api');
    })();
    await Promise.all([...submissions, crash]);

    expect(failures).toBeGreaterThan(0);
    expect(answers.size).toBe(keys.length);
    const { rows } = await system.db.query(`SELECT idempotency_key, reply_code FROM tip WHERE idempotency_key LIKE 'crash-%'`);
    expect(rows).toHaveLength(keys.length);
    const stored = new Map(rows.map((row) => [row.idempotency_key, row.reply_code]));
    for (const [key, replyCodes] of answers) {
      expect(replyCodes.size).toBe(1);
      expect(stored.get(key)).toBe([...replyCodes][0]);
    }
  });

  it('answers at least 200 malformed payloads with a 4xx naming the problem, never a 5xx, and stores nothing', async () => {
    const before = await tipCounts();
    const named = {
      code: codes[0],
      text: '我见过这个人，在汽车站附近',
      anonymous: false,
      name: '赵先生',
      contact: { phone: '13700002222' },
    };
    const located = {
      code: codes[0],
      text: '举报地点在开发区',
      anonymous: true,
      location: { latitude: 37.5, longitude: 121.2 },
      locationText: '开发区',
    };
    const withPhoto = {
      code: codes[0],
      text: '附照片一张',
      anonymous: true,
      photos: [{ contentType: 'image/png', dataBase64: PNG.toString('base64') }],
    };
    const plain = { code: codes[0], text: '嫌疑人住在城东', anonymous: true };

    const big = (size: number) => randomBytes(size).toString('base64');
    const mutations: Array<[string, (body: Record<string, any>) => unknown]> = [
      ['no code', ({ code: _c, ...rest }) => rest],
      ['code number', (body) => ({ ...body, code: 12345 })],
      ['code null', (body) => ({ ...body, code: null })],
      ['code empty', (body) => ({ ...body, code: '' })],
      ['code garbage', (body) => ({ ...body, code: 'not-a-code' })],
      ['code long', (body) => ({ ...body, code: 'a'.repeat(500) })],
      ['code array', (body) => ({ ...body, code: [codes[0]] })],
      ['code forged', (body) => ({ ...body, code: codes[0].replace(/\.[0-9a-z]{6}$/, '.zzzzzz') })],
      ['code unknown bulletin', (body) => ({ ...body, code: `zzzz.0.${codes[0].split('.')[2]}` })],
      ['no text', ({ text: _t, ...rest }) => rest],
      ['text number', (body) => ({ ...body, text: 42 })],
      ['text empty', (body) => ({ ...body, text: '' })],
      ['text one char', (body) => ({ ...body, text: '我' })],
      ['text oversize', (body) => ({ ...body, text: '线'.repeat(2001) })],
      ['text huge', (body) => ({ ...body, text: 'x'.repeat(200_000) })],
      ['text array', (body) => ({ ...body, text: ['a', 'b'] })],
      ['text object', (body) => ({ ...body, text: { value: 'hello' } })],
      ['text null', (body) => ({ ...body, text: null })],
      ['script tag', (body) => ({ ...body, text: '<script>alert(document.cookie)</script>线索' })],
      ['img onerror', (body) => ({ ...body, text: '线索<img src=x onerror=alert(1)>' })],
      ['javascript url', (body) => ({ ...body, text: '点此 javascript:alert(1) 查看' })],
      ['iframe', (body) => ({ ...body, text: '<iframe src="https://evil.example"></iframe>' })],
      ['svg onload', (body) => ({ ...body, text: '<svg/onload=alert(1)>' })],
      ['closing tag', (body) => ({ ...body, text: '线索</textarea><script>x</script>' })],
      ['data html', (body) => ({ ...body, text: '见 data:text/html;base64,PHNjcmlwdD4=' })],
      ['anonymous missing', ({ anonymous: _a, ...rest }) => rest],
      ['anonymous string', (body) => ({ ...body, anonymous: 'yes' })],
      ['anonymous number', (body) => ({ ...body, anonymous: 1 })],
      ['anonymous null', (body) => ({ ...body, anonymous: null })],
      ['name empty', (body) => ({ ...body, anonymous: false, name: '' })],
      ['name long', (body) => ({ ...body, anonymous: false, name: '名'.repeat(51) })],
      ['name number', (body) => ({ ...body, anonymous: false, name: 7 })],
      ['name markup', (body) => ({ ...body, anonymous: false, name: '<b>张</b>' })],
      ['anonymous with name', (body) => ({ ...body, anonymous: true, name: '赵先生' })],
      ['anonymous with contact', (body) => ({ ...body, anonymous: true, contact: { phone: '13700002222' } })],
      ['contact string', (body) => ({ ...body, anonymous: false, contact: '13700002222' })],
      ['contact array', (body) => ({ ...body, anonymous: false, contact: ['13700002222'] })],
      ['phone letters', (body) => ({ ...body, anonymous: false, contact: { phone: 'call-me-maybe' } })],
      ['phone long', (body) => ({ ...body, anonymous: false, contact: { phone: '1'.repeat(40) } })],
      ['phone number type', (body) => ({ ...body, anonymous: false, contact: { phone: 13700002222 } })],
      ['phone markup', (body) => ({ ...body, anonymous: false, contact: { phone: '<script>1</script>' } })],
      ['wechat starts with digit', (body) => ({ ...body, anonymous: false, contact: { wechatId: '1abcdef' } })],
      ['wechat long', (body) => ({ ...body, anonymous: false, contact: { wechatId: 'a'.repeat(30) } })],
      ['contact unknown field', (body) => ({ ...body, anonymous: false, contact: { phone: '13700002222', email: 'a@b.c' } })],
      ['location string', (body) => ({ ...body, location: '37.5,121.2' })],
      ['latitude 91', (body) => ({ ...body, location: { latitude: 91, longitude: 121 } })],
      ['latitude -91', (body) => ({ ...body, location: { latitude: -91, longitude: 121 } })],
      ['longitude 181', (body) => ({ ...body, location: { latitude: 37, longitude: 181 } })],
      ['longitude -181', (body) => ({ ...body, location: { latitude: 37, longitude: -181 } })],
      ['latitude string', (body) => ({ ...body, location: { latitude: '37.5', longitude: 121 } })],
      ['latitude null', (body) => ({ ...body, location: { latitude: null, longitude: 121 } })],
      ['longitude missing', (body) => ({ ...body, location: { latitude: 37 } })],
      ['location extra', (body) => ({ ...body, location: { latitude: 37, longitude: 121, altitude: 5 } })],
      ['location array', (body) => ({ ...body, location: [37, 121] })],
      ['location text long', (body) => ({ ...body, locationText: '地'.repeat(201) })],
      ['location text number', (body) => ({ ...body, locationText: 5 })],
      ['location text script', (body) => ({ ...body, locationText: '<script>alert(1)</script>' })],
      ['photos object', (body) => ({ ...body, photos: { contentType: 'image/png', dataBase64: PNG.toString('base64') } })],
      [
        'photos four',
        (body) => ({
          ...body,
          photos: Array.from({ length: 4 }, () => ({ contentType: 'image/png', dataBase64: PNG.toString('base64') })),
        }),
      ],
      ['photo gif', (body) => ({ ...body, photos: [{ contentType: 'image/gif', dataBase64: PNG.toString('base64') }] })],
      [
        'photo html',
        (body) => ({ ...body, photos: [{ contentType: 'text/html', dataBase64: Buffer.from('<script>').toString('base64') }] }),
      ],
      ['photo not base64', (body) => ({ ...body, photos: [{ contentType: 'image/png', dataBase64: '%%%not base64%%%' }] })],
      ['photo oversize', (body) => ({ ...body, photos: [{ contentType: 'image/jpeg', dataBase64: big(3 * 1024 * 1024) }] })],
      ['photo empty', (body) => ({ ...body, photos: [{ contentType: 'image/png', dataBase64: '' }] })],
      ['photo png claims jpeg', (body) => ({ ...body, photos: [{ contentType: 'image/jpeg', dataBase64: PNG.toString('base64') }] })],
      [
        'photo text claims png',
        (body) => ({
          ...body,
          photos: [{ contentType: 'image/png', dataBase64: Buffer.from('hello world, not an image').toString('base64') }],
        }),
      ],
      [
        'photo polyglot: a JPEG header on other bytes',
        (body) => ({
          ...body,
          photos: [
            {
              contentType: 'image/jpeg',
              dataBase64: Buffer.concat([JPEG.subarray(0, 4), Buffer.from('<script>alert(1)</script>')]).toString('base64'),
            },
          ],
        }),
      ],
      ['photo jpeg claims webp', (body) => ({ ...body, photos: [{ contentType: 'image/webp', dataBase64: JPEG.toString('base64') }] })],
      ['photo string element', (body) => ({ ...body, photos: [PNG.toString('base64')] })],
      ['photo missing data', (body) => ({ ...body, photos: [{ contentType: 'image/png' }] })],
      [
        'photo extra field',
        (body) => ({ ...body, photos: [{ contentType: 'image/png', dataBase64: PNG.toString('base64'), url: 'http://x' }] }),
      ],
      ['unknown field', (body) => ({ ...body, status: 'verified' })],
      ['handling unit injected', (body) => ({ ...body, handlingUnitId: tree.cityId })],
      ['reply code injected', (body) => ({ ...body, replyCode: 'AAAAAAAAAA' })],
    ];
    const bases = [plain, named, located, withPhoto];
    const cases: Array<{ label: string; send: () => Promise<{ status: number; data: any }> }> = [];
    for (const [label, mutate] of mutations) {
      for (const [baseIndex, base] of bases.entries()) {
        cases.push({ label: `${label} / base ${baseIndex}`, send: () => system.api.post('/public/tips', mutate(structuredClone(base))) });
      }
    }
    const raw = (label: string, data: string, contentType: string, headers: Record<string, string> = {}) =>
      cases.push({
        label,
        send: () =>
          system.api.post('/public/tips', data, {
            headers: { 'Content-Type': contentType, ...headers },
            transformRequest: [(body: unknown) => body],
          }),
      });
    raw('broken JSON', '{"code": "1.0.abcdef", "text": ', 'application/json');
    raw('JSON array', JSON.stringify([plain]), 'application/json');
    raw('JSON string', JSON.stringify('tip'), 'application/json');
    raw('JSON null', 'null', 'application/json');
    raw('empty body', '', 'application/json');
    raw('form encoded', 'code=1&text=hello', 'application/x-www-form-urlencoded');
    raw('plain text', 'hello', 'text/plain');
    // The api refuses a body over the limit by its declared length and closes the connection, so a
    // client that sends the whole body first sees the socket shut; this one reads the refusal first.
    cases.push({ label: 'body over the limit', send: () => answerBeforeBody('/public/tips', 21 * 1024 * 1024) });
    raw('idempotency key too short', JSON.stringify(plain), 'application/json', { 'Idempotency-Key': 'abc' });
    raw('idempotency key with spaces', JSON.stringify(plain), 'application/json', { 'Idempotency-Key': 'key with spaces in it' });
    expect(cases.length).toBeGreaterThanOrEqual(200);

    const outcomes: Array<{ label: string; status: number; code?: string; field?: string }> = [];
    for (const testCase of cases) {
      const answer = await testCase.send();
      outcomes.push({ label: testCase.label, status: answer.status, code: answer.data?.code, field: answer.data?.field });
    }
    const notClientErrors = outcomes.filter((outcome) => outcome.status < 400 || outcome.status >= 500);
    expect(notClientErrors).toEqual([]);
    // Every answer is a JSON error with a code; payload problems name their field.
    expect(outcomes.filter((outcome) => !outcome.code)).toEqual([]);
    const unnamed = outcomes.filter(
      (outcome) =>
        outcome.status === 400 &&
        !outcome.field &&
        !/broken JSON|JSON array|JSON string|JSON null|empty body|form encoded|plain text/.test(outcome.label),
    );
    expect(unnamed).toEqual([]);
    expect(await tipCounts()).toEqual(before);
  });

  it('limits submissions per client address and per bulletin', async () => {
    await system.kill('api');
    await system.startApp('api', { MB_TIPS_PER_CLIENT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      statuses.push(
        (await system.api.post('/public/tips', { code: codes[index % 2], text: `限流测试${index}：可疑人员`, anonymous: true })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const limited = await system.api.post('/public/tips', { code: codes[0], text: '限流测试：再来一次', anonymous: true });
    expect(limited.data.code).toBe('TOO_MANY_REQUESTS');
    // The standard header, which clients and proxies read.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    await system.kill('api');
    await system.startApp('api', { MB_TIPS_PER_BULLETIN_PER_MINUTE: '3' });
    // Junk naming the bulletin, its check wrong, counts against nobody's bulletin.
    const [bulletinPart] = codes[0].split('.');
    for (let index = 0; index < 20; index += 1) {
      expect(
        (
          await system.api.post('/public/tips', {
            code: `${bulletinPart}.${index.toString(36)}.zzzzzz`,
            text: `垃圾请求${index}`,
            anonymous: true,
          })
        ).status,
      ).toBe(404);
    }
    const first = [];
    for (let index = 0; index < 4; index += 1)
      first.push((await system.api.post('/public/tips', { code: codes[0], text: `单通告限流${index}：可疑车辆`, anonymous: true })).status);
    expect(first).toEqual([201, 201, 201, 429]);
    // Another bulletin's tips still come in.
    expect((await system.api.post('/public/tips', { code: codes[1], text: '另一通告的线索：可疑车辆', anonymous: true })).status).toBe(201);
  });

  it('behind a trusted reverse proxy, limits each tipster by the address the proxy names, and believes no other sender', async () => {
    await system.kill('api');
    await system.startApp('api', { MB_TIPS_PER_CLIENT_PER_MINUTE: '2', MB_TRUSTED_PROXIES: '127.0.0.1/8' });
    const from = (address: string, index: number) =>
      system.api.post(
        '/public/tips',
        { code: codes[1], text: `代理后线索${address}-${index}：可疑人员`, anonymous: true },
        { headers: { 'X-Forwarded-For': address } },
      );
    const statuses = [
      await from('203.0.113.5', 0),
      await from('203.0.113.5', 1),
      await from('203.0.113.5', 2),
      await from('203.0.113.6', 0),
    ].map((answer) => answer.status);
    expect(statuses).toEqual([201, 201, 429, 201]);

    await system.kill('api');
    await system.startApp('api', { MB_TIPS_PER_CLIENT_PER_MINUTE: '2' });
    // Without the setting a forged header changes nothing: every request is the same sender.
    const untrusted = [await from('198.51.100.1', 0), await from('198.51.100.2', 0), await from('198.51.100.3', 0)].map(
      (answer) => answer.status,
    );
    expect(untrusted).toEqual([201, 201, 429]);
  });
});
