/**
 * The progress line of a command's runs (docs/progress.md): simulated time
 * reached, events, tasks ended, and an estimate of the time left.
 *
 * The estimate: the share of the work done, f, is the runs finished plus,
 * for each running run, the share of its horizon reached, over the runs to
 * make; the time left is the time taken so far × (1 − f) / f. A run's
 * horizon is its scenario's `until` (share: simulated time reached /
 * until), or with `until: drained` the number of jobs its workload will
 * submit when that is known before the run (share: jobs ended / jobs), or
 * else the time of its last arrival (share: simulated time reached / that
 * time; the drain after it is not counted, so the estimate is short by
 * the drain's part); see `horizonOf`. When a running run has no horizon, only finished runs count;
 * before any has finished there is no estimate, and the line says so.
 *
 * @module
 */
import type { RunProgress } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import type { Progress } from './progress.js';

/**
 * What a run's share done is measured against: its end in simulated
 * seconds (`until`), the jobs it will submit (`jobs`), or the simulated time
 * its arrivals stop (`arrivals`, which leaves out the drain after them);
 * undefined: unknown.
 */
export type Horizon = { readonly until: number } | { readonly jobs: number } | { readonly arrivals: number } | undefined;

/**
 * A run's horizon: its `until` in seconds. With `until: drained`: the jobs
 * its frameworks will submit, when every workload says so in advance (an
 * explicit `jobs` list, or generated jobs with `jobs: N` and no `end`);
 * else, when every workload is a list or generated jobs with an `end`, the
 * time the last arrival comes. A trace (read as it runs), a service (which
 * never ends) or a mix of generated jobs with and without `end` leave it
 * unknown.
 */
export function horizonOf(s: Scenario): Horizon {
  if (s.until !== 'drained') return { until: s.until };
  let jobs = 0;
  let arrivals = 0;
  let countable = true;
  let timed = true;
  for (const f of s.frameworks) {
    const w = f.workload;
    if ('trace' in w) return undefined;
    if ('jobs' in w) {
      if (w.jobs.some((j) => j.service === true)) return undefined;
      jobs += w.jobs.length;
      arrivals = Math.max(arrivals, ...w.jobs.map((j) => j.submit));
    } else if (w.synthetic.end === undefined) {
      jobs += w.synthetic.jobs ?? 0;
      timed = false;
    } else {
      countable = false;
      arrivals = Math.max(arrivals, w.synthetic.end);
    }
  }
  if (countable) return jobs > 0 ? { jobs } : undefined;
  return timed && arrivals > 0 ? { arrivals } : undefined;
}

/** The share of `horizon` that `p` has reached, from 0 to 1; undefined without a horizon. */
export function shareDone(horizon: Horizon, p: RunProgress): number | undefined {
  if (horizon === undefined) return undefined;
  const share = 'jobs' in horizon ? p.jobs / horizon.jobs : p.now / ('until' in horizon ? horizon.until : horizon.arrivals);
  return Math.min(1, Math.max(0, share));
}

/** A duration for people: "45 s", "12 min 5 s", "3 h 20 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const count = (n: number): string => n.toLocaleString('en-US');
const seconds = (t: number): string => `${count(Math.floor(t))} s`;

interface Running {
  readonly label: string;
  readonly horizon: Horizon;
  progress: RunProgress;
  /** Of a timed bench run made several times: which repeat (from 1), of how many. */
  repeat?: { readonly repeat: number; readonly repeats: number };
}

const NONE: RunProgress = { now: 0, events: 0, tasks: 0, jobs: 0 };

/** The runs of one command, their progress, and the line that shows it on `sink`. */
export class RunsProgress {
  readonly #running = new Map<number, Running>();
  #finished = 0;
  /** Events and tasks of the finished runs. */
  #events = 0;
  #tasks = 0;
  readonly #started: number;

  /**
   * `title`: the command and what it runs (e.g. "compare quickstart");
   * `total`: the runs it will make; `clock`: milliseconds now; `unit`: what
   * the line calls a run (a sweep's are cells).
   */
  constructor(
    private readonly title: string,
    private readonly total: number,
    private readonly sink: Progress,
    private readonly clock: () => number = Date.now,
    private readonly unit: string = 'runs',
  ) {
    this.#started = clock();
  }

  /** Run `id` started. */
  start(id: number, label: string, horizon: Horizon): void {
    this.#running.set(id, { label, horizon, progress: NONE });
    this.sink.update(this.line());
  }

  /** Run `id` has got this far (of a timed run: in repeat `repeat` of `repeats`). */
  tick(id: number, progress: RunProgress, repeat?: { readonly repeat: number; readonly repeats: number }): void {
    const run = this.#running.get(id);
    if (run === undefined) return;
    run.progress = progress;
    if (repeat !== undefined && repeat.repeats > 1) run.repeat = repeat;
    this.sink.update(this.line());
  }

  /** Run `id` ended (its last progress counts in the totals). */
  finish(id: number): void {
    const run = this.#running.get(id);
    if (run !== undefined) {
      this.#events += run.progress.events;
      this.#tasks += run.progress.tasks;
      this.#running.delete(id);
    }
    this.#finished++;
    this.sink.update(this.line());
  }

  done(): void {
    this.sink.done();
  }

  /** The progress line now. */
  line(): string {
    const running = [...this.#running.values()];
    const events = this.#events + running.reduce((n, r) => n + r.progress.events, 0);
    const tasks = this.#tasks + running.reduce((n, r) => n + r.progress.tasks, 0);
    const totals = `${count(events)} events, ${count(tasks)} tasks done`;
    const left = this.#timeLeft(running);
    if (this.total === 1 && running.length === 1) {
      const r = running[0]!;
      return `${this.title}: ${reached(r)}, ${totals}; ${left}`;
    }
    const shown = running.slice(0, 3).map((r) => `${r.label} at ${reached(r)}`);
    const more = running.length > shown.length ? `, ${running.length - shown.length} more` : '';
    const now = running.length > 0 ? ` (${shown.join('; ')}${more})` : '';
    return `${this.title}: ${this.#finished} of ${this.total} ${this.unit} done, ${running.length} running${now}; ${totals}; ${left}`;
  }

  #timeLeft(running: readonly Running[]): string {
    const shares = running.map(runShare);
    const known = shares.every((s) => s !== undefined);
    const done = (this.#finished + (known ? shares.reduce((a: number, s) => a + s!, 0) : 0)) / this.total;
    const elapsed = this.clock() - this.#started;
    if (done <= 0 || elapsed <= 0) return 'time left unknown';
    if (done >= 1) return 'about 0 s left';
    return `about ${formatDuration((elapsed * (1 - done)) / done)} left`;
  }
}

/** The share of a run done, over its repeats. */
function runShare(r: Running): number | undefined {
  const share = shareDone(r.horizon, r.progress);
  if (share === undefined || r.repeat === undefined) return share;
  return (r.repeat.repeat - 1 + share) / r.repeat.repeats;
}

/** "simulated 1,234 s of 3,600 (34%)", "simulated 1,234 s, 120 of 500 jobs (24%)" or "simulated 1,234 s". */
function reached(r: Running): string {
  const at = `simulated ${seconds(r.progress.now)}`;
  const repeat = r.repeat === undefined ? '' : ` (run ${r.repeat.repeat} of ${r.repeat.repeats})`;
  const share = shareDone(r.horizon, r.progress);
  if (r.horizon === undefined || share === undefined) return at + repeat;
  const pct = `${Math.floor(share * 100)}%`;
  if ('until' in r.horizon) return `${at} of ${count(r.horizon.until)} (${pct})${repeat}`;
  if ('arrivals' in r.horizon) return `${at} of ${count(r.horizon.arrivals)} to the last arrival (${pct})${repeat}`;
  return `${at}, ${count(r.progress.jobs)} of ${count(r.horizon.jobs)} jobs (${pct})${repeat}`;
}
