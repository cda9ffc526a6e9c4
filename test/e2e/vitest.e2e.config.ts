import { defineConfig } from 'vitest/config';

// End-to-end tests in Chromium (`npm run test:e2e`), never part of `npm test`: they need the
// built package (dist/, dist/web) and /usr/bin/chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
