/**
 * The hostile-input suite: every crafted case of crafted.ts (scenarios),
 * traces.ts (trace rows) and documents.ts (sweep files, bench suites, the
 * other commands' flags), and a seeded draw of mutated scenarios, trace rows,
 * sweep files and suites, keeps the error contract (run-case.ts `violations`): exit 2 with at
 * most a few lines naming the file and field (or a clean run where a trace
 * row is skipped and counted), no stack trace, nothing written, within the
 * bound, and every input file and a planted file of the user's left as they
 * were. SIM_HOSTILE_CASES sets how many mutations of each kind (40; 400 under
 * `npm run test:soak`), SIM_HOSTILE_SEED which ones.
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SOAK } from '../helpers/property.js';
import { baseDoc, craftedCases } from './crafted.js';
import { craftedDocumentCases, documentMutations } from './documents.js';
import { describe as describeCase, PLANTED, ROOT, runAll } from './run-case.js';
import { scenarioMutations } from './scenario-mutations.js';
import { craftedTraceCases, traceMutations } from './traces.js';

const MUTATIONS = Number(process.env.SIM_HOSTILE_CASES ?? (SOAK ? 400 : 40));
const SEED = process.env.SIM_HOSTILE_SEED ?? 'hostile-1';

const cases = [
  ...craftedCases(),
  ...craftedTraceCases(),
  ...scenarioMutations(ROOT, SEED)(MUTATIONS),
  ...traceMutations(SEED)(MUTATIONS),
  ...craftedDocumentCases(),
  ...documentMutations(ROOT, SEED)(MUTATIONS),
];

describe('hostile inputs', () => {
  it('gives each case a distinct id', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    // Issue 12 item 8: at least 300 distinct cases under npm test.
    if (process.env.SIM_HOSTILE_CASES === undefined) expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it(`${cases.length} cases keep the error contract`, { timeout: 600_000 + cases.length * 20_000 }, async () => {
    const results = await runAll(cases, { parallel: 2 });
    const failed = results.filter((r) => r.v.length > 0).map((r) => describeCase(r.c, r.o, r.v));
    expect(failed).toEqual([]);
    // Each kind of outcome the cases are meant to reach is reached.
    expect(results.filter((r) => r.c.expect.exit === 'input' && r.o.code === 2)).toHaveLength(results.filter((r) => r.c.expect.exit === 'input').length);
  });

  it('sees a planted user file removed: --force over the user\'s folder is the one override, and the runner catches it', async () => {
    const [forced] = await runAll([{ id: 'forced', files: { 't.yaml': stringify(baseDoc()) }, args: ['run', 't.yaml', '--out', dirname(PLANTED.path), '--force', '--no-wall-clock'], expect: { exit: 0 } }], { parallel: 1 });
    expect(forced!.o.code).toBe(0);
    expect(forced!.v).toEqual(['touched']);
    expect(forced!.o.touched).toEqual([PLANTED.path]);
  });
});
