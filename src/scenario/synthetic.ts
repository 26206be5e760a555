/**
 * Generated jobs, `workload.synthetic` (docs/scenario-format.md, Generated
 * jobs and Arrivals): the arrival process and the distributions jobs are drawn from.
 *
 * @module
 */
import { z } from 'zod';
import { distribution } from './distributions.js';
import {
  bool,
  exactlyOne,
  expecting,
  hasProblems,
  integerAtLeast,
  name,
  nonNegative,
  problem,
  rate,
  report,
  resourceMap,
  seconds,
} from './fields.js';
import { MAX_SECONDS, MAX_SYNTHETIC_JOBS } from '../model/limits.js';

const rateStep = () =>
  expecting(
    'a mapping with from (seconds) and rate (jobs per second >= 0)',
    z.strictObject({ from: seconds(), rate: rate('a rate in jobs per second >= 0') }),
  );

const diurnal = () =>
  expecting(
    'a mapping with amplitude (0 to 1), and optionally period and phase (seconds)',
    z.strictObject({
      amplitude: expecting('a number from 0 to 1', z.number().min(0).max(1)),
      period: seconds(true).default(86_400),
      phase: expecting('a number of seconds', z.number().min(-MAX_SECONDS).max(MAX_SECONDS)).default(0),
    }),
  );

const burst = () =>
  expecting(
    'a mapping with from and to (seconds) and multiplier (>= 0)',
    z.strictObject({ from: seconds(), to: seconds(), multiplier: nonNegative() }),
  ).superRefine((b, ctx) => {
    if (b.to <= b.from) report(ctx, ['to'], b.to, problem('must be > from', `a number of seconds > ${b.from}`, b.to));
  });

const RATE_WORDS = "exactly one of 'rate' (jobs per second) or 'schedule' (a list of { from, rate })";

const poisson = () =>
  expecting(
    'a mapping with process: poisson, rate or schedule, and optionally diurnal and bursts',
    z.strictObject({
      process: z.literal('poisson'),
      rate: rate('a rate in jobs per second > 0', true).optional(),
      schedule: expecting('a non-empty list of { from, rate }', z.array(rateStep()).min(1)).optional(),
      diurnal: diurnal().optional(),
      bursts: expecting('a list of { from, to, multiplier }', z.array(burst())).optional(),
    }),
  ).superRefine((p, ctx) => {
    if (hasProblems(ctx)) return;
    if (exactlyOne(ctx, p, { rate: p.rate, schedule: p.schedule }, RATE_WORDS) !== 'schedule') return;
    const steps = p.schedule!;
    steps.forEach((step, i) => {
      const before = steps[i - 1];
      if (before !== undefined && step.from <= before.from) {
        report(ctx, ['schedule', i, 'from'], step.from, problem('must be > the step before', `a number of seconds > ${before.from}`, step.from));
      }
    });
    if (!steps.some((step) => step.rate > 0)) report(ctx, ['schedule'], steps, problem('all rates are 0', 'at least one rate > 0'));
  });

const arrival = () =>
  expecting(
    'a mapping with process: poisson and rate (or schedule), or process: constant and interval',
    z.discriminatedUnion('process', [
      poisson(),
      expecting(
        'a mapping with process: constant and interval (seconds; 0: every job at start)',
        z.strictObject({ process: z.literal('constant'), interval: seconds() }),
      ),
    ]),
  );

export const synthetic = () =>
  expecting(
    "a mapping with 'arrival', 'duration', 'resources', and 'jobs' or 'end'",
    z.strictObject({
      arrival: arrival(),
      start: seconds().default(0),
      jobs: integerAtLeast(1, MAX_SYNTHETIC_JOBS).optional(),
      end: seconds().optional(),
      tasks_per_job: distribution().default({ dist: 'constant', value: 1 }),
      duration: distribution(),
      resources: resourceMap(distribution(), true),
      gang: bool().default(false),
      /** Bidding: money bid per task, drawn per job (negative samples become 0). */
      bid: distribution().optional(),
      /** Bidding: every job's priority class, 1 the most important. */
      priority: integerAtLeast(1).optional(),
      /** The pool every job draws from. */
      pool: name().optional(),
    }),
  ).superRefine((s, ctx) => {
    if (hasProblems(ctx)) return;
    if (s.jobs === undefined && s.end === undefined) {
      report(ctx, [], s, problem("needs 'jobs' or 'end'", "'jobs' (a job count) or 'end' (seconds), or both, so that arrivals stop"));
    }
    if (s.end !== undefined && s.end <= s.start) {
      report(ctx, ['end'], s.end, problem(`must be > start`, `a number of seconds > ${s.start}`, s.end));
    }
    if (s.arrival.process === 'constant' && s.arrival.interval === 0 && s.jobs === undefined) {
      report(ctx, ['arrival', 'interval'], 0, problem("0 (every job at start) needs 'jobs'", "'jobs', the number of jobs in the burst", 0));
    }
  });

/** Synthetic workload settings. */
export type SyntheticWorkloadSpec = z.output<ReturnType<typeof synthetic>>;
