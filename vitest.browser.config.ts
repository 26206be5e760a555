import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the checks that need Debian's Chromium (test/browser/*.browser.ts).
// Time limits are a safety net only, as in vitest.config.ts.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    pool: 'forks',
  },
});
