/**
 * Runs one scenario end to end and returns its summary. Where the tables go
 * is the caller's choice (files in the CLI, memory in tests).
 *
 * @module
 */
import type { SimTime } from './core/event-queue.js';
import { randomSource } from './core/random.js';
import { buildAllocator, buildWorldSpec, hasPreferences } from './build.js';
import type { Allocator, AllocatorFactory } from './allocator/types.js';
import { pluginModule } from './allocator/plugin.js';
import { getHeapStatistics } from 'node:v8';
import { AllocatorError, FieldError, InputError, PluginError } from './errors.js';
import { guardView } from './allocator/view-guard.js';
import { MetricsCollector, type CollectedMetrics } from './metrics/collector.js';
import type { MaintenanceFigures } from './faults/maintenance/figures.js';
import type { FailoverFigures } from './faults/master-failover/figures.js';
import type { AgentFaultFigures } from './faults/agent/figures.js';
import { faultFigures } from './faults/registry.js';
import type { RunSinks } from './metrics/sinks.js';
import type { Scenario } from './scenario/schema.js';
import { locating } from './scenario/locate.js';
import { World, type EndReason } from './world.js';
import { observedCluster } from './observed-cluster.js';
import { traceReplay } from './metrics/trace-replay.js';
import { traceMachinesReport } from './workload/traces/machines.js';
import type { StallReport } from './framework/stall.js';
import type { TaskFaultReport } from './faults/task/figures.js';
import { ExecAllocator, type PolicyReport } from './allocator/exec/exec-allocator.js';
import { withPolicyObserver } from './allocator/exec/observe.js';
import type { RandomSource } from './core/random.js';
import type { WorldSpec } from './world.js';
import { groupFigures, type GroupsReport } from './metrics/group-figures.js';
import { forwarding, type RunObserver } from './master/observer.js';
import type { RunMoments } from './checkpoint/moments.js';
import { waitAttribution } from './metrics/waits.js';
import type { WaitsReport } from './metrics/wait-totals.js';
import { MeasurementWindow } from './metrics/window.js';
import { observedWaits } from './observed-waits.js';

export interface Summary extends CollectedMetrics {
  /** Fault events by kind, plus each fault model's figures when the run has it (docs/faults.md). */
  readonly faults: CollectedMetrics['faults'] &
    TaskFaultReport & { readonly agents?: AgentFaultFigures; readonly maintenance?: MaintenanceFigures; readonly master_failover?: FailoverFigures };
  /** Waits, completion times and slowdowns per role, framework and pool (metrics/group-figures.ts). */
  readonly groups: GroupsReport;
  /** Waiting by cause, over the run, per framework and per role (metrics/waits.ts); absent when `output.waits` is false. */
  readonly waits?: WaitsReport;
  readonly scenario: string;
  readonly seed: number;
  readonly allocator: string;
  readonly simulated: { readonly start: SimTime; readonly end: SimTime; readonly end_reason: EndReason };
  readonly events: number;
  /** Wall-clock seconds of the whole run; null when wall-clock figures are turned off. */
  readonly wall_seconds: number | null;
  readonly resources: readonly string[];
  readonly agents: number;
  readonly frameworks: number;
  /** Trace workloads: what was read and left out, and replay-vs-recorded waits (docs/traces.md). */
  readonly traces?: Record<string, unknown>;
  /** Agents from a trace's machine events: what was read and skipped (docs/traces.md). */
  readonly trace_machines?: Record<string, unknown>;
  /** Only when the run ended stalled: the tasks that can never start, by reason (src/framework/stall.ts). */
  readonly stalled?: StallReport;
  /** Only for a policy in another process (exec:): its calls and their cost (docs/protocol.md). */
  readonly policy?: PolicyReport;
}

/** How far a run has got, for progress lines (never part of a result). */
export interface RunProgress {
  /** Simulated seconds reached. */
  readonly now: SimTime;
  /** Events handled. */
  readonly events: number;
  /** Task attempts ended, in any end state. */
  readonly tasks: number;
  /** Jobs ended: every task of the job ended (completed or unsuccessful). */
  readonly jobs: number;
}

export interface RunScenarioOptions {
  /** Called every 65,536 events and once at the end, with the simulated time and the run's progress. */
  readonly onProgress?: (now: SimTime, progress: RunProgress) => void;
  /** Verify the master's books every this many events (0: never); any value above 0 also checks that the allocator leaves its view unchanged. */
  readonly verifyEvery?: number;
  /** Report wall-clock figures (false: null, for byte-identical results). */
  readonly wallClock?: boolean;
  /** The allocator's factory when it is a loaded plug-in (built-ins are looked up by name). */
  readonly allocatorFactory?: AllocatorFactory;
  /** Checkpoints to save and a fork to make on the way (src/checkpoint/moments.ts); absent: none. */
  readonly moments?: RunMoments;
}

/** Runs `s`; input problems found on the way (a data file, a drawn value, a plug-in's decision) are one line each, located in its file. */
export function runScenario(s: Scenario, sinks: RunSinks, options: RunScenarioOptions = {}): Summary {
  return locating(s, () => run(s, options.moments?.sinks(sinks) ?? sinks, options));
}

function run(s: Scenario, sinks: RunSinks, options: RunScenarioOptions): Summary {
  const started = performance.now();
  const { moments } = options;
  const random = moments?.random(s.seed) ?? randomSource(s.seed);
  const spec = buildWorldSpec(s, random);
  const own = buildAllocator(s, spec.space, random, options.allocatorFactory);
  const built = moments?.allocator(own, spec.space) ?? own;
  // Under verify, an allocator that writes to its view stops the run (view-guard.ts).
  const allocator = (options.verifyEvery ?? 0) > 0 ? guardView(built) : built;
  // An allocator that holds something (a policy's process) is closed whatever happens.
  try {
    const summary = simulate(s, sinks, options, { started, random, spec, allocator, built, own });
    built.close?.(true);
    return built instanceof ExecAllocator ? { ...summary, policy: built.report(options.wallClock ?? true) } : summary;
  } catch (e) {
    const failure = built instanceof ExecAllocator ? built.explain(e) : e;
    built.close?.(false);
    throw failure;
  }
}

interface Built {
  readonly started: number;
  readonly random: RandomSource;
  readonly spec: WorldSpec;
  /** What the master calls (under verify, `built` behind a guard). */
  readonly allocator: Allocator;
  /** The allocator as built. */
  readonly built: Allocator;
  /** The allocator as built for the scenario (under a fork, the one that decides up to its moment). */
  readonly own: Allocator;
}

function simulate(s: Scenario, sinks: RunSinks, options: RunScenarioOptions, { started, random, spec, allocator, built, own }: Built): Summary {
  let world: World | undefined;
  const window = { from: s.metrics.warmup, to: s.metrics.window === null ? Infinity : s.metrics.warmup + s.metrics.window };
  const collector = new MetricsCollector(
    spec.space,
    observedCluster(spec, () => world!),
    sinks,
    {
      sampleInterval: s.metrics.sample_interval,
      offers: s.output.offers,
      tasks: s.output.tasks !== false,
      locality: hasPreferences(s),
      usage: spec.taskFaults?.isolation !== undefined,
      window,
      percentiles: s.metrics.percentiles ?? 'exact',
    },
  );
  const replay = traceReplay(collector, spec);
  // Each fault model's figures (src/faults/registry.ts).
  const faults = faultFigures(replay.observer, spec);
  const groups = groupFigures(faults.observer, { frameworks: spec.frameworks, pools: (spec.pools ?? []).map((p) => p.name) }, window, s.metrics.percentiles ?? 'exact');
  let waitSource: ReturnType<typeof observedWaits> | undefined;
  // output.waits: absent or true attributes waits (metrics/waits.ts).
  const waits = s.output.waits === false ? undefined : waitAttribution(groups.observer, () => (waitSource ??= observedWaits(world!)), { frameworks: spec.frameworks }, sinks.waits, new MeasurementWindow(window));
  const ended = { tasks: 0, jobs: 0 };
  const watched = waits?.observer ?? groups.observer;
  // Ends are counted only for a caller that follows the run.
  const counted = options.onProgress === undefined ? watched : countingEnds(watched, ended);
  const observed = options.moments?.observer(counted, () => world!) ?? counted;
  world = new World(spec, allocator, random, withPolicyObserver(observed, built));
  // Under a fork from a checkpoint that holds the state, every actor takes it now (src/checkpoint/moments.ts).
  options.moments?.started(world, own, { collector, groups: groups.state, waits: waits?.state, traces: replay.state, faults: faults.state });
  const guard = runGuard(s.limits.events, () => world!.sim.processed);
  const report = (now: SimTime): void => options.onProgress?.(now, { now, events: world!.sim.processed, ...ended });
  const runOptions = {
    onProgress: (now: SimTime) => {
      report(now);
      guard(now);
    },
    verifyEvery: options.verifyEvery ?? 0,
  };
  const { end, reason } = pluginErrors(allocator, () => world!.run(runOptions));
  options.moments?.finish(end, world);
  report(end);
  const waitsReport = waits?.report(end);
  const metrics = collector.finish(end);
  const wallClock = options.wallClock ?? true;
  const traces = replay.report();
  const machines = traceMachinesReport(spec.agents);
  const summary = {
    scenario: s.name,
    seed: s.seed,
    allocator: s.master.allocator,
    simulated: { start: 0, end, end_reason: reason },
    events: world.sim.processed,
    wall_seconds: wallClock ? (performance.now() - started) / 1000 : null,
    resources: spec.space.names,
    agents: spec.agents.length,
    frameworks: spec.frameworks.length,
    ...metrics,
    allocation_runs: wallClock ? metrics.allocation_runs : { ...metrics.allocation_runs, wall_seconds: null, wall_ms_per_run: null, wall_us_per_grant: null },
    faults: { ...metrics.faults, ...faults.report(end) },
    groups: groups.report(),
    ...(waitsReport !== undefined ? { waits: waitsReport } : {}),
    ...(traces !== undefined ? { traces } : {}),
    ...(machines !== undefined ? { trace_machines: machines } : {}),
    ...(reason === 'stalled' ? { stalled: world.stallReport() } : {}),
  } as Summary;
  return options.moments?.summary(summary) ?? summary;
}

/** `inner`, counting into `ended` the task attempts and jobs that end. */
function countingEnds(inner: RunObserver, ended: { tasks: number; jobs: number }): RunObserver {
  return forwarding(inner, {
    taskEnded: (task, now) => {
      ended.tasks++;
      if (task.job.live === 0) ended.jobs++;
      inner.taskEnded(task, now);
    },
  });
}

/** Runs `f`; an invalid decision of a plug-in allocator is the plug-in's error (exit 2), naming its module. */
function pluginErrors<T>(allocator: Allocator, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const module = pluginModule(allocator);
    if (module !== undefined && e instanceof AllocatorError) throw new PluginError(`allocator ${module}: ${e.why}`);
    throw e;
  }
}

/** Of the heap this process may use, the share past which a run is stopped rather than let abort on memory. */
const HEAP_SHARE = 0.92;

/**
 * A check made every 65,536 events (the world's progress tick): stops the run
 * with an input error once it has handled more than `maxEvents` events
 * (`limits.events`), or when the heap nears the process's limit, which would
 * otherwise abort it on memory.
 */
function runGuard(maxEvents: number, processed: () => number): (now: SimTime) => void {
  const heapLimit = getHeapStatistics().heap_size_limit;
  return (now) => {
    const events = processed();
    if (events > maxEvents) {
      const what = `the run was stopped after ${events.toLocaleString('en-US')} events, at simulated time ${now} s`;
      throw new FieldError(['limits', 'events'], `${what} (expected a run that ends within limits.events, ${maxEvents.toLocaleString('en-US')}: shorten it, or raise the limit with --set limits.events=N)`);
    }
    const used = getHeapStatistics().used_heap_size;
    if (used > HEAP_SHARE * heapLimit) {
      const mb = (n: number): string => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MB`;
      throw new InputError(
        `sim: the run was stopped after ${events.toLocaleString('en-US')} events, at simulated time ${now} s: it uses ${mb(used)} of the ${mb(heapLimit)} of memory this process may use (expected a scenario that fits: a smaller cluster, workload or window, or more memory with NODE_OPTIONS=--max-old-space-size=MB)`,
      );
    }
  };
}
