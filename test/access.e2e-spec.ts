import { randomBytes } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { Client } from 'pg';
import { AttributionCodec } from '@mb/platforms';
import { accountRows, apiRows, approvedBulletin, createUnitTree, type UnitTree, wantedBulletin } from './support/factories';
import { ADMIN_PASSWORD, TestSystem, waitFor } from './support/system';

type RoleName = 'admin' | 'editor' | 'reviewer' | 'unit_operator' | 'analyst';
const ROLES: RoleName[] = ['admin', 'editor', 'reviewer', 'unit_operator', 'analyst'];
const ALL: RoleName[] = ROLES;
const READERS: RoleName[] = ['admin', 'editor', 'reviewer', 'analyst'];
const WRITERS: RoleName[] = ['admin', 'editor'];
const REVIEWERS: RoleName[] = ['admin', 'reviewer'];
const ANALYSTS: RoleName[] = ['admin', 'analyst', 'editor', 'reviewer'];

/**
 * Who may call what: one row per endpoint of the API. 'public' needs no sign-in. Every endpoint
 * listed in /docs-json must have a row here, so a new endpoint cannot ship without a decision.
 */
const MATRIX: Record<string, RoleName[] | 'public'> = {
  'POST /auth/login': 'public',
  'POST /auth/refresh': 'public',
  'POST /auth/logout': ALL,
  'POST /auth/logout-everywhere': ALL,
  'GET /auth/me': ALL,
  'POST /auth/password': ALL,
  'GET /users': ['admin'],
  'POST /users': ['admin'],
  'POST /users/{id}/password': ['admin'],
  'POST /users/{id}/deactivate': ['admin'],
  'POST /users/{id}/unlock': ['admin'],
  'GET /units': ALL,
  'GET /units/{id}': ALL,
  'POST /units': ['admin'],
  'PATCH /units/{id}/review-settings': ['admin', 'unit_operator'],
  'GET /accounts': ['admin', 'unit_operator', 'editor', 'reviewer', 'analyst'],
  'GET /accounts/{id}': ['admin', 'unit_operator', 'editor', 'reviewer', 'analyst'],
  'GET /accounts/{id}/quotas': ['admin', 'unit_operator', 'editor', 'reviewer', 'analyst'],
  'GET /accounts/credential-health': ['admin', 'unit_operator', 'editor', 'reviewer', 'analyst'],
  'GET /accounts/credential-fields': ['admin', 'unit_operator', 'editor', 'reviewer', 'analyst'],
  'POST /media/images': ['admin', 'editor', 'reviewer'],
  'GET /media/images/{name}': 'public',
  'POST /accounts': ['admin', 'unit_operator'],
  'POST /accounts/import': ['admin', 'unit_operator'],
  'PATCH /accounts/{id}': ['admin', 'unit_operator'],
  'DELETE /accounts/{id}': ['admin', 'unit_operator'],
  'POST /bulletins': WRITERS,
  'GET /bulletins': READERS,
  'GET /bulletins/{id}': READERS,
  'GET /bulletins/updates/pending': REVIEWERS,
  'PUT /bulletins/{id}': WRITERS,
  'GET /bulletins/{id}/versions': READERS,
  'GET /bulletins/{id}/preview': [...WRITERS, 'reviewer'],
  'GET /bulletins/{id}/target-preview': [...WRITERS, 'reviewer'],
  'POST /bulletins/{id}/schedule': REVIEWERS,
  'POST /bulletins/{id}/submit': WRITERS,
  'POST /bulletins/{id}/reject': REVIEWERS,
  'POST /bulletins/{id}/approve': REVIEWERS,
  'POST /bulletins/{id}/publish': REVIEWERS,
  'POST /bulletins/{id}/updates': [...WRITERS, 'reviewer'],
  'GET /bulletins/{id}/updates': READERS,
  'POST /bulletins/{id}/updates/{proposalId}/approve': REVIEWERS,
  'POST /bulletins/{id}/updates/{proposalId}/reject': REVIEWERS,
  'POST /bulletins/{id}/resolve': REVIEWERS,
  'POST /bulletins/{id}/withdraw': REVIEWERS,
  'GET /bulletins/{id}/progress': READERS,
  'GET /bulletins/{id}/progress/stream': READERS,
  'GET /bulletins/{id}/deliveries': READERS,
  'GET /bulletins/{id}/repost-board': ALL,
  'GET /notifications': ['admin', 'editor', 'reviewer', 'unit_operator'],
  'GET /units/{id}/notification-channel': ['admin', 'unit_operator'],
  'PUT /units/{id}/notification-channel': ['admin', 'unit_operator'],
  'GET /deliveries/dead-letters': REVIEWERS,
  'POST /deliveries/dead-letters/retry': REVIEWERS,
  'POST /deliveries/dead-letters/cancel': REVIEWERS,
  'GET /reposts': ['admin', 'unit_operator'],
  'POST /reposts/{id}/approve': ['admin', 'unit_operator'],
  'POST /reposts/{id}/decline': ['admin', 'unit_operator'],
  'GET /audit': ['admin'],
  'GET /public/links/{code}': 'public',
  'POST /public/tips': 'public',
  'GET /public/tips/{replyCode}': 'public',
  'POST /public/tips/{replyCode}/messages': 'public',
  'GET /tips': ALL,
  'GET /tips/export.csv': ALL,
  'GET /tips/reply-stats': ALL,
  'GET /tips/{id}': ALL,
  'GET /tips/{id}/photos/{photoId}': ALL,
  'GET /tips/{id}/contact': ['unit_operator'],
  'POST /tips/{id}/triage': ['admin', 'unit_operator'],
  'POST /tips/{id}/reply': ['admin', 'unit_operator'],
  'GET /tips/{id}/messages': ALL,
  'POST /tips/{id}/messages': ['admin', 'unit_operator'],
  'GET /tips/{id}/messages/{messageId}/photos/{photoId}': ALL,
  'PUT /tips/{id}/reward': ['admin', 'unit_operator'],
  'GET /reports/totals': ANALYSTS,
  'GET /reports/bulletins': ANALYSTS,
  'GET /reports/bulletins/{id}': ANALYSTS,
  'GET /reports/units': ANALYSTS,
  'GET /reports/platforms': ANALYSTS,
  'GET /reports/kinds': ANALYSTS,
  'GET /reports/map': ANALYSTS,
  'GET /reports/map/shapes': ANALYSTS,
  'POST /bulletins/{id}/outcome': REVIEWERS,
  'POST /bulletins/{id}/person-outcomes': [...WRITERS, 'reviewer'],
  'GET /bulletins/{id}/persons': ANALYSTS,
  'GET /health': 'public',
  'GET /cap/bulletins/{code}': 'public',
  'GET /cap/bulletins/{code}/versions/{version}': 'public',
  'GET /cap/bulletins/{code}/cancel': 'public',
  'GET /feeds/alerts.atom': 'public',
  'GET /feeds/units/{unitCode}/alerts.atom': 'public',
  'GET /feeds/bulletins.atom': 'public',
  'POST /admin/queue-board/session': ['admin'],
};

/**
 * Pages outside the API document: the public pages, the queue board (admins) and the metrics
 * (the scrape token, never a user's sign-in; not served at all without a token configured).
 */
const PAGES: Record<string, RoleName[] | 'public' | 'scrape token'> = {
  'GET /t/{code}': 'public',
  'GET /b/{code}': 'public',
  'GET /admin/queues': ['admin'],
  'GET /admin/queues/api/queues': ['admin'],
  'GET /metrics': 'scrape token',
};

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('access control, four eyes and the audit trail', () => {
  let system: TestSystem;
  let tree: UnitTree;
  const clients = {} as Record<RoleName, AxiosInstance>;
  let anonymous: AxiosInstance;

  beforeAll(async () => {
    system = await TestSystem.start('access', {
      queueBackend: 'postgres',
      apps: ['platform-sim', 'api', 'worker'],
      env: { MB_ACCESS_TOKEN_TTL_SECONDS: '3' },
    });
    tree = await createUnitTree(system);
    anonymous = axios.create({ baseURL: system.apiUrl, validateStatus: () => true });
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Fresh clients per test: access tokens here live three seconds. */
  async function signInAll(): Promise<void> {
    clients.admin = await system.signedIn('admin', ADMIN_PASSWORD);
    for (const role of ROLES.filter((candidate) => candidate !== 'admin')) {
      clients[role] = await system.clientFor(role, role === 'unit_operator' ? tree.countyIds[0] : undefined);
    }
  }

  it('answers every endpoint in /docs-json as the matrix says, for every role and for nobody', async () => {
    const document = (await anonymous.get('/docs-json')).data;
    const endpoints = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(endpoints.filter((endpoint) => !(endpoint in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((endpoint) => !endpoints.includes(endpoint))).toEqual([]);

    await signInAll();
    const wrong: string[] = [];
    for (const endpoint of endpoints) {
      const [method, template] = endpoint.split(' ');
      const url = template.replace(/\{(id|proposalId)\}/g, UNKNOWN_ID);
      const rule = MATRIX[endpoint];
      // A stream's answer is not read by the clients' sign-in-again hook, so an expired token would
      // read as a refusal: a plain call just before it signs the client in again when it must.
      const stream = async (client: AxiosInstance) => {
        await client.get('/auth/me');
        const response = await client.request({ method, url, timeout: 2000, responseType: 'stream' });
        (response.data as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return response;
      };
      const call = (client: AxiosInstance) => (url.endsWith('/stream') ? stream(client) : client.request({ method, url, data: {} }));
      const unsigned = await call(anonymous);
      if (rule === 'public') {
        if (unsigned.status === 401 || unsigned.status === 403) wrong.push(`${endpoint} refused to nobody (${unsigned.status})`);
        continue;
      }
      if (unsigned.status !== 401) wrong.push(`${endpoint} answered ${unsigned.status} without sign-in`);
      for (const role of ROLES) {
        const status = (await call(clients[role])).status;
        const allowed = rule.includes(role);
        if (allowed && (status === 401 || status === 403)) wrong.push(`${endpoint} refused ${role} (${status})`);
        if (!allowed && status !== 403) wrong.push(`${endpoint} answered ${status} to ${role}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers the pages outside the API document as their list says', async () => {
    await signInAll();
    const { seq } = await approvedBulletin(system, wantedBulletin(tree.cityId, [tree.cityId]));
    const code = new AttributionCodec(system.env.MB_CREDENTIALS_KEY as string).encode(seq, 0);
    const wrong: string[] = [];
    for (const [page, rule] of Object.entries(PAGES)) {
      const [method, template] = page.split(' ');
      const url = template.replace('{code}', code);
      const unsigned = await anonymous.request({ method, url });
      if (rule === 'public') {
        if (unsigned.status === 401 || unsigned.status === 403) wrong.push(`${page} refused to nobody (${unsigned.status})`);
        continue;
      }
      if (rule === 'scrape token') {
        // No token is configured here: nobody, signed in or not, gets metrics.
        for (const client of [anonymous, clients.admin])
          if ((await client.request({ method, url })).status !== 404) wrong.push(`${page} served without a token`);
        continue;
      }
      if (unsigned.status !== 401) wrong.push(`${page} answered ${unsigned.status} without sign-in`);
      for (const role of ROLES) {
        const status = (await clients[role].request({ method, url })).status;
        if (rule.includes(role) && status !== 200) wrong.push(`${page} answered ${status} to ${role}`);
        if (!rule.includes(role) && status !== 403) wrong.push(`${page} answered ${status} to ${role}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an author approving their own bulletin (403), and nothing changes', async () => {
    const editor = system.editor;
    const draft = await editor.post('/bulletins', wantedBulletin(tree.cityId, [tree.cityId]));
    await editor.post(`/bulletins/${draft.data.id}/submit`);
    const admin = await system.signedIn('admin', ADMIN_PASSWORD);
    const adminDraft = await admin.post('/bulletins', { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '管理员自己写的通报' });
    await admin.post(`/bulletins/${adminDraft.data.id}/submit`);
    const auditBefore = (await admin.get('/audit', { params: { entityId: adminDraft.data.id } })).data.total;

    const ownApproval = await admin.post(`/bulletins/${adminDraft.data.id}/approve`);
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.data.code).toBe('BULLETIN_OWN_REVIEW');
    expect((await admin.get(`/bulletins/${adminDraft.data.id}`)).data).toMatchObject({ status: 'pending_review', approvedBy: null });
    expect((await admin.get('/audit', { params: { entityId: adminDraft.data.id } })).data.total).toBe(auditBefore);

    // Whoever edited the draft is an author too, even with the right to approve.
    const reviewerDraft = await editor.post('/bulletins', { ...wantedBulletin(tree.cityId, [tree.cityId]), title: '审核员改过的通报' });
    const adminEditor = await system.signedIn('admin', ADMIN_PASSWORD);
    const revised = await adminEditor.put(`/bulletins/${reviewerDraft.data.id}`, {
      ...wantedBulletin(tree.cityId, [tree.cityId]),
      title: '审核员改过的通报',
      issuerUnitId: undefined,
      body: '管理员修改了正文。',
    });
    expect(revised.status).toBe(200);
    await editor.post(`/bulletins/${reviewerDraft.data.id}/submit`);
    expect((await adminEditor.post(`/bulletins/${reviewerDraft.data.id}/approve`)).status).toBe(403);

    const approved = await system.reviewer.post(`/bulletins/${draft.data.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.data.status).toBe('approved');
  });

  it('confines a unit operator to their own subtree: other counties answer 404, their own stations work', async () => {
    const admin = await system.signedIn('admin', ADMIN_PASSWORD);
    const station = await admin.post('/units', {
      code: `${'370681'}P01`,
      name: '龙口市公安局城关派出所',
      level: 'station',
      parentId: tree.countyIds[0],
      latitude: 37.65,
      longitude: 120.48,
    });
    expect(station.status).toBe(201);
    const rows = apiRows(accountRows(system, [station.data.id, tree.countyIds[1]], 4));
    expect((await admin.post('/accounts/import', { accounts: rows })).data.created).toBe(4);
    const all = (await admin.get('/accounts', { params: { limit: 1000 } })).data.items as Array<{ id: string; unitId: string }>;
    const own = all.filter((account) => account.unitId === station.data.id);
    const foreign = all.filter((account) => account.unitId === tree.countyIds[1]);

    const operator = await system.clientFor('unit_operator', tree.countyIds[0]);
    const listed = (await operator.get('/accounts', { params: { limit: 1000 } })).data.items as Array<{ id: string }>;
    expect(listed.map((account) => account.id).sort()).toEqual(own.map((account) => account.id).sort());
    expect((await operator.get(`/accounts/${own[0].id}`)).status).toBe(200);
    expect((await operator.patch(`/accounts/${own[0].id}`, { displayName: '城关派出所微博（改）' })).status).toBe(200);
    expect((await operator.get(`/accounts/${foreign[0].id}`)).status).toBe(404);
    const foreignChange = await operator.patch(`/accounts/${foreign[0].id}`, { displayName: '越权修改' });
    expect(foreignChange.status).toBe(404);
    expect((await admin.get(`/accounts/${foreign[0].id}`)).data.displayName).not.toBe('越权修改');
    expect((await operator.get(`/units/${tree.countyIds[1]}`)).status).toBe(404);
    expect((await operator.get(`/units/${station.data.id}`)).status).toBe(200);
    const registerAbroad = await operator.post('/accounts', { ...rows[0], platformAccountId: 'abroad-1', unitId: tree.countyIds[1] });
    expect(registerAbroad.status).toBe(400);

    // Tips: one handled by the operator's own station, one by another county.
    const codec = new AttributionCodec(system.env.MB_CREDENTIALS_KEY as string);
    const tipHandledBy = async (unitId: string): Promise<string> => {
      const { id, seq } = await approvedBulletin(system, wantedBulletin(unitId, [unitId]));
      expect((await system.reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
      const answer = await anonymous.post('/public/tips', {
        code: codec.encode(seq, 0),
        text: `线索：嫌疑人在${unitId.slice(0, 4)}附近出现`,
        anonymous: false,
        contact: { phone: '13600003333' },
      });
      expect(answer.status).toBe(201);
      return (await system.db.query(`SELECT id FROM tip WHERE reply_code = $1`, [answer.data.replyCode])).rows[0].id;
    };
    const ownTip = await tipHandledBy(station.data.id);
    const foreignTip = await tipHandledBy(tree.countyIds[1]);
    expect(((await operator.get('/tips')).data.items as Array<{ id: string }>).map((tip) => tip.id)).toEqual([ownTip]);
    expect((await operator.get(`/tips/${ownTip}`)).status).toBe(200);
    expect((await operator.post(`/tips/${ownTip}/triage`, { status: 'triaged' })).status).toBe(201);
    expect((await operator.get(`/tips/${foreignTip}`)).status).toBe(404);
    expect((await operator.get(`/tips/${foreignTip}/contact`)).status).toBe(404);
    expect((await operator.post(`/tips/${foreignTip}/reply`, { text: '越权答复' })).status).toBe(404);
    expect((await operator.post(`/tips/${foreignTip}/triage`, { status: 'rejected' })).status).toBe(404);
    expect((await admin.get(`/tips/${foreignTip}`)).data).toMatchObject({ status: 'new', reply: null });
  });

  it("records one audit row per change of a bulletin's whole life, with before and after; audit rows cannot be changed", async () => {
    const admin = await system.signedIn('admin', ADMIN_PASSWORD);
    const station = (await admin.get('/units', { params: { codePrefix: '370681P01' } })).data.items[0];
    const rows = accountRows(system, [station?.id ?? tree.countyIds[0]], 5);
    await admin.post('/accounts/import', {
      accounts: apiRows(rows).map((row, index) => ({ ...row, platformAccountId: `audit-${index}-${row.platformAccountId}` })),
    });

    const editor = system.editor;
    const reviewer = system.reviewer;
    const body = wantedBulletin(tree.cityId, [tree.countyIds[0]], ['webhook']);
    const id = (await editor.post('/bulletins', body)).data.id;
    const content = { ...body, issuerUnitId: undefined };
    expect((await editor.put(`/bulletins/${id}`, { ...content, body: '第一次修改。' })).status).toBe(200);
    expect((await editor.post(`/bulletins/${id}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/bulletins/${id}/reject`, { reason: '照片不清晰' })).status).toBe(200);
    expect((await editor.put(`/bulletins/${id}`, { ...content, body: '第二次修改，换了照片。' })).status).toBe(200);
    expect((await editor.post(`/bulletins/${id}/submit`)).status).toBe(200);
    expect((await reviewer.post(`/bulletins/${id}/approve`)).status).toBe(200);
    expect((await reviewer.post(`/bulletins/${id}/publish`)).status).toBe(202);
    const { target: _target, ...update } = { ...content, body: '悬赏提高。' } as Record<string, unknown>;
    const proposal = await editor.post(`/bulletins/${id}/updates`, update);
    expect(proposal.status).toBe(201);
    expect((await reviewer.post(`/bulletins/${id}/updates/${proposal.data.id}/approve`)).status).toBe(202);
    expect((await reviewer.post(`/bulletins/${id}/withdraw`, { reason: '信息有误' })).status).toBe(202);

    const trail = (await admin.get('/audit', { params: { entityType: 'bulletin', entityId: id } })).data.items as Array<
      Record<string, any>
    >;
    expect(trail.map((event) => event.action)).toEqual([
      'bulletin.created',
      'bulletin.revised',
      'bulletin.pending_review',
      'bulletin.draft',
      'bulletin.revised',
      'bulletin.pending_review',
      'bulletin.approved',
      'bulletin.published',
      'bulletin.update_proposed',
      'bulletin.updated',
      'bulletin.withdrawn',
    ]);
    expect(trail.map((event) => [event.before?.status ?? null, event.after?.status])).toEqual([
      [null, 'draft'],
      [null, undefined],
      ['draft', 'pending_review'],
      ['pending_review', 'draft'],
      [null, undefined],
      ['draft', 'pending_review'],
      ['pending_review', 'approved'],
      ['approved', 'published'],
      [null, undefined],
      ['published', 'updated'],
      ['updated', 'withdrawn'],
    ]);
    expect(trail[1]).toMatchObject({ before: { currentVersion: 1 }, after: { currentVersion: 2 } });
    expect(trail[3].after.reviewNote).toBe('照片不清晰');
    // The update names the fields it changed, from its proposal to its approval.
    expect(trail[8].after.changedFields).toEqual(['body']);
    expect(trail[9]).toMatchObject({ before: { currentVersion: 3 }, after: { currentVersion: 4, changedFields: ['body'] } });
    expect(trail[10].after.reason).toBe('信息有误');
    for (const event of trail) {
      expect(event.requestId).toEqual(expect.any(String));
      expect(event.actorId).toEqual(expect.any(String));
    }
    expect(new Set(trail.slice(2, 4).map((event) => event.actorRole))).toEqual(new Set(['editor', 'reviewer']));

    // The running processes' own role: it reads and appends the trail, and can do nothing else to it.
    const app = new Client({ connectionString: system.databaseUrl });
    await app.connect();
    try {
      expect((await app.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0].rolsuper).toBe(false);
      expect(
        (await app.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`)).rows[0].n,
      ).toBe(0);
      const attempts = [
        `UPDATE audit_event SET action = 'forged' WHERE entity_id = '${id}'`,
        `DELETE FROM audit_event WHERE entity_id = '${id}'`,
        `TRUNCATE audit_event`,
        `ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`,
        `ALTER TABLE audit_event DISABLE TRIGGER ALL`,
        `ALTER TABLE audit_event ADD COLUMN forged text`,
        `SET session_replication_role = replica`,
        `DROP TRIGGER audit_event_append_only ON audit_event`,
      ];
      for (const statement of attempts) {
        await expect(app.query(statement)).rejects.toThrow(/permission denied|must be owner|must be superuser/);
      }
      expect((await app.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [id])).rows[0].n).toBe(trail.length);
      // Even the owner, who migrates, meets the trigger.
      const owner = new Client({ connectionString: system.env.MB_DATABASE_OWNER_URL });
      await owner.connect();
      await expect(owner.query(`UPDATE audit_event SET action = 'forged' WHERE entity_id = $1`, [id])).rejects.toThrow(/append-only/);
      await owner.end();
    } finally {
      await app.end();
    }
    expect((await admin.get('/audit', { params: { entityId: id } })).data.total).toBe(11);
  });

  it("traces a request by the server's own id, in the answer, the log line and the audit row; a client's X-Request-Id is kept beside it, never instead", async () => {
    const admin = await system.signedIn('admin', ADMIN_PASSWORD);
    const auditOf = async (id: string) => (await admin.get('/audit', { params: { entityType: 'bulletin', entityId: id } })).data.items[0];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const trace = `trace-${randomBytes(6).toString('hex')}`;
    const traced = await system.editor.post('/bulletins', wantedBulletin(tree.cityId, [tree.countyIds[0]], ['webhook']), {
      headers: { 'X-Request-Id': trace },
    });
    expect(traced.status).toBe(201);
    const serverId = traced.headers['x-request-id'];
    expect(serverId).toMatch(uuid);
    expect(await auditOf(traced.data.id)).toMatchObject({ requestId: serverId, clientRequestId: trace });
    await waitFor(
      "the request's log line",
      async () =>
        system.logs().includes(`"id":"${serverId}"`) && system.logs().includes(`"clientRequestId":"${trace}"`) ? true : undefined,
      5_000,
    );

    // A client cannot give its change another request's id.
    const borrowed = await system.editor.post('/bulletins', wantedBulletin(tree.cityId, [tree.countyIds[0]], ['webhook']), {
      headers: { 'X-Request-Id': serverId },
    });
    expect(borrowed.headers['x-request-id']).not.toBe(serverId);
    expect((await auditOf(borrowed.data.id)).requestId).toBe(borrowed.headers['x-request-id']);

    const untraced = await system.editor.post('/bulletins', wantedBulletin(tree.cityId, [tree.countyIds[0]], ['webhook']), {
      headers: { 'X-Request-Id': 'not an id; it has spaces' },
    });
    expect(untraced.headers['x-request-id']).toMatch(uuid);
    expect(await auditOf(untraced.data.id)).toMatchObject({ requestId: untraced.headers['x-request-id'], clientRequestId: null });
  });

  it('tokens expire and refresh as configured; no secret reaches the logs', async () => {
    const admin = await system.signedIn('admin', ADMIN_PASSWORD);
    const password = 'analyst-password-correct-1';
    expect((await admin.post('/users', { username: 'lockme', displayName: '分析员', password, role: 'analyst' })).status).toBe(201);
    expect((await anonymous.post('/auth/login', { username: 'lockme', password: 'wrong-password-here' })).status).toBe(401);

    const login = await anonymous.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.data).toMatchObject({ tokenType: 'Bearer', expiresIn: 3 });
    const bearer = { headers: { Authorization: `Bearer ${login.data.accessToken}` } };
    expect((await anonymous.get('/auth/me', bearer)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect((await anonymous.get('/auth/me', bearer)).status).toBe(401);
    const refreshed = await anonymous.post('/auth/refresh', { refreshToken: login.data.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await anonymous.get('/auth/me', { headers: { Authorization: `Bearer ${refreshed.data.accessToken}` } })).data.username).toBe(
      'admin',
    );
    const logout = await anonymous.post(
      '/auth/logout',
      { refreshToken: refreshed.data.refreshToken },
      { headers: { Authorization: `Bearer ${refreshed.data.accessToken}` } },
    );
    expect(logout.status).toBe(204);
    expect((await anonymous.post('/auth/refresh', { refreshToken: refreshed.data.refreshToken })).status).toBe(401);
    // The spent token does not revive a session that was signed out.
    expect((await anonymous.post('/auth/refresh', { refreshToken: login.data.refreshToken })).status).toBe(401);

    const logs = system.logs();
    for (const secret of [
      ADMIN_PASSWORD,
      password,
      login.data.accessToken,
      login.data.refreshToken,
      refreshed.data.accessToken,
      refreshed.data.refreshToken,
    ]) {
      expect(logs).not.toContain(secret);
    }
    const { rows } = await system.db.query(`SELECT password_hash FROM app_user WHERE username = 'lockme'`);
    expect(rows[0].password_hash).toMatch(/^\$2[aby]\$11\$/);
    const { rows: stored } = await system.db.query(`SELECT token_hash FROM refresh_token`);
    expect(stored.map((row) => row.token_hash)).not.toContain(login.data.refreshToken);
  });
});
