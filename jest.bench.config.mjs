import base from './jest.config.mjs';

/** Benchmarks reuse the test harness (real PostgreSQL, Redis, simulator) but assert no timing. */
export default {
  ...base,
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 3_600_000,
};
