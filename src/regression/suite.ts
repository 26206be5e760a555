/**
 * A bench suite: the scenarios, policies and seeds that `sim bench` runs,
 * and how much each metric may move before a change counts.
 *
 *     suite: policies            # names the baseline: results/baselines/<suite>.json
 *     alpha: 0.05                # significance level of the paired test
 *     tolerance: 0.05            # relative change a significant difference must exceed
 *     tolerances: { allocator_cpu_ms_per_run: 1.0 }
 *     timing_repeats: 3          # runs per seed when timing; machine figures are their medians
 *     metrics: [wait_mean, ...]  # optional: only these (default: all)
 *     runs:
 *       - scenario: ../quickstart.yaml   # relative to the suite file
 *         allocators: [drf, tetris]
 *         seeds: 1..5
 *         set: [until=900]
 *         quick: true                     # part of `sim bench --quick`
 *
 * @module
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseSeeds } from '../cli/seeds.js';
import { expecting, folderName, nonNegative, problem, report, text, bool } from '../scenario/fields.js';
import { parseYaml, readText } from '../scenario/load.js';
import { copySources } from '../scenario/locate.js';

const SEEDS_WORDS = 'a seed list such as 1..10 or 1,4,9, or a list of integers';

/** A seed list: an integer, a list of integers, or text such as 1..10 (shared with sweep files). */
export const seeds = () =>
  expecting(
    SEEDS_WORDS,
    z.union([
      expecting(SEEDS_WORDS, z.int().min(0)).transform((k) => [k]),
      expecting(SEEDS_WORDS, z.array(z.int().min(0)).min(1)),
      expecting(SEEDS_WORDS, z.string()).transform((s, ctx) => {
        try {
          return parseSeeds(s, 'seeds');
        } catch (e) {
          report(ctx, [], s, problem(`'${s}' is not a seed list`, SEEDS_WORDS));
          return z.NEVER;
        }
      }),
    ]),
  );

const benchRun = () =>
  expecting(
    "a mapping with 'scenario', 'allocators' and 'seeds'",
    z.strictObject({
      scenario: text(),
      allocators: expecting('a non-empty list of policy names', z.array(text()).min(1)),
      seeds: seeds(),
      set: expecting('a list of path=value overrides', z.array(text())).default(() => []),
      quick: bool().default(false),
    }),
  );

export const SuiteSchema = expecting(
  "a mapping with 'suite' and 'runs'",
  z.strictObject({
    suite: folderName(),
    description: text().optional(),
    alpha: expecting('a number in (0, 1)', z.number().gt(0).lt(1)).default(0.05),
    tolerance: nonNegative().default(0.05),
    tolerances: expecting('a mapping of metric name -> relative tolerance', z.record(z.string(), nonNegative())).default(() => ({})),
    metrics: expecting('a list of metric names', z.array(text())).optional(),
    timing_repeats: expecting('an integer from 1 to 100', z.int().min(1).max(100)).default(3),
    runs: expecting('a non-empty list of runs', z.array(benchRun()).min(1)),
  }),
);

export type Suite = z.output<typeof SuiteSchema> & {
  /** The suite file as given. */
  readonly file: string;
  /** The suite file's folder: scenario paths are relative to it. */
  readonly dir: string;
};
export type BenchRun = Suite['runs'][number];

/** Reads and validates a suite file. */
export function loadSuite(file: string): Suite {
  const spec = parseYaml(SuiteSchema, readText(file, 'bench suite'), file);
  const suite = { ...spec, file, dir: dirname(resolve(file)) };
  // Problems found later (a run's scenario, overrides or policy) can then point at their field (scenario/locate.ts).
  copySources(spec, suite);
  return suite;
}

/** A suite file is recognised by its top-level `suite:` key (scenarios have `name:`). */
export function looksLikeSuite(text: string): boolean {
  return /^suite:/m.test(text);
}

/** The path of a run's scenario file. */
export function scenarioPath(suite: Suite, run: BenchRun): string {
  return resolve(suite.dir, run.scenario);
}
