/**
 * A seeded synthetic workload: jobs arriving by a Poisson (possibly with a
 * time-varying rate, see `arrival-rate.ts`) or fixed-interval process, with
 * task counts, durations and resources drawn from distributions.
 *
 * Each quantity draws from its own named stream, so changing one distribution
 * (say the durations) leaves the others (say the arrival times) unchanged.
 * Jobs are generated one per `next()` call, never as a whole list.
 *
 * @module
 */
import type { RandomSource } from '../core/random.js';
import { FieldError, InputError } from '../errors.js';
import { MAX_NUMBER, MAX_SECONDS, MAX_TASKS_PER_JOB } from '../model/limits.js';
import type { JobSource, JobSpec, TaskSpec } from '../model/job.js';
import { toMilli, type Quantities, type ResourceSpace } from '../model/resources.js';
import { ArrivalRate, isHomogeneous, type RateSpec } from './arrival-rate.js';
import { sampler, type DistributionSpec, type Sampler } from './distributions.js';

export interface SyntheticSpec {
  /**
   * `rate` (or a `schedule` of rates) in jobs per second, optionally varied
   * by a diurnal cycle and bursts; `interval` in seconds.
   */
  arrival: ({ process: 'poisson' } & RateSpec) | { process: 'constant'; interval: number };
  /**
   * Seconds. The first Poisson arrival is at start + Exp(rate); the first
   * constant arrival is at start itself.
   */
  start: number;
  /** Stop after this many jobs. */
  jobs?: number | undefined;
  /** Seconds. No arrival later than this (an arrival exactly at `end` is kept). */
  end?: number | undefined;
  /** Rounded to the nearest integer, at least 1. */
  tasksPerJob: DistributionSpec;
  /** Seconds; a sample <= 0 is raised to 0.001. */
  duration: DistributionSpec;
  /** Per task, in the resource's unit (cores, MB, ...); negative samples become 0. */
  resources: Record<string, DistributionSpec>;
  gang: boolean;
  /** Bidding: money bid per task, drawn per job; absent: no bid. */
  bid?: DistributionSpec | undefined;
  /** Bidding: the priority class of every job (1 the most important). */
  priority?: number | undefined;
  /** The pool every job draws from. */
  pool?: string | undefined;
  /** Prefixes input errors (a draw out of bounds), e.g. `framework web: workload.synthetic`. */
  label?: string | undefined;
  /** The scenario field of this workload, e.g. ['frameworks', 0, 'workload', 'synthetic']: input errors name their field under it (FieldError). */
  path?: readonly (string | number)[] | undefined;
}

/** Shortest task duration, seconds: non-positive duration samples are raised to it. */
export const MIN_DURATION = 0.001;

/**
 * The jobs of `spec`, ids `${idPrefix ?? 'job'}-${n}` with n from 1.
 *
 * Streams used (all prefixed with `${streamPrefix}/`): `arrivals`, `tasks`,
 * `duration`, `resources/<name>`, `bid`.
 *
 * Sharing: when every resource distribution is constant, all tasks of all jobs
 * share one Quantities instance; when durations are constant too, all tasks
 * share one (frozen) TaskSpec object. Treat both as immutable.
 *
 * Throws on resource names outside `space` and on invalid arrival or limit
 * parameters. Without `jobs` and `end` the source never ends.
 */
export function syntheticJobs(
  spec: SyntheticSpec,
  space: ResourceSpace,
  random: RandomSource,
  streamPrefix: string,
  idPrefix?: string,
): JobSource {
  const prefix = idPrefix ?? 'job';
  const nextArrival = arrivals(spec, random, streamPrefix);
  const problem = (field: string, what: string): InputError =>
    spec.path !== undefined ? new FieldError([...spec.path, ...field.split('.')], what) : new InputError(`${spec.label ?? 'synthetic'}.${field}: ${what}`);
  const quantity: QuantitySampler = (field, dist, stream) => {
    try {
      return sampler(dist, random.stream(`${streamPrefix}/${stream}`));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw problem(field, e.message);
    }
  };
  /** A drawn bid, negative ones raised to 0; one past MAX_NUMBER is an input error. */
  const drawBid = (b: Sampler): number => {
    const amount = b.sample();
    if (!(amount <= MAX_NUMBER)) throw problem('bid', `drew ${amount} (expected bids up to ${MAX_NUMBER}: a distribution bounded by it)`);
    return Math.max(0, amount);
  };
  /** A drawn duration, raised to MIN_DURATION; one past MAX_SECONDS (or not finite) is an input error. */
  const clampDuration = (seconds: number): number => {
    if (!(seconds <= MAX_SECONDS)) throw problem('duration', `drew a duration of ${seconds} s (expected durations up to ${MAX_SECONDS} s: a distribution bounded by it)`);
    return seconds > 0 ? seconds : MIN_DURATION;
  };
  const tasksPerJob = quantity('tasks_per_job', spec.tasksPerJob, 'tasks');
  const duration = quantity('duration', spec.duration, 'duration');
  const makeResources = resourceMaker(spec.resources, space, quantity, problem);
  const bid = spec.bid === undefined ? undefined : quantity('bid', spec.bid, 'bid');
  const sharedTask: TaskSpec | undefined =
    makeResources.shared && duration.constant
      ? Object.freeze({ resources: makeResources(), duration: clampDuration(duration.sample()) })
      : undefined;

  const maxJobs = spec.jobs ?? Infinity;
  if (!(maxJobs >= 0)) throw new Error(`jobs must be >= 0, got ${spec.jobs}`);
  const end = spec.end ?? Infinity;
  if (Number.isNaN(end)) throw new Error('end must be a number');

  let count = 0;
  let done = false;
  return {
    saveState: () => ({ count, done, arrivals: nextArrival.saveState() }),
    loadState(saved: unknown): void {
      const s = saved as { count: number; done: boolean; arrivals: number };
      if (typeof s?.count !== 'number' || typeof s.done !== 'boolean') throw new TypeError('a synthetic workload: count and done');
      count = s.count;
      done = s.done;
      nextArrival.loadState(s.arrivals);
    },
    next(): JobSpec | undefined {
      if (done || count >= maxJobs) return undefined;
      const submit = nextArrival();
      if (submit > end || submit === Infinity) {
        done = true;
        return undefined;
      }
      count++;
      if (submit > MAX_SECONDS) {
        throw problem('arrival', `job ${count} arrives at ${submit} s, past the limit of ${MAX_SECONDS} s (expected arrivals within it: a higher rate, fewer jobs, or an 'end')`);
      }
      const drawn = tasksPerJob.sample();
      if (!(drawn <= MAX_TASKS_PER_JOB)) {
        throw problem('tasks_per_job', `drew ${drawn} tasks for job ${count} (expected at most ${MAX_TASKS_PER_JOB.toLocaleString('en-US')} tasks per job: a distribution bounded by it)`);
      }
      const n = tasksCount(drawn);
      let tasks: TaskSpec[];
      if (sharedTask !== undefined) {
        tasks = new Array<TaskSpec>(n).fill(sharedTask);
      } else {
        tasks = new Array<TaskSpec>(n);
        const block = makeResources.shared ? undefined : makeResources.block(n);
        for (let i = 0; i < n; i++) tasks[i] = { resources: makeResources(block, i), duration: clampDuration(duration.sample()) };
      }
      return {
        id: `${prefix}-${count}`,
        submit,
        tasks,
        gang: spec.gang,
        ...(bid !== undefined ? { bid: drawBid(bid) } : {}),
        ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
        ...(spec.pool !== undefined ? { pool: spec.pool } : {}),
      };
    },
  };
}

/** Successive arrival times, and where the sequence is (its clock, or the count of periodic arrivals) as data. */
interface Arrivals {
  (): number;
  saveState(): number;
  loadState(saved: number): void;
}

/** A sampler for one quantity: its spec and stream name (after the prefix). */
type QuantitySampler = (field: string, spec: DistributionSpec, stream: string) => Sampler;

/**
 * A function returning successive arrival times, in seconds, non-decreasing;
 * Infinity once a time-varying rate has no more arrivals to give.
 */
function arrivals(spec: SyntheticSpec, random: RandomSource, streamPrefix: string): Arrivals {
  const start = spec.start;
  if (!Number.isFinite(start)) throw new Error(`start must be finite, got ${start}`);
  const arrival = spec.arrival;
  if (arrival.process === 'poisson') {
    const rate = new ArrivalRate(arrival); // validates
    const stream = random.stream(`${streamPrefix}/arrivals`);
    let t = start;
    const clock = { saveState: () => t, loadState: (saved: number) => void (t = saved) };
    if (isHomogeneous(arrival)) {
      const gap = sampler({ dist: 'exponential', mean: 1 / arrival.rate! }, stream);
      return Object.assign(() => (t += gap.sample()), clock);
    }
    // Inversion of the integrated rate: one unit exponential per arrival.
    const unit = sampler({ dist: 'exponential', mean: 1 }, stream);
    return Object.assign(() => (t = rate.advance(t, unit.sample())), clock);
  }
  const interval = arrival.interval;
  if (!(interval >= 0) || !Number.isFinite(interval)) throw new Error(`arrival interval must be >= 0, got ${interval}`);
  // start + k * interval rather than repeated addition, so times do not drift.
  let k = 0;
  return Object.assign(() => start + k++ * interval, { saveState: () => k, loadState: (saved: number) => void (k = saved) });
}

/** Rounds a tasks-per-job sample (finite: checked by the caller) to an integer >= 1. */
function tasksCount(sample: number): number {
  return Math.max(1, Math.round(sample));
}

/**
 * Makes one task's resource vector; `shared` means it always returns the same
 * instance. With a `block` (from `block(n)`, for a job of n tasks), task `i`'s
 * vector is row `i` of it: a job's vectors share one buffer, which costs about
 * half the memory of a typed array per task (its own buffer and its header).
 */
interface ResourceMaker {
  (block?: Float64Array, i?: number): Quantities;
  readonly shared: boolean;
  /** Room for the vectors of `n` tasks, every row holding the constant entries. */
  block(n: number): Float64Array;
}

function resourceMaker(
  specs: Record<string, DistributionSpec>,
  space: ResourceSpace,
  quantity: QuantitySampler,
  problem: (field: string, what: string) => InputError,
): ResourceMaker {
  const fixed = space.zero(); // constant entries, filled once
  const varying: { index: number; name: string; sampler: Sampler }[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const index = space.indexOf(name);
    if (index === undefined) throw new Error(`unknown resource '${name}' (known: ${space.names.join(', ')})`);
    const s = quantity(`resources.${name}`, spec, `resources/${name}`);
    if (s.constant) fixed[index] = milli(s.sample());
    else varying.push({ index, name, sampler: s });
  }
  const width = fixed.length;
  const block = (n: number): Float64Array => {
    const b = new Float64Array(n * width);
    for (let i = 0; i < n; i++) b.set(fixed, i * width);
    return b;
  };
  if (varying.length === 0) return Object.assign(() => fixed, { shared: true, block });
  return Object.assign(
    (rows?: Float64Array, i = 0) => {
      const q = rows === undefined ? new Float64Array(fixed) : rows.subarray(i * width, (i + 1) * width);
      for (const v of varying) {
        const amount = v.sampler.sample();
        if (!(amount <= MAX_NUMBER)) throw problem(`resources.${v.name}`, `drew ${amount} (expected amounts up to ${MAX_NUMBER}: a distribution bounded by it)`);
        q[v.index] = milli(amount);
      }
      return q;
    },
    { shared: false, block },
  );
}

/** Fixed point, negative samples clamped to 0 (after rounding, so never -0). */
function milli(value: number): number {
  return Math.max(0, toMilli(value));
}
