import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
