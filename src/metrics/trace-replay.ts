/**
 * Replay against reality: for jobs whose trace records the wait they had on
 * the real system (SWF field 3, the CSV `wait` column), the simulated wait
 * (first task start − submit) is compared with the recorded one, per trace
 * framework. The figures go to summary.json under `traces.<framework>.replay`.
 *
 * Memory: the recorded waits of jobs handed out and not yet started, held by
 * their trace source; each is forgotten when the job starts.
 *
 * @module
 */
import { quantileSorted } from 'd3-array';
import { forwarding, type RunObserver } from '../master/observer.js';
import type { Snapshotting } from '../checkpoint/snapshotting.js';
import { Samples, type Distribution } from './stats.js';
import type { WorldSpec } from '../world.js';
import { isTraceSource, type TraceReport, type TraceSource } from '../workload/traces/common.js';

/** simulated − recorded, seconds. */
export interface DifferenceFigures {
  readonly mean: number | null;
  /** Mean of |simulated − recorded|. */
  readonly mean_abs: number | null;
  readonly min: number | null;
  readonly p5: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export interface ReplayFigures {
  /** Jobs with a recorded wait that started in the run. */
  readonly jobs: number;
  /** Jobs with a recorded wait that had not started when the run ended. */
  readonly not_started: number;
  readonly recorded_wait: Distribution;
  readonly simulated_wait: Distribution;
  readonly difference: DifferenceFigures;
}

/** Sorted copy of the values as a Float64Array. */
function sorted(values: Float64Array): Float64Array {
  return values.slice().sort();
}

export function differenceFigures(values: Float64Array): DifferenceFigures {
  const n = values.length;
  if (n === 0) return { mean: null, mean_abs: null, min: null, p5: null, p50: null, p95: null, max: null };
  const s = sorted(values) as unknown as number[];
  let sum = 0;
  let abs = 0;
  for (const v of values) (sum += v), (abs += Math.abs(v));
  return {
    mean: sum / n,
    mean_abs: abs / n,
    min: s[0]!,
    p5: quantileSorted(s, 0.05)!,
    p50: quantileSorted(s, 0.5)!,
    p95: quantileSorted(s, 0.95)!,
    max: s[n - 1]!,
  };
}

/** A growable Float64Array (the differences need all values for their quantiles). */
class Values {
  #data = new Float64Array(256);
  #size = 0;
  push(v: number): void {
    if (this.#size === this.#data.length) {
      const grown = new Float64Array(this.#size * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#size++] = v;
  }
  get values(): Float64Array {
    return this.#data.subarray(0, this.#size);
  }
  /** Takes `values` (a copy of `values`) in place of its own. */
  load(values: Float64Array): void {
    this.#data = new Float64Array(Math.max(256, values.length));
    this.#data.set(values);
    this.#size = values.length;
  }
}

interface Comparison {
  readonly recorded: Samples;
  readonly simulated: Samples;
  readonly difference: Values;
}

/** The comparisons so far, one per framework (undefined: it reads no trace), as data. */
type SavedComparisons = readonly ({ readonly recorded: Float64Array; readonly simulated: Float64Array; readonly difference: Float64Array } | undefined)[];

/** The comparisons as a run actor (src/checkpoint/snapshot-run.ts): the trace sources' own state is their framework's. */
function comparisonsState(comparisons: readonly (Comparison | undefined)[]): Snapshotting<SavedComparisons> {
  return {
    saveState: () => comparisons.map((c) => c && { recorded: c.recorded.saveState(), simulated: c.simulated.saveState(), difference: c.difference.values.slice() }),
    loadState(saved) {
      const fits = Array.isArray(saved) && saved.length === comparisons.length && saved.every((s, i) => (s === undefined) === (comparisons[i] === undefined));
      const arrays = fits && saved.every((s) => s === undefined || [s.recorded, s.simulated, s.difference].every((a) => a instanceof Float64Array && a.length === s.recorded.length));
      if (!arrays) throw new TypeError(`replay figures of ${comparisons.filter((c) => c !== undefined).length} trace frameworks among ${comparisons.length} (expected as many recorded, simulated and difference values each)`);
      saved.forEach((s, i) => {
        const c = comparisons[i];
        if (s === undefined || c === undefined) return;
        c.recorded.loadState(s.recorded);
        c.simulated.loadState(s.simulated);
        c.difference.load(s.difference);
      });
    },
  };
}

/**
 * Wraps `inner` so that job starts of trace frameworks are compared with the
 * recorded waits; `report()` gives each trace source's report with its
 * `replay` figures (undefined when no framework reads a trace); `state`, the
 * comparisons so far as data (undefined when no framework reads a trace).
 */
export function traceReplay(
  inner: RunObserver,
  spec: WorldSpec,
): { observer: RunObserver; report(): Record<string, TraceReport & { replay?: ReplayFigures }> | undefined; state: Snapshotting<unknown> | undefined } {
  const sources: (TraceSource | undefined)[] = spec.frameworks.map((f) => (isTraceSource(f.jobs) ? f.jobs : undefined));
  if (sources.every((s) => s === undefined)) return { observer: inner, report: () => undefined, state: undefined };
  const comparisons = sources.map((s): Comparison | undefined =>
    s === undefined ? undefined : { recorded: new Samples(), simulated: new Samples(), difference: new Values() },
  );
  const prefix = spec.frameworks.map((f) => f.name.length + 1); // job record ids are `${framework}/${job id}`
  const observer = forwarding(inner, {
    taskStarted: (task, now) => {
      const fw = task.job.framework;
      const source = sources[fw];
      if (source !== undefined) {
        const recorded = source.takeRecordedWait(task.job.id.slice(prefix[fw]));
        if (recorded !== undefined) {
          const c = comparisons[fw]!;
          const simulated = now - task.job.submit;
          c.recorded.push(recorded);
          c.simulated.push(simulated);
          c.difference.push(simulated - recorded);
        }
      }
      inner.taskStarted(task, now);
    },
  });
  return {
    observer,
    state: comparisonsState(comparisons) as Snapshotting<unknown>,
    report() {
      const out: Record<string, TraceReport & { replay?: ReplayFigures }> = {};
      sources.forEach((source, fw) => {
        if (source === undefined) return;
        const report = source.report();
        const c = comparisons[fw]!;
        const pending = source.pendingRecordedWaits();
        out[source.framework] =
          c.recorded.size + pending === 0
            ? report
            : {
                ...report,
                replay: {
                  jobs: c.recorded.size,
                  not_started: pending,
                  recorded_wait: c.recorded.describe(),
                  simulated_wait: c.simulated.describe(),
                  difference: differenceFigures(c.difference.values),
                },
              };
      });
      return out;
    },
  };
}
