import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Crash and CLI tests spawn processes; the rest are in-process and fast.
    testTimeout: 20_000,
    // Test files share their worker's module cache instead of importing keel afresh each: keel
    // keeps no module-level state (dependencies are passed in), and no test mocks modules or
    // globals. Importing the whole engine per file had grown to most of the suite's time (about
    // 170 s on 2 cores against 70 s shared); each test still builds its own stores and runtime.
    isolate: false,
    hookTimeout: 20_000,
  },
});
