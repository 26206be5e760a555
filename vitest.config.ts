import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The CLI suite compiles the sources before it starts: over 10 s on a loaded 2-core machine.
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
