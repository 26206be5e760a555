/**
 * One (scenario, seed) of a bench suite: its summary, no tables. With timing,
 * the run is made `repeats` times and the machine figures (the allocator's
 * wall-clock and CPU time per allocation run) are the medians over the
 * repeats: a repeat disturbed by the machine (the JIT compiling the allocator
 * on the first run, a garbage collection, a neighbour's burst) moves a
 * median of three far less than a single figure. The model's figures are the
 * same on every repeat (determinism), which is checked.
 *
 * @module
 */
import { median } from 'd3-array';
import { allocatorFactory } from '../allocator/registry.js';
import type { AllocatorFactory } from '../allocator/types.js';
import { summaryMetrics, type TimedSummary } from '../analysis/summary-metrics.js';
import { InvariantError } from '../errors.js';
import { nullTable } from '../metrics/sinks.js';
import { runScenario, type RunProgress, type RunScenarioOptions, type Summary } from '../run.js';
import type { Scenario } from '../scenario/schema.js';
import { cpuTimed } from './cpu-clock.js';

export interface TimedRunOptions {
  /** Measure the allocator's time (false: machine figures are null, one run). */
  readonly timing: boolean;
  /** Runs made when timing (at least 1). */
  readonly repeats: number;
  /** The allocator's factory when it is a plug-in (built-ins are looked up by name). */
  readonly factory?: AllocatorFactory | undefined;
  /** How far the current repeat (from 1) has got. */
  readonly onProgress?: (progress: RunProgress, repeat: number) => void;
}

const sinks = { tasks: nullTable, offers: nullTable, utilization: nullTable };

export function timedRun(scenario: Scenario, options: TimedRunOptions): TimedSummary {
  const plugin = options.factory !== undefined ? { allocatorFactory: options.factory } : {};
  if (!options.timing) {
    const summary = runScenario(scenario, sinks, { wallClock: false, ...plugin, ...progressOf(options, 1) });
    return { ...summary, allocator_cpu_ms_per_run: null };
  }
  const clock = cpuTimed(options.factory ?? allocatorFactory(scenario.master.allocator));
  const runs: { summary: Summary; cpuMs: number | null }[] = [];
  for (let repeat = 1; repeat <= Math.max(1, options.repeats); repeat++) {
    const summary = runScenario(scenario, sinks, { wallClock: true, allocatorFactory: clock.factory, ...progressOf(options, repeat) });
    const count = summary.allocation_runs.count;
    runs.push({ summary, cpuMs: count > 0 ? (1000 * clock.take()) / count : null });
  }
  const first = runs[0]!.summary;
  checkSameModel(scenario, runs.map((r) => r.summary));
  const wallMs = median(runs, (r) => r.summary.allocation_runs.wall_ms_per_run ?? undefined) ?? null;
  const cpuMs = median(runs, (r) => r.cpuMs ?? undefined) ?? null;
  return { ...first, allocation_runs: { ...first.allocation_runs, wall_ms_per_run: wallMs }, allocator_cpu_ms_per_run: cpuMs };
}

function progressOf(options: TimedRunOptions, repeat: number): Pick<RunScenarioOptions, 'onProgress'> {
  const report = options.onProgress;
  return report === undefined ? {} : { onProgress: (_now, progress) => report(progress, repeat) };
}

/** Every repeat gives the same model figures: a run is a function of its scenario and seed. */
function checkSameModel(scenario: Scenario, summaries: readonly Summary[]): void {
  const model = summaryMetrics(summaries[0]!.resources).filter((m) => m.wallClock !== true);
  for (const m of model) {
    const values = summaries.map((s) => m.of(s));
    if (values.some((v) => !Object.is(v, values[0]))) {
      throw new InvariantError(`scenario ${scenario.name} seed ${scenario.seed}: ${m.name} differs between repeats of the same run (${values.join(', ')})`);
    }
  }
}
