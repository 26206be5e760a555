import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the checks that need Debian's Chromium (test/browser/*.browser.ts).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
