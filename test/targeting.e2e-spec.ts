import { approvedBulletin } from './support/factories';
import { TestSystem, waitFor } from './support/system';

const EARTH_RADIUS_M = 6378168; // the sphere earthdistance uses
const LONGKOU = { latitude: 37.646107, longitude: 120.477813 };

function distanceMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

function missingChild(issuerUnitId: string, provinceId: string, title: string) {
  return {
    kind: 'missing_person',
    title,
    body: '孩子于今日上午在龙口市南山公园走失，身穿红色外套。',
    issuerUnitId,
    target: {
      unitIds: [provinceId],
      rings: {
        ...LONGKOU,
        steps: [
          { radiusKm: 100, afterMinutes: 0 },
          { radiusKm: 200, afterMinutes: 60 },
          { wholeTarget: true, afterMinutes: 120 },
        ],
      },
    },
    missingPerson: {
      person: { name: '李小明', sex: 'male', age: 8, heightCm: 125, clothing: '红色外套', vulnerabilities: ['minor'] },
      lastSeen: { at: '2026-11-23T02:30:00Z', place: '龙口市南山公园', ...LONGKOU },
      guardianContact: '13800000000',
    },
  };
}

describe('targeting by hierarchy and by expanding rings, and scheduled publishing', () => {
  let system: TestSystem;
  let provinceId: string;
  let longkouId: string;
  let clockOffsetMs = 0;
  const expectedRing = new Map<string, number>();

  beforeAll(async () => {
    system = await TestSystem.start('targeting', {
      queueBackend: 'redis',
      env: { MB_TEST_HOOKS: 'true', MB_SWEEP_INTERVAL_MS: '300', MB_LOG_LEVEL: 'info' },
    });
    system.runCli('seed-demo', '--accounts', '1500');
    system.runCli('sim-register');
    const { rows: units } = await system.db.query(`SELECT id, code FROM unit WHERE code IN ('370000', '370681')`);
    provinceId = units.find((unit) => unit.code === '370000').id;
    longkouId = units.find((unit) => unit.code === '370681').id;
    const { rows: accounts } = await system.db.query(`SELECT a.id, u.latitude, u.longitude FROM account a JOIN unit u ON u.id = a.unit_id`);
    for (const account of accounts) {
      const metres = distanceMetres(LONGKOU, account);
      expectedRing.set(account.id, metres <= 100_000 ? 0 : metres <= 200_000 ? 1 : 2);
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function advanceClock(minutes: number): Promise<void> {
    clockOffsetMs += minutes * 60_000;
    const answer = await system.api.put('/test-clock', { offsetMs: clockOffsetMs });
    expect(answer.status).toBe(200);
  }

  async function deliveredAccounts(bulletinId: string): Promise<Map<string, number>> {
    const { rows } = await system.db.query(`SELECT account_id, ring FROM delivery WHERE bulletin_id = $1`, [bulletinId]);
    return new Map(rows.map((row) => [row.account_id, row.ring]));
  }

  const accountsOfRing = (ring: number) =>
    [...expectedRing.entries()]
      .filter(([, value]) => value === ring)
      .map(([id]) => id)
      .sort();

  it('posts first within 100 km, the 200 km ring only after 60 minutes, the rest after 120; previews match; nobody twice', async () => {
    expect(accountsOfRing(0).length).toBeGreaterThan(0);
    expect(accountsOfRing(1).length).toBeGreaterThan(0);
    expect(accountsOfRing(2).length).toBeGreaterThan(0);
    const { id } = await approvedBulletin(system, missingChild(longkouId, provinceId, '紧急寻人：8岁男孩走失'));
    expect((await system.api.get(`/bulletins/${id}`)).data.priority).toBe('urgent');

    const preview = (await system.reviewer.get(`/bulletins/${id}/target-preview`)).data;
    expect(preview.byRing.map((ring: { accounts: number }) => ring.accounts)).toEqual([0, 1, 2].map((ring) => accountsOfRing(ring).length));
    expect(preview.total).toBe(expectedRing.size);
    expect(preview.byCity.find((city: { cityCode: string }) => city.cityCode === '370600').accounts).toBeGreaterThan(0);
    expect(Object.values(preview.byPlatform as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBe(expectedRing.size);

    const published = await system.reviewer.post(`/bulletins/${id}/publish`);
    expect(published.data.deliveriesCreated).toBe(preview.byRing[0].accounts);
    expect([...(await deliveredAccounts(id)).keys()].sort()).toEqual(accountsOfRing(0));

    await advanceClock(59);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await deliveredAccounts(id)).size).toBe(accountsOfRing(0).length);

    await advanceClock(2);
    await waitFor(
      'the 200 km ring',
      async () => ((await deliveredAccounts(id)).size > accountsOfRing(0).length ? true : undefined),
      20_000,
      200,
    );
    const afterSecond = await deliveredAccounts(id);
    expect(
      [...afterSecond.entries()]
        .filter(([, ring]) => ring === 1)
        .map(([account]) => account)
        .sort(),
    ).toEqual(accountsOfRing(1));
    expect(afterSecond.size).toBe(preview.byRing[0].accounts + preview.byRing[1].accounts);

    await advanceClock(60);
    await waitFor(
      'the whole province',
      async () => ((await deliveredAccounts(id)).size === expectedRing.size ? true : undefined),
      20_000,
      200,
    );
    const all = await deliveredAccounts(id);
    for (const [account, ring] of all) expect(ring).toBe(expectedRing.get(account));

    await waitFor(
      'every post',
      async () => {
        const progress = (await system.api.get(`/bulletins/${id}/progress`)).data;
        return progress.finished === expectedRing.size ? progress : undefined;
      },
      120_000,
      500,
    );
    const { rows: twice } = await system.db.query(
      `SELECT account_id FROM delivery WHERE bulletin_id = $1 GROUP BY account_id HAVING count(*) > 1`,
      [id],
    );
    expect(twice).toEqual([]);
    expect((await system.api.get(`/bulletins/${id}/progress`)).data.byState).toEqual({ published: expectedRing.size });
  });

  it('publishes a scheduled bulletin once at its time, with two scheduler processes running', async () => {
    await system.startApp('worker');
    const { id } = await approvedBulletin(system, {
      ...missingChild(longkouId, provinceId, '定时发布：寻人'),
      target: { unitIds: [longkouId] },
    });
    const now = (await system.api.put('/test-clock', { offsetMs: clockOffsetMs })).data.now;
    const publishAt = new Date(Date.parse(now) + 30 * 60_000).toISOString();
    const scheduled = await system.reviewer.post(`/bulletins/${id}/schedule`, { publishAt });
    expect(scheduled.status).toBe(200);
    expect(scheduled.data.status).toBe('scheduled');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await system.api.get(`/bulletins/${id}`)).data.status).toBe('scheduled');

    await advanceClock(31);
    await waitFor(
      'the scheduled publish',
      async () => ((await system.api.get(`/bulletins/${id}`)).data.status === 'published' ? true : undefined),
      20_000,
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const published = (await system.api.get('/audit', { params: { entityId: id } })).data.items.filter(
      (event: { action: string }) => event.action === 'bulletin.published',
    );
    expect(published).toHaveLength(1);
    const { rows } = await system.db.query(
      `SELECT count(*)::int AS deliveries, count(DISTINCT account_id)::int AS accounts FROM delivery WHERE bulletin_id = $1`,
      [id],
    );
    expect(rows[0].deliveries).toBe(rows[0].accounts);
    expect(rows[0].deliveries).toBeGreaterThan(0);
  });

  it('resolves a whole-province target in set-based SQL: the query count does not grow with the accounts', async () => {
    const small = await approvedBulletin(system, {
      ...missingChild(longkouId, provinceId, '查询计数：一个县'),
      target: { unitIds: [longkouId] },
    });
    const large = await approvedBulletin(system, {
      ...missingChild(longkouId, provinceId, '查询计数：全省'),
      target: { unitIds: [provinceId] },
    });
    const smallPreview = await system.reviewer.get(`/bulletins/${small.id}/target-preview`);
    const largePreview = await system.reviewer.get(`/bulletins/${large.id}/target-preview`);
    expect(largePreview.data.total).toBeGreaterThan(smallPreview.data.total * 20);
    expect(Number(largePreview.headers['x-query-count'])).toBe(Number(smallPreview.headers['x-query-count']));

    const smallPublish = await system.reviewer.post(`/bulletins/${small.id}/publish`);
    const largePublish = await system.reviewer.post(`/bulletins/${large.id}/publish`);
    expect(largePublish.data.deliveriesCreated).toBe(largePreview.data.byRing[0].accounts);
    expect(smallPublish.data.deliveriesCreated).toBe(smallPreview.data.byRing[0].accounts);
    expect(Number(largePublish.headers['x-query-count'])).toBeGreaterThan(0);
    expect(Number(largePublish.headers['x-query-count'])).toBe(Number(smallPublish.headers['x-query-count']));
  });
});
