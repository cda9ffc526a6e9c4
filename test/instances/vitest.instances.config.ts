import { defineConfig } from 'vitest/config';

// Several real `keel serve` processes on one PostgreSQL (`npm run test:instances`), never part of
// `npm test`: they take a minute and most of the machine. Needs KEEL_TEST_DATABASE_URL.
export default defineConfig({
  test: {
    include: ['test/instances/**/*.instances.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
