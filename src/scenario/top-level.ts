/**
 * The whole scenario file (docs/scenario-format.md, Top level): its top-level
 * fields, each section from a file of its own, and the small `metrics` and
 * `output` sections. Cross-references between sections are checked in
 * `references.ts`; `schema.ts` puts the two together.
 *
 * @module
 */
import { z } from 'zod';
import { cluster } from './cluster.js';
import { faults } from './faults.js';
import { bool, expecting, integerAtLeast, name, numberOr, period, seconds, text } from './fields.js';
import { framework } from './frameworks.js';
import { master } from './master.js';
import { pools } from './pools.js';
import { roles } from './roles.js';
import { timeline } from './timeline.js';
import { DEFAULT_MAX_EVENTS, MAX_SECONDS } from '../model/limits.js';

export const scenarioShape = expecting(
  "a mapping with 'name', 'cluster' and 'frameworks'",
  z.strictObject({
    name: name(),
    description: text().optional(),
    quick: bool().default(false),
    seed: integerAtLeast(0, Number.MAX_SAFE_INTEGER).default(1),
    until: numberOr('a number of seconds > 0, or "drained"', z.number().positive().max(MAX_SECONDS), 'drained').default('drained'),
    stall_timeout: seconds(true).default(3600),
    cluster: cluster(),
    master: master(),
    roles: roles(),
    pools: pools(),
    frameworks: expecting('a non-empty list of frameworks', z.array(framework()).min(1)),
    timeline: timeline(),
    faults: faults(),
    metrics: expecting(
      'a mapping with sample_interval, warmup, window and percentiles',
      z.strictObject({
        sample_interval: period(false).default(60),
        /** Seconds at the start left out of the summary's figures. */
        warmup: seconds().default(0),
        /** Seconds measured after the warm-up; null: to the end of the run. */
        window: expecting('a number of seconds > 0, or null (to the end of the run)', z.union([seconds(true), z.null()])).default(null),
        /** How the summary's percentiles are found (metrics/stats.ts); absent means exact, and no default is filled in, so that scenario.resolved.yaml of a scenario without it stays as it was. */
        percentiles: expecting('exact or approximate', z.enum(['exact', 'approximate'])).optional(),
      }),
    ).prefault({}),
    // waits, tasks, jobs: absent means true; no default is filled in, so that scenario.resolved.yaml of a scenario without them stays as it was.
    output: expecting(
      'a mapping with offers, waits, tasks and jobs',
      z.strictObject({ offers: bool().default(true), waits: bool().optional(), tasks: bool().optional(), jobs: bool().optional() }),
    ).prefault({}),
    /** Bounds of the run itself (limits.ts): it stops with an input error past them. */
    limits: expecting(
      'a mapping with events',
      z.strictObject({ events: integerAtLeast(1, Number.MAX_SAFE_INTEGER).default(DEFAULT_MAX_EVENTS) }),
    ).prefault({}),
  }),
);

/** The fields of a scenario that passed the shape check, every default applied. */
export type ScenarioFields = z.output<typeof scenarioShape>;
