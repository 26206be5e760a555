/**
 * Runs once around the suite:
 * - compiles the sources, so that tests of the `sim` bin (which runs compiled
 *   code) see the current sources; under `npm test` (SIM_TYPECHECK=1) it also
 *   type-checks the sources and the tests (tsconfig.test.json) at the same
 *   time, on the other core, and a type error fails the run;
 * - gives the run a temporary folder of its own (TMPDIR, inherited by the test
 *   workers and every `sim` they start), checks at the end that the tests left
 *   nothing in it (each test removes what it makes: test/helpers/temp.ts),
 *   and removes it in any case;
 * - prints the property tests' seed and counts (test/helpers/property.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROPERTY_SEED, SOAK } from './helpers/property.js';

/** Runs tsc with `args`; rejects with its output when it finds errors. */
function tsc(root: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`tsc ${args.join(' ')} failed:\n${stdout}${stderr}`));
    });
  });
}

export default async function setup(): Promise<() => void> {
  const root = join(import.meta.dirname, '..');
  // Both at once: each is one core's work for a while, and vitest waits for them before any test.
  await Promise.all([tsc(root, ['-p', root]), ...(process.env.SIM_TYPECHECK === '1' ? [tsc(root, ['-p', join(root, 'tsconfig.test.json')])] : [])]);
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
