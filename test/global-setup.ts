/**
 * Runs once around the suite:
 * - compiles the sources, so that tests of the `sim` bin (which runs compiled
 *   code) see the current sources;
 * - gives the run a temporary folder of its own (TMPDIR, inherited by the test
 *   workers and every `sim` they start), checks at the end that the tests left
 *   nothing in it (each test removes what it makes: test/helpers/temp.ts),
 *   and removes it in any case;
 * - prints the property tests' seed and counts (test/helpers/property.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROPERTY_SEED, SOAK } from './helpers/property.js';

export default function setup(): () => void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'pipe' });
  const outer = process.env.TMPDIR;
  const own = mkdtempSync(join(tmpdir(), 'sim-tests-'));
  process.env.TMPDIR = own;
  process.stdout.write(`property tests: PROPERTY_SEED=${PROPERTY_SEED}${SOAK ? ', SOAK=1 (large counts)' : ''}; temporary folder ${own}\n`);
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    const left = readdirSync(own);
    rmSync(own, { recursive: true, force: true });
    if (left.length > 0) {
      // A throw here is only logged by vitest: fail the run through the exit code.
      process.stderr.write(`tests left ${left.length} temporary entries behind (removed now; make them with test/helpers/temp.ts): ${left.slice(0, 10).join(', ')}\n`);
      process.exitCode = 1;
    }
  };
}
