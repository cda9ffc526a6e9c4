import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Crash and CLI tests spawn processes; the rest are in-process and fast.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
