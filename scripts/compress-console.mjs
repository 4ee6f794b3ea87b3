// After the console's build: a Brotli and a gzip copy of every asset, which the api serves to
// browsers that accept them, and the size of what the first screen loads (entry and preloads).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('../dist/console/', import.meta.url).pathname;
const assets = join(root, 'assets');
const sizes = new Map();
for (const name of readdirSync(assets)) {
  if (!/\.(js|css|svg|json)$/.test(name)) continue;
  const bytes = readFileSync(join(assets, name));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(join(assets, `${name}.br`), brotli);
  writeFileSync(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  sizes.set(name, { raw: bytes.length, brotli: brotli.length });
}
const firstScreen = [...readFileSync(join(root, 'index.html'), 'utf8').matchAll(/\/console\/assets\/([^"]+)/g)].map((match) => match[1]);
const total = (key) => firstScreen.reduce((sum, name) => sum + (sizes.get(name)?.[key] ?? 0), 0);
process.stdout.write(
  `${JSON.stringify({ firstScreenFiles: firstScreen.length, firstScreenKiB: Math.round(total('raw') / 1024), firstScreenBrotliKiB: Math.round(total('brotli') / 1024) })}\n`,
);
