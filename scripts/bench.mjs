// npm run bench [-- --quick]: builds, then runs the benchmarks (bench/*.bench.ts) through jest,
// which compiles them the way the tests are compiled. Figures are printed as JSON and a table.
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--config',
    'jest.bench.config.mjs',
    '--runInBand',
    '--silent=false',
  ],
  { stdio: 'inherit', env: { ...process.env, BENCH_QUICK: quick ? '1' : '' } },
);
process.exit(result.status ?? 1);
