import { Agent } from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { ADMIN_PASSWORD, TestSystem, USER_PASSWORD } from './support/system';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** People's accounts: who can sign in, for how long, and what an attacker with a password list can and cannot do. */
describe('sign-in, sessions and passwords', () => {
  let system: TestSystem;
  let admin: AxiosInstance;
  /** Clients whose connections leave from another loopback address: another office, as far as the api can tell. */
  let fromOffice: AxiosInstance;
  let fromElsewhere: AxiosInstance;

  beforeAll(async () => {
    system = await TestSystem.start('sessions', {
      queueBackend: 'postgres',
      apps: ['api'],
      env: {
        MB_LOGIN_MAX_FAILURES: '5',
        MB_LOGIN_FIRST_BLOCK_SECONDS: '2',
        MB_LOGIN_LOCKOUT_SECONDS: '600',
        MB_SESSION_MAX_SECONDS: '8',
        MB_ACCESS_TOKEN_TTL_SECONDS: '60',
        MB_REFRESH_REUSE_GRACE_SECONDS: '2',
      },
    });
    admin = await system.signedIn('admin', ADMIN_PASSWORD);
    fromOffice = axios.create({ baseURL: system.apiUrl, validateStatus: () => true, httpAgent: new Agent({ localAddress: '127.0.0.1' }) });
    fromElsewhere = axios.create({
      baseURL: system.apiUrl,
      validateStatus: () => true,
      httpAgent: new Agent({ localAddress: '127.0.0.2' }),
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function newUser(username: string) {
    const created = await admin.post('/users', { username, displayName: `用户${username}`, password: USER_PASSWORD, role: 'analyst' });
    expect(created.status).toBe(201);
    return created.data.id as string;
  }

  const login = (client: AxiosInstance, username: string, password: string) => client.post('/auth/login', { username, password });
  const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  it('refuses guessable passwords and ones longer than bcrypt reads, naming the field', async () => {
    for (const password of [
      'password1234',
      'aaaaaaaaaaaa',
      '123456789012',
      'weakuser1234',
      '警方发布悬赏通告请广大群众积极提供线索共同维护社会治安稳定和谐',
    ]) {
      const answer = await admin.post('/users', { username: 'weakuser', displayName: '弱密码', password, role: 'analyst' });
      expect({ password, status: answer.status, field: answer.data.field }).toEqual({ password, status: 400, field: 'password' });
    }
    expect((await system.db.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'weakuser'`)).rows[0].n).toBe(0);
  });

  it('makes an address that keeps guessing wait, longer each time, without locking the user out from elsewhere; an unknown name reads the same', async () => {
    const id = await newUser('target');
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await login(fromOffice, 'target', `guess-${attempt}-wrong`)).status).toBe(401);
    const blocked = await login(fromOffice, 'target', USER_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.data.code).toBe('AUTH_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The user still signs in from their own office.
    expect((await login(fromElsewhere, 'target', USER_PASSWORD)).status).toBe(200);

    // A name that belongs to nobody is answered exactly the same way.
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await login(fromOffice, 'nobody-here', `guess-${attempt}-wrong`)).data.code).toBe('AUTH_BAD_CREDENTIALS');
    const unknown = await login(fromOffice, 'nobody-here', USER_PASSWORD);
    expect([unknown.status, unknown.data.code, unknown.data.message]).toEqual([blocked.status, blocked.data.code, blocked.data.message]);

    // When the wait ends the count starts again: one wrong password does not block again...
    await sleep(2500);
    expect((await login(fromOffice, 'target', 'one-more-wrong-guess')).status).toBe(401);
    // ...but a second full round waits twice as long as the first.
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await login(fromOffice, 'target', `again-${attempt}-wrong`)).status).toBe(401);
    const again = await login(fromOffice, 'target', USER_PASSWORD);
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(3);

    const audit = (await admin.get('/audit', { params: { entityType: 'user', entityId: id } })).data.items as Array<{ action: string }>;
    expect(audit.filter((row) => row.action === 'user.login_throttled').length).toBeGreaterThanOrEqual(1);

    // An admin lifts the wait at once, and that is audited too.
    expect((await admin.post(`/users/${id}/unlock`)).status).toBe(200);
    expect((await login(fromOffice, 'target', USER_PASSWORD)).status).toBe(200);
    const after = (await admin.get('/audit', { params: { entityType: 'user', entityId: id } })).data.items as Array<{ action: string }>;
    expect(after.some((row) => row.action === 'user.unlocked')).toBe(true);
  });

  it('ends every session when a user changes their password, when an admin resets it, and when the user is deactivated', async () => {
    const id = await newUser('rotating');
    const first = (await login(fromOffice, 'rotating', USER_PASSWORD)).data;
    const second = (await login(fromElsewhere, 'rotating', USER_PASSWORD)).data;
    const changed = await fromOffice.post(
      '/auth/password',
      { currentPassword: USER_PASSWORD, newPassword: 'violet-harbour-copper-lantern' },
      bearer(first.accessToken),
    );
    expect(changed.status).toBe(204);
    for (const session of [first, second]) {
      expect((await fromOffice.get('/auth/me', bearer(session.accessToken))).status).toBe(401);
      expect((await fromOffice.post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    }
    expect((await login(fromOffice, 'rotating', USER_PASSWORD)).status).toBe(401);
    const third = (await login(fromOffice, 'rotating', 'violet-harbour-copper-lantern')).data;
    expect(
      (
        await fromOffice.post(
          '/auth/password',
          { currentPassword: 'not-my-password-at-all', newPassword: 'another-quiet-river-stone' },
          bearer(third.accessToken),
        )
      ).data.field,
    ).toBe('currentPassword');

    expect((await admin.post(`/users/${id}/password`, { password: 'granite-meadow-falcon-ember' })).status).toBe(200);
    expect((await fromOffice.get('/auth/me', bearer(third.accessToken))).status).toBe(401);
    const fourth = (await login(fromOffice, 'rotating', 'granite-meadow-falcon-ember')).data;
    expect((await fromOffice.get('/auth/me', bearer(fourth.accessToken))).status).toBe(200);

    expect((await admin.post(`/users/${id}/deactivate`)).data.active).toBe(false);
    expect((await fromOffice.get('/auth/me', bearer(fourth.accessToken))).status).toBe(401);
    expect((await fromOffice.post('/auth/refresh', { refreshToken: fourth.refreshToken })).status).toBe(401);
    expect((await login(fromOffice, 'rotating', 'granite-meadow-falcon-ember')).status).toBe(401);
    const actions = (
      (await admin.get('/audit', { params: { entityType: 'user', entityId: id } })).data.items as Array<{ action: string }>
    ).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['user.password_changed', 'user.password_reset', 'user.deactivated']));
  });

  it('signs a user out everywhere: every device signs in again, and the access tokens already out stop working', async () => {
    const id = await newUser('travelling');
    const office = (await login(fromOffice, 'travelling', USER_PASSWORD)).data;
    const phone = (await login(fromElsewhere, 'travelling', USER_PASSWORD)).data;
    expect((await fromOffice.post('/auth/logout-everywhere', {}, bearer(office.accessToken))).status).toBe(204);
    for (const session of [office, phone]) {
      expect((await fromOffice.get('/auth/me', bearer(session.accessToken))).status).toBe(401);
      expect((await fromOffice.post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    }
    expect((await login(fromOffice, 'travelling', USER_PASSWORD)).status).toBe(200);
    const actions = (
      (await admin.get('/audit', { params: { entityType: 'user', entityId: id } })).data.items as Array<{ action: string }>
    ).map((row) => row.action);
    expect(actions).toContain('user.signed_out_everywhere');
  });

  it('keeps a session whose refresh answer was lost, but ends it when a spent token is replayed later or after its successor was used, and every session at its absolute lifetime', async () => {
    await newUser('refresher');
    const refresh = (client: AxiosInstance, refreshToken: string) => client.post('/auth/refresh', { refreshToken });

    // A reload cut off the answer: the browser still holds the token it just spent, and presents it again at once.
    const reloaded = (await login(fromOffice, 'refresher', USER_PASSWORD)).data;
    const lost = (await refresh(fromOffice, reloaded.refreshToken)).data;
    const again = await refresh(fromOffice, reloaded.refreshToken);
    expect(again.status).toBe(200);
    const continued = await refresh(fromOffice, again.data.refreshToken);
    expect(continued.status).toBe(200);
    // The lost successor is dead, and presenting it is a replay that ends that session.
    expect((await refresh(fromElsewhere, lost.refreshToken)).data.code).toBe('AUTH_TOKEN_REUSED');
    expect((await refresh(fromOffice, continued.data.refreshToken)).status).toBe(401);

    // Once the successor has been used, the spent token is a thief's copy even a moment later.
    const used = (await login(fromOffice, 'refresher', USER_PASSWORD)).data;
    const next = (await refresh(fromOffice, used.refreshToken)).data;
    const afterNext = (await refresh(fromOffice, next.refreshToken)).data;
    const replay = await refresh(fromElsewhere, used.refreshToken);
    expect([replay.status, replay.data.code]).toEqual([401, 'AUTH_TOKEN_REUSED']);
    // The thief's replay also ends the rightful holder's newer token: the family is gone.
    expect((await refresh(fromOffice, afterNext.refreshToken)).status).toBe(401);

    // After the grace, a replay ends the session even though the successor was never used.
    const late = (await login(fromOffice, 'refresher', USER_PASSWORD)).data;
    const unused = (await refresh(fromOffice, late.refreshToken)).data;
    await sleep(2_500);
    expect((await refresh(fromElsewhere, late.refreshToken)).data.code).toBe('AUTH_TOKEN_REUSED');
    expect((await refresh(fromOffice, unused.refreshToken)).status).toBe(401);

    let current = (await login(fromOffice, 'refresher', USER_PASSWORD)).data;
    const started = Date.now();
    let refusedAt = 0;
    while (Date.now() - started < 15_000) {
      const answer = await fromOffice.post('/auth/refresh', { refreshToken: current.refreshToken });
      if (answer.status !== 200) {
        refusedAt = Date.now() - started;
        break;
      }
      current = answer.data;
      await sleep(1000);
    }
    // Refreshed every second, the session still ends about 8 s after its sign-in.
    expect(refusedAt).toBeGreaterThan(6_000);
    expect(refusedAt).toBeLessThan(11_000);
  });
  it('serves every page with headers that stop framing and sniffing, and answers with tokens or personal data that no cache keeps', async () => {
    const dashboard = await fromOffice.get('/dashboard/');
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(dashboard.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(dashboard.headers['x-content-type-options']).toBe('nosniff');
    expect(dashboard.headers['x-frame-options']).toBe('SAMEORIGIN');
    const docs = await fromOffice.get('/docs');
    expect(docs.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);

    const signedIn = await login(fromOffice, 'admin', ADMIN_PASSWORD);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    const me = await fromOffice.get('/auth/me', bearer(signedIn.data.accessToken));
    expect(me.headers['cache-control']).toBe('no-store');
    expect(me.headers['x-content-type-options']).toBe('nosniff');
  });
});
