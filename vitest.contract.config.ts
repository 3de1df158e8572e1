import { defineConfig } from 'vitest/config';

/** The OpenAPI contract test: needs ../shared/vtex-api/openapi, so it is not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/contract/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
