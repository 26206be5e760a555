/**
 * Runs before each test file (vitest setupFiles): the file's temporary
 * folders go when its tests are done, and fast-check draws from the run's
 * fixed seed (test/helpers/property.ts).
 */
import fc from 'fast-check';
import { afterAll } from 'vitest';
import { PROPERTY_SEED, SOAK } from './helpers/property.js';
import { removeTempDirs } from './helpers/temp.js';

// Properties that set no count run fast-check's 100 worlds, or 1,000 in a soak.
fc.configureGlobal({ seed: PROPERTY_SEED, ...(SOAK ? { numRuns: 1000 } : {}) });
afterAll(removeTempDirs);
