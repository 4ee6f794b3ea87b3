// npm run bench [-- --quick] [-- --national]: builds, then runs the benchmarks through jest, which
// compiles them the way the tests are compiled. The default is the matrix (bench/matrix.bench.ts);
// --national runs the ten-province scenario instead. Figures are printed as JSON and a table.
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const national = process.argv.includes('--national');
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
    national ? 'bench/national.bench.ts' : 'bench/matrix.bench.ts',
  ],
  { stdio: 'inherit', env: { ...process.env, BENCH_QUICK: quick ? '1' : '' } },
);
process.exit(result.status ?? 1);
