import { TestSystem } from './support/system';

describe('the demo province is Shandong from the GB/T 2260 registry package', () => {
  let system: TestSystem;
  let seedReport: { units: number; unmatchedCounties: string[]; accountsAdded: number };

  beforeAll(async () => {
    system = await TestSystem.start('demo', { queueBackend: 'postgres', apps: [] });
    seedReport = JSON.parse(system.runCli('seed-demo', '--accounts', '1200').trim().split('\n').at(-1) as string);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('has 1 province, 16 cities and all 136 counties, each county with two stations', async () => {
    const { rows } = await system.db.query(`SELECT level, count(*)::int AS count FROM unit GROUP BY level`);
    const byLevel = Object.fromEntries(rows.map((row) => [row.level, row.count]));
    expect(byLevel).toEqual({ province: 1, city: 16, county: 136, station: 272 });
    expect(seedReport.units).toBe(425);
  });

  it('carries known codes, names and parents', async () => {
    const { rows } = await system.db.query(
      `SELECT u.code, u.name, p.code AS parent_code, u.path FROM unit u LEFT JOIN unit p ON p.id = u.parent_id
       WHERE u.code IN ('370000', '370600', '370681', '370100', '371700')`,
    );
    const byCode = Object.fromEntries(rows.map((row) => [row.code, row]));
    expect(byCode['370000']).toMatchObject({ name: '山东省', parent_code: null });
    expect(byCode['370600']).toMatchObject({ name: '烟台市', parent_code: '370000' });
    expect(byCode['370681']).toMatchObject({ name: '龙口市', parent_code: '370600', path: '/370000/370600/370681/' });
    expect(byCode['370100']).toMatchObject({ name: '济南市' });
    expect(byCode['371700']).toMatchObject({ name: '菏泽市' });
  });

  it('places every unit inside Shandong, counties at their own shape centre where one matched', async () => {
    const { rows } = await system.db.query(
      `SELECT count(*)::int AS outside FROM unit WHERE latitude NOT BETWEEN 34.3 AND 38.5 OR longitude NOT BETWEEN 114.7 AND 122.8`,
    );
    expect(rows[0].outside).toBe(0);
    const { rows: longkou } = await system.db.query(`SELECT latitude, longitude FROM unit WHERE code = '370681'`);
    expect(longkou[0].latitude).toBeCloseTo(37.646, 2);
    expect(longkou[0].longitude).toBeCloseTo(120.478, 2);
    expect(seedReport.unmatchedCounties).toEqual(['370116 莱芜区']);
  });

  it('seeds simulated accounts over the province and is safe to run again', async () => {
    expect(seedReport.accountsAdded).toBe(1200);
    const again = JSON.parse(system.runCli('seed-demo', '--accounts', '1200').trim().split('\n').at(-1) as string);
    expect(again.accountsAdded).toBe(0);
    expect(await system.count('unit')).toBe(425);
    expect(await system.count('account')).toBe(1200);
  });
});
