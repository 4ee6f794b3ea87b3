import { loadProvinceCountyShapes, loadProvinceDivisions } from './gbt2260-divisions';

type Ring = Array<[number, number]>;

function polygonsOf(geometry: any): Ring[][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function inside([x, y]: [number, number], ring: Ring): boolean {
  let crossing = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) crossing = !crossing;
  }
  return crossing;
}

/** Kilometres from a point to a polygon set: 0 inside, else to the nearest edge (equirectangular, fine at county scale). */
function kmFrom(point: [number, number], polygons: Ring[][]): number {
  if (polygons.some((rings) => inside(point, rings[0]) && !rings.slice(1).some((hole) => inside(point, hole)))) return 0;
  const kx = 111.32 * Math.cos((point[1] * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (const ring of polygons.flat()) {
    for (let i = 1; i < ring.length; i += 1) {
      const [ax, ay] = [(ring[i - 1][0] - point[0]) * kx, (ring[i - 1][1] - point[1]) * ky];
      const [bx, by] = [(ring[i][0] - point[0]) * kx, (ring[i][1] - point[1]) * ky];
      const [dx, dy] = [bx - ax, by - ay];
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

describe('the demo province seeded from GB/T 2260 and the county shapes', () => {
  const { divisions } = loadProvinceDivisions('370000');
  const shapes = loadProvinceCountyShapes('370000').features;
  const counties = divisions.filter((division) => division.level === 'county');

  it('places every county inside, or within 5 km of, its own city', () => {
    const far = counties.flatMap((county) => {
      const cityPolygons = shapes
        .filter((feature) => feature.properties.code?.startsWith(county.code.slice(0, 4)))
        .flatMap((feature) => polygonsOf(feature.geometry));
      const km = kmFrom([county.longitude, county.latitude], cityPolygons);
      return km > 5 ? [`${county.code} ${county.name}: ${km.toFixed(1)} km outside its city`] : [];
    });
    expect(far).toEqual([]);
  });

  it('gives every county a location of its own', () => {
    const seen = new Map<string, string>();
    const shared = counties.flatMap((county) => {
      const key = `${county.latitude.toFixed(5)},${county.longitude.toFixed(5)}`;
      const other = seen.get(key);
      seen.set(key, county.code);
      return other ? [`${county.code} shares ${other}'s location`] : [];
    });
    expect(shared).toEqual([]);
  });

  it("tells apart the two districts named 市中区: Jinan's in Jinan, Zaozhuang's in Zaozhuang", () => {
    const jinan = counties.find((county) => county.code === '370103')!;
    const zaozhuang = counties.find((county) => county.code === '370402')!;
    expect(Math.abs(jinan.latitude - 36.65)).toBeLessThan(0.15);
    expect(Math.abs(zaozhuang.latitude - 34.86)).toBeLessThan(0.15);
  });
});

describe('a national matrix seeded from GB/T 2260', () => {
  it("groups a municipality's districts under the registry's 市辖区, each at its own district's location", () => {
    const { divisions, unmatchedCounties } = loadProvinceDivisions('110000');
    const city = divisions.find((division) => division.code === '110100');
    expect(city).toMatchObject({ name: '北京市市辖区', level: 'city', parentCode: '110000' });
    const districts = divisions.filter((division) => division.level === 'county');
    expect(districts.length).toBeGreaterThanOrEqual(16);
    expect(districts.every((district) => district.parentCode === '110100')).toBe(true);
    const haidian = districts.find((district) => district.name === '海淀区')!;
    expect(haidian.locationSource).toBe('county-shape');
    expect(Math.abs(haidian.latitude - 39.96)).toBeLessThan(0.15);
    expect(unmatchedCounties).toEqual([]);
  });

  it('splits 重庆 into its districts (500100) and its counties (500200)', () => {
    const { divisions } = loadProvinceDivisions('500000');
    expect(divisions.filter((division) => division.level === 'city').map((city) => city.code)).toEqual(['500100', '500200']);
  });

  it("locates 沧州's counties from their shapes where the file gives no centre points", () => {
    const { divisions } = loadProvinceDivisions('130000');
    const huanghua = divisions.find((division) => division.name === '黄骅市')!;
    expect(huanghua.locationSource).toBe('county-shape');
    expect(Math.abs(huanghua.latitude - 38.37)).toBeLessThan(0.3);
    expect(Math.abs(huanghua.longitude - 117.33)).toBeLessThan(0.3);
  });

  it('places 东莞, a city without counties, at its own shape', () => {
    const { divisions } = loadProvinceDivisions('440000');
    const dongguan = divisions.find((division) => division.code === '441900')!;
    expect(dongguan.level).toBe('city');
    expect(Math.abs(dongguan.latitude - 23.02)).toBeLessThan(0.2);
    expect(divisions.some((division) => division.parentCode === '441900')).toBe(false);
  });

  it('gives every division of the ten provinces a place in China', () => {
    const outside = ['110000', '120000', '130000', '140000', '320000', '330000', '370000', '410000', '420000', '440000'].flatMap(
      (province) =>
        loadProvinceDivisions(province).divisions.filter(
          (division) => !(division.latitude > 18 && division.latitude < 54 && division.longitude > 73 && division.longitude < 136),
        ),
    );
    expect(outside).toEqual([]);
  });

  it("reads a district's place from a shape file in ECharts' compressed form (重庆's 开州区)", () => {
    const kaizhou = loadProvinceDivisions('500000').divisions.find((division) => division.name === '开州区')!;
    expect(kaizhou.locationSource).toBe('county-shape');
    expect(Math.abs(kaizhou.latitude - 31.16)).toBeLessThan(0.3);
    expect(Math.abs(kaizhou.longitude - 108.39)).toBeLessThan(0.3);
  });
});
