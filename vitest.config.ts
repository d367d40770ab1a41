import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Model tests and the browser test each want a whole core; two cores is the CI machine.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
