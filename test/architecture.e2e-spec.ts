import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BulletinStatus, DELIVERY_STATES } from '@mb/vocabulary';
import { FOREIGN_READS_REMAINING, LIB_LAYERS, TABLE_OWNERS } from './support/table-owners';

/** Words only a platform adapter (or the simulator, which plays the platforms) may know. */
const PLATFORM_KNOWLEDGE = [
  /cgi-bin|datacube|stable_token|freepublish/,
  /statuses\/|comments\/to_me|count_sp/,
  /open_id|item_id|video_data|create_image_text/,
  /\berrcode\b|\berror_code\b/,
  /\b(40001|42001|45009|45011|21327|21332|28001008|28003018)\b/,
  /api\.weixin\.qq\.com|api\.weibo\.com|open\.douyin\.com|open\.snssdk\.com/,
];

const ALLOWED = ['libs/platforms/', 'apps/platform-sim/'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('platform knowledge stays in the adapters', () => {
  it('no code outside libs/platforms (and the simulator) names a platform URL, endpoint or error code', () => {
    const root = process.cwd();
    const offenders = [...sourceFiles(join(root, 'apps')), ...sourceFiles(join(root, 'libs'))]
      .map((path) => relative(root, path))
      .filter((path) => !ALLOWED.some((prefix) => path.startsWith(prefix)))
      .flatMap((path) => {
        const text = readFileSync(join(root, path), 'utf8');
        return PLATFORM_KNOWLEDGE.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`);
      });
    expect(offenders).toEqual([]);
  });
});

interface TableUse {
  path: string;
  line: number;
  table: string;
  write: boolean;
}

const SQL_TABLE = /\b(FROM|JOIN|UPDATE|INTO|TABLE)\s+"?([a-z_]+)"?/g;

/** Every table a source file names in SQL, with whether the statement writes it. */
export function tablesNamedIn(path: string, text: string): TableUse[] {
  return text.split('\n').flatMap((content, index) =>
    [...content.matchAll(SQL_TABLE)]
      .filter((match) => match[2] in TABLE_OWNERS)
      .map((match) => ({
        path,
        line: index + 1,
        table: match[2],
        write: match[1] === 'UPDATE' || match[1] === 'INTO' || match[1] === 'TABLE',
      })),
  );
}

/** What breaks the ownership rule in one lib's file: any write to, or any unlisted read of, another lib's table. */
export function ownershipOffences(lib: string, uses: TableUse[]): string[] {
  return uses
    .filter((use) => TABLE_OWNERS[use.table] !== lib)
    .filter((use) => use.write || !(FOREIGN_READS_REMAINING[lib] ?? []).includes(use.table))
    .map((use) => `${use.path}:${use.line} ${use.write ? 'writes' : 'reads'} ${use.table} (owned by ${TABLE_OWNERS[use.table]})`);
}

/** Imports of one file that go up the layers (or from an app to another app). */
export function upwardImports(path: string, text: string): string[] {
  const [tier, owner] = path.split('/');
  const imported = [...text.matchAll(/from '@mb\/([a-z-]+)/g)].map((match) => match[1]);
  if (tier === 'apps')
    return [...text.matchAll(/from '(\.\.\/)+apps\/([a-z-]+)/g)].filter((m) => m[2] !== owner).map((m) => `${path} imports app ${m[2]}`);
  return imported
    .filter((lib) => lib !== owner && !(LIB_LAYERS[lib] < LIB_LAYERS[owner]))
    .map((lib) => `${path} imports @mb/${lib} from below it`);
}

function libFiles(): Array<{ path: string; lib: string; text: string }> {
  const root = process.cwd();
  // Apps own no table: they go through the libs' services and repositories.
  return [...sourceFiles(join(root, 'libs')), ...sourceFiles(join(root, 'apps'))]
    .map((path) => relative(root, path))
    .filter((path) => !path.includes('/migrations/') && !path.endsWith('.spec.ts'))
    .map((path) => ({ path, lib: path.startsWith('apps/') ? 'apps' : path.split('/')[1], text: readFileSync(join(root, path), 'utf8') }));
}

describe('each table has one owning lib', () => {
  it('no lib or app writes a table another lib owns, and no lib reads one beyond the remaining list', () => {
    const offences = libFiles().flatMap(({ path, lib, text }) => ownershipOffences(lib, tablesNamedIn(path, text)));
    expect(offences).toEqual([]);
  });

  it('fails on a planted access to another lib’s table', () => {
    const planted = 'await manager.query(`UPDATE tip SET status = $1 WHERE id = $2`, [status, id]);\nSELECT 1 FROM login_throttle';
    expect(ownershipOffences('reports', tablesNamedIn('libs/reports/src/planted.ts', planted))).toEqual([
      'libs/reports/src/planted.ts:1 writes tip (owned by tips)',
      'libs/reports/src/planted.ts:2 reads login_throttle (owned by auth)',
    ]);
  });

  it('every table a migration creates has an owner', () => {
    const root = process.cwd();
    const created = sourceFiles(join(root, 'libs/database/src/migrations')).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)/g)].map((match) => match[1]),
    );
    expect(created.filter((table) => !(table in TABLE_OWNERS))).toEqual([]);
  });
});

describe('imports only go down', () => {
  it('a lib imports only libs below it in the layers; an app no other app', () => {
    const root = process.cwd();
    const offences = [...sourceFiles(join(root, 'libs')), ...sourceFiles(join(root, 'apps'))]
      .map((path) => relative(root, path))
      .flatMap((path) => upwardImports(path, readFileSync(join(root, path), 'utf8')));
    expect(Object.keys(LIB_LAYERS).sort()).toEqual(readdirSync(join(root, 'libs')).sort());
    expect(offences).toEqual([]);
  });

  it('fails on a planted import upwards', () => {
    expect(upwardImports('libs/bulletins/src/planted.ts', "import { PublishService } from '@mb/dispatch';")).toEqual([
      'libs/bulletins/src/planted.ts imports @mb/dispatch from below it',
    ]);
  });

  it('no migration imports another: each states its own SQL, so editing one never rewrites another', () => {
    const root = process.cwd();
    const offences = sourceFiles(join(root, 'libs/database/src/migrations'))
      .filter((path) => !path.endsWith('index.ts'))
      .flatMap((path) =>
        [...readFileSync(path, 'utf8').matchAll(/from '(\.[^']*)'/g)].map((match) => `${relative(root, path)} imports ${match[1]}`),
      );
    expect(offences).toEqual([]);
  });
});

/** State words a statement must receive as parameters, from @mb/vocabulary. */
const STATE_WORDS = new Set<string>([...DELIVERY_STATES, ...Object.values(BulletinStatus)]);

export function stateLiteralsInSql(path: string, text: string): string[] {
  return [...text.matchAll(/`([^`]*)`/g)]
    .map((match) => match[1])
    .filter((sql) => /\b(SELECT|UPDATE|INSERT|DELETE)\b/.test(sql))
    .flatMap((sql) => [...sql.matchAll(/'([a-z_]+)'/g)].filter((word) => STATE_WORDS.has(word[1])).map((word) => `${path}: '${word[1]}'`));
}

describe('state names in SQL', () => {
  it('no statement spells a delivery state or bulletin status: each is a parameter from the vocabulary', () => {
    expect(libFiles().flatMap(({ path, text }) => stateLiteralsInSql(path, text))).toEqual([]);
  });

  it('fails on a planted literal', () => {
    expect(stateLiteralsInSql('libs/x/src/planted.ts', "query(`UPDATE delivery SET state = 'cancelled' WHERE id = $1`)")).toEqual([
      "libs/x/src/planted.ts: 'cancelled'",
    ]);
  });
});
