import { defineConfig } from 'vitest/config';

/** `npm run bench`: benchmarks print tables and write JSON to output/bench/; one file at a time, no timeouts to speak of. */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
