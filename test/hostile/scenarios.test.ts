/**
 * The hostile-input suite, scenarios and traces: every crafted case of
 * crafted.ts and traces.ts, and a seeded draw of mutated scenarios and trace
 * rows, keeps the error contract (run-case.ts `violations`): exit 2 with at
 * most a few lines naming the file and field (or a clean run where a trace
 * row is skipped and counted), no stack trace, nothing written, within the
 * bound. SIM_HOSTILE_CASES sets how many mutations of each kind (more in soak
 * runs), SIM_HOSTILE_SEED which ones.
 */
import { describe, expect, it } from 'vitest';
import { craftedCases } from './crafted.js';
import { describe as describeCase, ROOT, runAll } from './run-case.js';
import { scenarioMutations } from './scenario-mutations.js';
import { craftedTraceCases, traceMutations } from './traces.js';

const MUTATIONS = Number(process.env.SIM_HOSTILE_CASES ?? 40);
const SEED = process.env.SIM_HOSTILE_SEED ?? 'hostile-1';

const cases = [
  ...craftedCases(),
  ...craftedTraceCases(),
  ...scenarioMutations(ROOT, SEED)(MUTATIONS),
  ...traceMutations(SEED)(MUTATIONS),
];

describe('hostile scenarios and traces', () => {
  it('gives each case a distinct id', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it(`${cases.length} cases keep the error contract`, { timeout: 600_000 + cases.length * 20_000 }, async () => {
    const results = await runAll(cases, { parallel: 2 });
    const failed = results.filter((r) => r.v.length > 0).map((r) => describeCase(r.c, r.o, r.v));
    expect(failed).toEqual([]);
    // Each kind of outcome the cases are meant to reach is reached.
    expect(results.filter((r) => r.c.expect.exit === 'input' && r.o.code === 2)).toHaveLength(results.filter((r) => r.c.expect.exit === 'input').length);
  });
});
