import { accountRows, apiRows, createUnitTree, type UnitTree, wantedBulletin } from './support/factories';
import { badPayloads } from './support/bad-payloads';
import { TestSystem } from './support/system';

const TABLES = ['unit', 'account', 'bulletin', 'bulletin_version', 'delivery'];

describe('bad input is refused with a 400 naming the field, and changes nothing', () => {
  let system: TestSystem;
  let tree: UnitTree;

  beforeAll(async () => {
    system = await TestSystem.start('badinput', {
      queueBackend: 'postgres',
      apps: ['api'],
      env: { MB_TIPS_PER_CLIENT_PER_MINUTE: '100000' },
    });
    tree = await createUnitTree(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Rows of every table of the application, by table. */
  async function allCounts(): Promise<Record<string, number>> {
    const { rows } = await system.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const entries = await Promise.all(rows.map(async ({ table_name: table }) => [table, await system.count(`"${table}"`)] as const));
    return Object.fromEntries(entries);
  }

  async function counts(): Promise<Record<string, number>> {
    const entries = await Promise.all(TABLES.map(async (table) => [table, await system.count(table)] as const));
    return Object.fromEntries(entries);
  }

  const wanted = () => wantedBulletin(tree.cityId, [tree.cityId]);
  const cases: Array<{ name: string; path: string; body: () => unknown; field: string }> = [
    {
      name: 'missing field',
      path: '/bulletins',
      body: () => {
        const body: any = wanted();
        delete body.wanted.caseNumber;
        return body;
      },
      field: 'wanted.caseNumber',
    },
    {
      name: 'wrong type',
      path: '/bulletins',
      body: () => {
        const body: any = wanted();
        body.wanted.reward.amountCny = '五万';
        return body;
      },
      field: 'wanted.reward.amountCny',
    },
    {
      name: 'unknown field',
      path: '/bulletins',
      body: () => ({ ...wanted(), sendToEveryone: true }),
      field: 'sendToEveryone',
    },
    {
      name: 'bad enum',
      path: '/bulletins',
      body: () => ({ ...wanted(), kind: 'rumour' }),
      field: 'kind',
    },
    {
      name: 'bad coordinates on a missing-person bulletin',
      path: '/bulletins',
      body: () => ({
        kind: 'missing_person',
        title: '紧急寻人：8岁男孩走失',
        body: '孩子于今日下午走失。',
        issuerUnitId: tree.countyIds[0],
        target: { unitIds: [tree.cityId] },
        missingPerson: {
          person: { name: '李小明', sex: 'male', age: 8, vulnerabilities: ['minor'] },
          lastSeen: { at: '2026-11-20T08:30:00Z', place: '龙口市南山公园', latitude: 137.6, longitude: 120.4 },
          guardianContact: '13800000000',
        },
      }),
      field: 'missingPerson.lastSeen.latitude',
    },
    {
      name: 'bad coordinates on a unit',
      path: '/units',
      body: () => ({ code: '370684', name: '蓬莱市', level: 'county', parentId: tree.cityId, latitude: 37.8, longitude: 220 }),
      field: 'longitude',
    },
    {
      name: 'details of another kind',
      path: '/bulletins',
      body: () => ({ ...wanted(), report: { topic: 'telecom_fraud', sought: 'x', rewardRules: 'y', deadline: '2026-12-31T00:00:00Z' } }),
      field: 'report',
    },
    {
      name: 'alert rings that do not widen',
      path: '/bulletins',
      body: () => ({
        ...wanted(),
        target: {
          unitIds: [tree.cityId],
          rings: {
            latitude: 37.6,
            longitude: 120.4,
            steps: [
              { radiusKm: 100, afterMinutes: 0 },
              { radiusKm: 50, afterMinutes: 60 },
            ],
          },
        },
      }),
      field: 'target.rings.steps.1.radiusKm',
    },
    {
      name: 'ring centre off the globe',
      path: '/bulletins',
      body: () => ({
        ...wanted(),
        target: { unitIds: [tree.cityId], rings: { latitude: 95, longitude: 120.4, steps: [{ radiusKm: 100, afterMinutes: 0 }] } },
      }),
      field: 'target.rings.latitude',
    },
    {
      name: 'ID number with a wrong check digit',
      path: '/bulletins',
      body: () => {
        const body: any = wanted();
        body.wanted.suspect.idNumber = '370681199001011235';
        return body;
      },
      field: 'wanted.suspect.idNumber',
    },
    {
      name: 'account credentials missing a field',
      path: '/accounts',
      body: () => ({
        unitId: tree.countyIds[0],
        platform: 'webhook',
        platformAccountId: 'site-x',
        displayName: '龙口市政府网站',
        credentials: { url: 'http://127.0.0.1:1/x' },
      }),
      field: 'credentials.secret',
    },
  ];

  it.each(cases)('$name → 400 naming $field', async ({ path, body, field }) => {
    const before = await counts();
    const response = await system.api.post(path, body());
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.data.code).toBe('VALIDATION_FAILED');
    expect(response.data.field).toBe(field);
    expect(response.data.message).toContain(field);
    expect(await counts()).toEqual(before);
  });

  const NUL = 'a\u0000b';
  const LONE = 'a\ud800b';
  const targeted: Array<{
    name: string;
    method?: 'post' | 'put' | 'get';
    path: () => string;
    body?: () => unknown;
    params?: Record<string, string>;
    field: string;
  }> = [
    {
      name: 'NUL in a display name',
      path: () => '/users',
      body: () => ({ username: 'nuluser', displayName: NUL, password: 'copper-lantern-violet-harbour', role: 'analyst' }),
      field: 'displayName',
    },
    { name: 'NUL in a bulletin title', path: () => '/bulletins', body: () => ({ ...wanted(), title: NUL }), field: 'title' },
    { name: 'lone surrogate in a bulletin body', path: () => '/bulletins', body: () => ({ ...wanted(), body: LONE }), field: 'body' },
    {
      name: 'NUL in a public tip',
      path: () => '/public/tips',
      body: () => ({ code: '1.1.aaaaaa', text: `线索${NUL}`, anonymous: true }),
      field: 'text',
    },
    {
      name: 'lone surrogate in a public tip',
      path: () => '/public/tips',
      body: () => ({ code: '1.1.aaaaaa', text: `线索${LONE}`, anonymous: true }),
      field: 'text',
    },
    {
      name: 'a bulletin without target',
      path: () => '/bulletins',
      body: () => {
        const body: any = wanted();
        delete body.target;
        return body;
      },
      field: 'target',
    },
    {
      name: 'JSON nested 3,000 deep',
      path: () => '/bulletins',
      body: () => JSON.stringify({ ...wanted(), extra: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) }),
      field: 'body',
    },
    {
      name: 'a malformed unitId beside a unitCode',
      path: () => '/accounts',
      body: () => ({
        unitId: 'not-a-uuid',
        unitCode: '370681',
        platform: 'weibo',
        platformAccountId: '7100001',
        displayName: '龙口公安',
        credentials: { accessToken: '2.00abcdefgh' },
      }),
      field: 'unitId',
    },
    {
      name: 'eleven suspects where one is expected',
      path: () => '/bulletins',
      body: () => {
        const body: any = wanted();
        body.wanted.suspect = Array.from({ length: 11 }, () => body.wanted.suspect);
        return body;
      },
      field: 'wanted.suspect',
    },
    {
      name: 'thirty-one suspects in one notice',
      path: () => '/bulletins',
      body: () => {
        const body: any = wanted();
        body.wanted.suspects = Array.from({ length: 31 }, () => body.wanted.suspect);
        delete body.wanted.suspect;
        return body;
      },
      field: 'wanted.suspects',
    },
    {
      name: 'one suspect and a list of suspects at once',
      path: () => '/bulletins',
      body: () => {
        const body: any = wanted();
        body.wanted.suspects = [body.wanted.suspect];
        return body;
      },
      field: 'wanted.suspects',
    },
    {
      name: 'a suspect in the list without a name',
      path: () => '/bulletins',
      body: () => {
        const body: any = wanted();
        body.wanted.suspects = [body.wanted.suspect, { sex: 'male' }];
        delete body.wanted.suspect;
        return body;
      },
      field: 'wanted.suspects.1.name',
    },
    { name: 'a bad state on the tips export', method: 'get', path: () => '/tips/export.csv', params: { status: 'lost' }, field: 'status' },
    {
      name: 'an unknown parameter on the tips export',
      method: 'get',
      path: () => '/tips/export.csv',
      params: { format: 'xlsx' },
      field: 'format',
    },
    { name: 'NUL in a query parameter', method: 'get', path: () => '/units', params: { name: NUL }, field: 'name' },
    { name: 'a malformed path id', method: 'get', path: () => '/bulletins/not-a-uuid', field: 'id' },
  ];

  it.each(targeted)('$name → 400 VALIDATION_FAILED naming $field', async ({ method = 'post', path, body, params, field }) => {
    const before = await allCounts();
    const raw = body?.();
    const response = await system.api.request({
      method,
      url: path(),
      data: raw,
      params,
      headers: typeof raw === 'string' ? { 'Content-Type': 'application/json' } : {},
      transformRequest: typeof raw === 'string' ? [(data: unknown) => data] : undefined,
    });
    expect({ status: response.status, code: response.data?.code, field: response.data?.field }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      field,
    });
    expect(response.headers['content-type']).toContain('application/json');
    expect(await allCounts()).toEqual(before);
  });

  it('changing the kind of a draft names kind', async () => {
    const draft = (await system.editor.post('/bulletins', wanted())).data;
    const { issuerUnitId: _issuer, wanted: _details, ...rest } = wanted() as Record<string, unknown>;
    const changed = await system.editor.put(`/bulletins/${draft.id}`, {
      ...rest,
      kind: 'missing_person',
      missingPerson: {
        person: { name: '小明', sex: 'male', age: 7 },
        lastSeen: { at: '2026-11-22T08:00:00.000Z', place: '龙口', latitude: 37.6, longitude: 120.4 },
        guardianContact: '13800000000',
      },
    });
    expect([changed.status, changed.data.field]).toEqual([400, 'kind']);
  });

  it('a sweep of generated bad payloads over every write endpoint in /docs-json: never a 5xx, nothing changes', async () => {
    const document = (await system.api.get('/docs-json')).data;
    const payloads = badPayloads(document);
    expect(payloads.length).toBeGreaterThanOrEqual(300);
    const before = await allCounts();
    const failures: string[] = [];
    for (const payload of payloads) {
      const response = await system.api.request({
        method: payload.method,
        url: payload.url,
        data: payload.body,
        params: payload.params,
        headers: { 'Content-Type': 'application/json' },
        transformRequest: [(data: unknown) => (data === undefined ? data : JSON.stringify(data))],
      });
      if (response.status >= 500 || response.status < 400)
        failures.push(
          `${payload.method.toUpperCase()} ${payload.url} ${payload.label}: ${response.status} ${JSON.stringify(response.data).slice(0, 160)}`,
        );
    }
    expect(failures).toEqual([]);
    expect(await allCounts()).toEqual(before);
  });

  it('an import with one bad row registers none of the rows and names the row and field', async () => {
    const before = await counts();
    const rows: any[] = apiRows(accountRows(system, tree.countyIds, 50));
    rows[17].platform = 'myspace';
    const response = await system.api.post('/accounts/import', { accounts: rows });
    expect(response.status).toBe(400);
    expect(response.data.code).toBe('ACCOUNT_IMPORT_REJECTED');
    expect(response.data.errors).toEqual([expect.objectContaining({ row: 18, field: 'platform' })]);
    expect(await counts()).toEqual(before);
  });

  it('a dry run of an import reports every row and registers nothing, even when every row is good', async () => {
    const before = await counts();
    const rows: any[] = apiRows(accountRows(system, tree.countyIds, 10));
    rows[3].unitCode = '999999';
    delete rows[3].unitId;
    const checked = await system.api.post('/accounts/import?dryRun=true', { accounts: rows });
    expect(checked.status).toBe(200);
    expect(checked.data).toMatchObject({
      received: 10,
      created: 0,
      acceptable: 9,
      errors: [expect.objectContaining({ row: 4, field: 'unitCode' })],
    });
    const clean = await system.api.post('/accounts/import?dryRun=true', { accounts: rows.filter((_, index) => index !== 3) });
    expect(clean.data).toMatchObject({ received: 9, created: 0, acceptable: 9, errors: [] });
    expect(await counts()).toEqual(before);
  });

  it('a picture upload that is not a picture, or claims another type, is refused naming the file; an analyst may not upload', async () => {
    const before = await system.count('media_image');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    for (const [body, type, code] of [
      [Buffer.from('<script>alert(1)</script>'), 'image/jpeg', 'MEDIA_INVALID_IMAGE'],
      [png, 'image/jpeg', 'MEDIA_INVALID_IMAGE'],
      [Buffer.alloc(0), 'image/png', 'MEDIA_INVALID_IMAGE'],
    ] as const) {
      const answer = await system.editor.post('/media/images', body, { headers: { 'Content-Type': type } });
      expect(answer.status).toBe(400);
      expect(answer.data).toMatchObject({ code, field: 'file' });
    }
    expect((await system.editor.post('/media/images', 'GIF89a', { headers: { 'Content-Type': 'image/gif' } })).status).toBe(415);
    const analyst = await system.clientFor('analyst');
    expect((await analyst.post('/media/images', png, { headers: { 'Content-Type': 'image/png' } })).status).toBe(403);
    expect(await system.count('media_image')).toBe(before);
    const stored = await system.editor.post('/media/images', png, { headers: { 'Content-Type': 'image/png' } });
    expect(stored.status).toBe(201);
    expect(stored.data.url).toBe(`${system.apiUrl}/media/images/${stored.data.id}.png`);
    const again = await system.editor.post('/media/images', png, { headers: { 'Content-Type': 'image/png' } });
    expect(again.data.id).toBe(stored.data.id);
    expect(await system.count('media_image')).toBe(before + 1);
    const served = await system.api.get(`/media/images/${stored.data.id}.png`, {
      headers: { Authorization: '' },
      responseType: 'arraybuffer',
    });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect((await system.api.get(`/media/images/${stored.data.id}.jpg`)).status).toBe(404);
    expect((await system.api.get('/media/images/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('a CSV import with skipInvalid keeps the good rows and reports the others', async () => {
    const header = 'unitCode,platform,platformAccountId,displayName,followers,tags,credentials';
    const good = (index: number) =>
      `370681,weibo,${7_000_000 + index},"龙口公安,第${index}号",${100 + index},county;primary,"{""accessToken"":""2.00csv${index}abcdefgh""}"`;
    const csv = [
      '\uFEFF' + header,
      good(1),
      good(2),
      '370681,weibo,7000003,坏行,many,,"{""accessToken"":""2.00csvxabcdefgh""}"',
      good(4),
    ].join('\n');
    const response = await system.api.post('/accounts/import?skipInvalid=true', csv, { headers: { 'Content-Type': 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ received: 4, created: 3 });
    expect(response.data.errors.length).toBeGreaterThan(0);
    for (const error of response.data.errors) expect(error).toMatchObject({ row: 3, field: 'followers' });
    const listed = await system.api.get('/accounts', { params: { unitId: tree.countyIds[0] } });
    expect(listed.data.items.map((account: any) => account.displayName)).toContain('龙口公安,第1号');
  });
});

describe('API documentation and health', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('docs', { queueBackend: 'postgres', apps: ['api'] });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('/docs-json lists the bulletin, account, unit and progress endpoints', async () => {
    const document = (await system.api.get('/docs-json')).data;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/bulletins',
        '/bulletins/{id}/publish',
        '/bulletins/{id}/progress',
        '/bulletins/{id}/progress/stream',
        '/bulletins/{id}/preview',
        '/accounts',
        '/accounts/import',
        '/units',
      ]),
    );
    expect((await system.api.get('/docs')).status).toBe(200);
  });

  it('/health reports the database and the queue backend up', async () => {
    const health = await system.api.get('/health');
    expect(health.status).toBe(200);
    expect(health.data.info).toMatchObject({ database: { status: 'up' }, queue: { status: 'up', backend: 'postgres' } });
  });

  it("says at start whether PostgreSQL's autovacuum is off, as it is on some machines", async () => {
    const { rows } = await system.db.query(`SELECT current_setting('autovacuum') AS autovacuum`);
    const warned = system.logs().includes("PostgreSQL's autovacuum is off");
    expect(warned).toBe(rows[0].autovacuum !== 'on');
  });
});
