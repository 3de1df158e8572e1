import { defineConfig } from 'vitest/config';

/**
 * The reliability suite (`npm run test:reliability`): SIGKILL restarts, the fault matrix, revoked keys, bad
 * inputs and the secret scan, all through the built CLI against the sandbox. Run `npm run build` first.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each test drives child processes; two files at a time keep a 2-core machine busy without starving them.
    maxWorkers: 2,
  },
});
