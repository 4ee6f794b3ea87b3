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
