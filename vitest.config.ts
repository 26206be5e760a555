import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiles the sources once, for the tests of the `sim` bin; gives the run its own temporary
    // folder and checks that the tests left it empty; prints the property tests' seed.
    globalSetup: ['test/global-setup.ts'],
    // Per test file: temporary folders removed after its tests, fast-check's fixed seed.
    setupFiles: ['test/setup.ts'],
    // No verdict may depend on the machine's speed, so time limits are only a safety net for a
    // test that hangs waiting (on a child process, say): far above what any test needs on a
    // loaded machine, but still ending a stuck CI job with the test's name rather than silently
    // at the CI system's own limit. (0, no limit, would lose that; a synchronous loop cannot be
    // interrupted by either.)
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    // Child processes, not threads: several tests start `sim` processes and send them signals.
    // One worker per core (vitest's default is one fewer, which leaves one of 2 cores idle: the
    // main process only collects results).
    pool: 'forks',
    maxWorkers: availableParallelism(),
    // Longest files first (test/sequencer.ts), so that the last ones to start are short.
    sequence: { sequencer: LongestFirst },
  },
});
