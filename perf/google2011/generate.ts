/**
 * A generator of Google cluster-data 2011 tables (task_events, 13 columns;
 * machine_events, 6 columns) at any scale, from the distributions fitted to
 * the bundled job_events shard (fit.ts) and the assumptions of
 * assumptions.ts. Scale 1 is the whole trace: 29 days, about 25 M tasks on
 * 12,500 machines; scale 0.1 is its first 2.9 days on the same machines.
 *
 * Streaming: rows come one at a time, in time order, and memory holds only
 * the jobs whose tasks have not yet ended (a heap of their future SCHEDULE
 * and end events), whatever the scale. Deterministic: the same seed and scale
 * give the same rows.
 *
 * Each task has one SUBMIT (with its job's requests), one SCHEDULE (on a
 * machine drawn at random; the simulator places tasks itself) after the fitted
 * submit-to-schedule delay, and one end event (FINISH, KILL or FAIL, in the
 * fitted mix) after its run time.
 *
 * @module
 */
import { randomSource, type Random } from '../../src/core/random.js';
import { MACHINES, MAX_DURATION, PLATFORMS, PRIORITIES, REQUESTS, SINGLE_TASK_SHARE, TASK_DURATION_JITTER, TASKS_AT_SCALE_1, TRACE_DAYS } from './assumptions.js';
import type { ShardFit } from './fit.js';

const ORIGIN_US = 600_000_000;
const SCHEDULE = 1;
const FIRST_JOB_ID = 7_000_000_000;
const FIRST_MACHINE_ID = 1_000;

export interface GeneratorOptions {
  readonly seed: number;
  /** Fraction of the 29-day trace: its first scale × 29 days of arrivals. */
  readonly scale: number;
  /** Write the hashed user names (the shard's); false leaves the optional column empty (smaller files). */
  readonly users: boolean;
}

/** Weighted choice by cumulative shares. */
class Choice<T> {
  readonly #values: T[];
  readonly #cumulative: number[];
  constructor(items: readonly { readonly value: T; readonly weight: number }[]) {
    this.#values = items.map((i) => i.value);
    let sum = 0;
    this.#cumulative = items.map((i) => (sum += i.weight));
    for (let k = 0; k < this.#cumulative.length; k++) this.#cumulative[k]! /= sum;
  }
  pick(random: Random): T {
    const u = random.next();
    for (let k = 0; k < this.#cumulative.length - 1; k++) if (u < this.#cumulative[k]!) return this.#values[k]!;
    return this.#values[this.#values.length - 1]!;
  }
}

function normal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Log-uniform integer on [2, k]: P(n) = ln((n+1)/n) / ln((k+1)/2). */
function logUniformMean(k: number): number {
  let mean = 0;
  for (let n = 2; n <= k; n++) mean += (n * Math.log((n + 1) / n)) / Math.log((k + 1) / 2);
  return mean;
}

/** The tail's bound K such that the mean tasks per job is `mean`. */
export function tailBound(mean: number): number {
  const tailMean = (mean - SINGLE_TASK_SHARE) / (1 - SINGLE_TASK_SHARE);
  let k = 2;
  while (logUniformMean(k) < tailMean) k = Math.ceil(k * 1.05);
  while (k > 2 && logUniformMean(k - 1) >= tailMean) k--;
  return k;
}

/** The machines: platform counts in proportion to their shares (the remainder to the first). */
export function machinePlatforms(): { cpus: number; mem: number }[] {
  const counts = PLATFORMS.map((p) => Math.floor(p.weight * MACHINES));
  counts[0]! += MACHINES - counts.reduce((a, b) => a + b, 0);
  return PLATFORMS.flatMap((p, i) => Array.from({ length: counts[i]! }, () => ({ cpus: p.cpus, mem: p.mem })));
}

/** machine_events rows: every machine ADDed at time 0. */
export function* machineEvents(): Generator<string> {
  let id = FIRST_MACHINE_ID;
  for (const p of machinePlatforms()) yield `0,${id++},0,,${p.cpus},${p.mem}`;
}

interface OpenJob {
  readonly id: number;
  /** `,<event type>` is written before it; the columns from user on. */
  readonly tail: string;
  readonly duration: number;
  readonly endType: number;
  left: number;
}

/** A binary heap of future events keyed by (µs, sequence), payload in typed arrays. */
class EventHeap {
  time = new Float64Array(1024);
  seq = new Float64Array(1024);
  job = new Float64Array(1024);
  task = new Int32Array(1024);
  machine = new Int32Array(1024);
  size = 0;
  #next = 0;

  push(time: number, job: number, task: number, machine: number): void {
    if (this.size === this.time.length) this.#grow();
    let i = this.size++;
    const seq = this.#next++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.time[p]! < time || (this.time[p] === time && this.seq[p]! < seq)) break;
      this.#move(p, i);
      i = p;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.job[i] = job;
    this.task[i] = task;
    this.machine[i] = machine;
  }

  /** Removes the top; its fields must be read before. */
  pop(): void {
    const last = --this.size;
    const time = this.time[last]!;
    const seq = this.seq[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (this.time[c + 1]! < this.time[c]! || (this.time[c + 1] === this.time[c] && this.seq[c + 1]! < this.seq[c]!))) c++;
      if (time < this.time[c]! || (time === this.time[c] && seq < this.seq[c]!)) break;
      this.#move(c, i);
      i = c;
    }
    this.#move(last, i);
  }

  #move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.job[to] = this.job[from]!;
    this.task[to] = this.task[from]!;
    this.machine[to] = this.machine[from]!;
  }

  #grow(): void {
    const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.job = grow(this.job, (n) => new Float64Array(n));
    this.task = grow(this.task, (n) => new Int32Array(n));
    this.machine = grow(this.machine, (n) => new Int32Array(n));
  }
}

/** task_events rows, one per `next()`, in time order; undefined at the end. */
export class TaskEvents {
  readonly #fit: ShardFit;
  readonly #users: boolean;
  readonly #arrivals: Random;
  readonly #jobs: Random;
  readonly #tasks: Random;
  readonly #classes: Choice<number>;
  readonly #ends: Choice<number>;
  readonly #userChoice: Choice<string>;
  readonly #priorities: Map<number, Choice<number>>;
  readonly #heap = new EventHeap();
  readonly #open = new Map<number, OpenJob>();
  /** Seconds after the trace's start past which no job is submitted. */
  readonly #end: number;
  readonly #tailBound: number;
  /** Hyperexponential phases: probability of the first, and each phase's rate (1/s). */
  readonly #phase: { p: number; rate1: number; rate2: number };
  #arrival = 0;
  #nextId = FIRST_JOB_ID;
  /** The job whose SUBMIT rows are being written, and the next task index. */
  #submitting: OpenJob | undefined;
  #submitUs = 0;
  #cursor = 0;
  /** Rows and tasks written so far. */
  rows = 0;
  tasks = 0;
  jobs = 0;

  constructor(fit: ShardFit, options: GeneratorOptions) {
    this.#fit = fit;
    this.#users = options.users;
    const random = randomSource(options.seed);
    this.#arrivals = random.stream('google2011/arrivals');
    this.#jobs = random.stream('google2011/jobs');
    this.#tasks = random.stream('google2011/tasks');
    this.#classes = new Choice(fit.classes);
    this.#ends = new Choice(fit.ends);
    this.#userChoice = new Choice(fit.users);
    this.#priorities = new Map(Object.entries(PRIORITIES).map(([c, items]) => [Number(c), new Choice(items)]));
    this.#end = options.scale * TRACE_DAYS * 86_400;
    const jobsAtScale1 = (TRACE_DAYS * 86_400) / fit.interarrivalMean;
    this.#tailBound = tailBound(TASKS_AT_SCALE_1 / jobsAtScale1);
    const m = fit.interarrivalMean;
    const c2 = fit.interarrivalCv ** 2;
    const p = c2 <= 1 ? 1 : 0.5 * (1 + Math.sqrt((c2 - 1) / (c2 + 1)));
    this.#phase = c2 <= 1 ? { p: 1, rate1: 1 / m, rate2: 1 / m } : { p, rate1: (2 * p) / m, rate2: (2 * (1 - p)) / m };
    this.#arrival = this.#gap();
  }

  /** Upper bound of the log-uniform tail of tasks per job. */
  get tailBound(): number {
    return this.#tailBound;
  }

  #gap(): number {
    const r = this.#arrivals;
    const rate = r.next() < this.#phase.p ? this.#phase.rate1 : this.#phase.rate2;
    return -Math.log(1 - r.next()) / rate;
  }

  #request(spec: { median: number; sigma: number; min: number; max: number }): string {
    const x = spec.median * Math.exp(spec.sigma * normal(this.#jobs));
    return String(Math.round(Math.min(spec.max, Math.max(spec.min, x)) * 1e5) / 1e5);
  }

  #delayUs(): number {
    const q = this.#fit.delayQuantiles;
    const at = this.#tasks.next() * (q.length - 1);
    const i = Math.floor(at);
    const d = q[i]! + (at - i) * ((q[i + 1] ?? q[i]!) - q[i]!);
    return Math.round(d * 1e6);
  }

  #startJob(): void {
    const r = this.#jobs;
    const cls = this.#classes.pick(r);
    const priority = this.#priorities.get(cls)!.pick(r);
    const user = this.#users ? this.#userChoice.pick(r) : '';
    const count = r.next() < SINGLE_TASK_SHARE ? 1 : Math.floor(Math.exp(Math.log(2) + r.next() * Math.log((this.#tailBound + 1) / 2)));
    const duration = Math.exp(this.#fit.durationMu + this.#fit.durationSigma * normal(r));
    const tail = `${user},${cls},${priority},${this.#request(REQUESTS.cpu)},${this.#request(REQUESTS.mem)},${this.#request(REQUESTS.disk)},0`;
    const job: OpenJob = { id: this.#nextId++, tail, duration, endType: this.#ends.pick(r), left: Math.max(1, count) };
    this.#open.set(job.id, job);
    this.#submitting = job;
    this.#submitUs = ORIGIN_US + Math.round(this.#arrival * 1e6);
    this.#cursor = 0;
    this.jobs++;
    this.#arrival += this.#gap();
  }

  /** The rows, one at a time (as `next()` gives them). */
  *[Symbol.iterator](): Generator<string> {
    for (let row = this.next(); row !== undefined; row = this.next()) yield row;
  }

  next(): string | undefined {
    const job = this.#submitting;
    if (job !== undefined) {
      const task = this.#cursor++;
      if (this.#cursor === job.left) this.#submitting = undefined;
      const machine = FIRST_MACHINE_ID + Math.floor(this.#tasks.next() * MACHINES);
      this.#heap.push(this.#submitUs + this.#delayUs(), job.id, task, machine);
      this.rows++;
      this.tasks++;
      return `${this.#submitUs},,${job.id},${task},,0,${job.tail}`;
    }
    const heap = this.#heap;
    const arrivalUs = this.#arrival <= this.#end ? ORIGIN_US + Math.round(this.#arrival * 1e6) : Infinity;
    if (heap.size === 0 || heap.time[0]! > arrivalUs) {
      if (arrivalUs === Infinity) return undefined;
      this.#startJob();
      return this.next();
    }
    const time = heap.time[0]!;
    const id = heap.job[0]!;
    const task = heap.task[0]!;
    const machine = heap.machine[0]!;
    heap.pop();
    const open = this.#open.get(id)!;
    this.rows++;
    if (task >= 0) {
      // SCHEDULE; its end is pushed with the task index negated.
      const run = Math.min(MAX_DURATION, open.duration * Math.exp(TASK_DURATION_JITTER * normal(this.#tasks)));
      heap.push(time + Math.max(1, Math.round(run * 1e6)), id, -task - 1, machine);
      return `${time},,${id},${task},${machine},${SCHEDULE},${open.tail}`;
    }
    if (--open.left === 0 && this.#submitting !== open) this.#open.delete(id);
    return `${time},,${id},${-task - 1},${machine},${open.endType},${open.tail}`;
  }
}
