/**
 * Builds small worlds by hand for tests, without a scenario file.
 */
import { randomSource } from '../../src/core/random.js';
import { allocatorFactory } from '../../src/allocator/registry.js';
import type { AllocatorFactory } from '../../src/allocator/types.js';
import { guardView } from '../../src/allocator/view-guard.js';
import type { MasterConfig } from '../../src/master/config.js';
import { MetricsCollector } from '../../src/metrics/collector.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import type { JobSource, JobSpec } from '../../src/model/job.js';
import type { Offer } from '../../src/model/offer.js';
import { ResourceSpace } from '../../src/model/resources.js';
import type { Quota } from '../../src/model/roles.js';
import { World, type FrameworkSpec, type WorldSpec } from '../../src/world.js';
import { observedCluster } from '../../src/observed-cluster.js';
import { faultFigures } from '../../src/faults/registry.js';
import type { SimTime } from '../../src/core/event-queue.js';
import type { Summary } from '../../src/run.js';

export const space = new ResourceSpace(['cpus', 'mem', 'disk', 'gpus']);

export function masterConfig(overrides: Partial<MasterConfig> = {}): MasterConfig {
  return {
    allocationInterval: 1,
    offerTimeout: null,
    minAllocatable: [space.fromRecord({ cpus: 0.01 }), space.fromRecord({ mem: 32 })],
    latency: { masterToFramework: 0, frameworkToMaster: 0, masterToAgent: 0, agentToMaster: 0 },
    ...overrides,
  };
}

export function listJobs(jobs: readonly JobSpec[]): JobSource {
  let i = 0;
  return { next: () => jobs[i++] };
}

/** `count` identical tasks submitted at `submit`. */
export function job(id: string, submit: number, count: number, resources: Record<string, number>, duration = Infinity, gang = false): JobSpec {
  const r = space.fromRecord(resources);
  return { id, submit, gang, tasks: Array.from({ length: count }, () => ({ resources: r, duration })) };
}

export function framework(name: string, role: string, jobs: readonly JobSpec[], overrides: Partial<FrameworkSpec> = {}): FrameworkSpec {
  return {
    name,
    role,
    gpuCapable: false,
    suppressWhenIdle: true,
    tasksPerOffer: Infinity,
    lookahead: 1000,
    perJob: 0,
    perTask: 0,
    refuseSeconds: 5,
    registerAt: 0,
    unregisterAt: null,
    jobs: listJobs(jobs),
    ...overrides,
  };
}

export function agents(count: number, resources: Record<string, number>, group = 'a'): WorldSpec['agents'] {
  const total = space.fromRecord(resources);
  return Array.from({ length: count }, (_, k) => ({ name: `${group}-${k}`, group, total, attributes: {}, registerAt: 0 }));
}

/** Agents with static reservations (role path -> resources, part of `resources`). */
export function reservedAgents(
  count: number,
  resources: Record<string, number>,
  reservations: Record<string, Record<string, number>>,
  group = 'r',
): WorldSpec['agents'] {
  const reserved = new Map(Object.entries(reservations).map(([role, r]) => [role, space.fromRecord(r)]));
  return agents(count, resources, group).map((a) => ({ ...a, reservations: reserved }));
}

/** A quota: what is not listed has no guarantee and no limit. */
export function quota(guarantee: Record<string, number>, limit: Record<string, number> = {}): Quota {
  const l = space.fromRecord(limit).map((v, i) => (space.names[i]! in limit ? v : Infinity));
  return { guarantee: space.fromRecord(guarantee), limit: l };
}

/** A collector that also calls `onOffer` after each offer is made (the master's books already include it). */
class HookedCollector extends MetricsCollector {
  onOffer: ((offer: Offer) => void) | undefined;

  override offerMade(offer: Offer): void {
    super.offerMade(offer);
    this.onOffer?.(offer);
  }
}

export interface Built {
  world: World;
  tasks: MemoryTable;
  offers: MemoryTable;
  utilization: MemoryTable;
  events: MemoryTable;
  collector: MetricsCollector;
  /** The fault models' figures, closed at the given end (summary.json `faults` besides the counts). */
  faultFigures: (end: SimTime) => object;
}

type FaultsReport = Summary['faults'];

/** `allocator` is a built-in's name or a factory (a loaded plug-in, say). */
export function buildWorld(
  spec: Partial<WorldSpec> & Pick<WorldSpec, 'agents' | 'frameworks'>,
  allocator: string | AllocatorFactory = 'drf',
  seed = 1,
  options: Record<string, unknown> = {},
  onOffer?: (offer: Offer, world: World) => void,
): Built {
  const full: WorldSpec = {
    space,
    master: masterConfig(),
    weights: new Map(),
    timeline: [],
    until: 'drained',
    stallTimeout: 3600,
    ...spec,
  };
  const random = randomSource(seed);
  const tasks = new MemoryTable();
  const offers = new MemoryTable();
  const utilization = new MemoryTable();
  const events = new MemoryTable();
  let world: World | undefined;
  const collector = new HookedCollector(
    space,
    observedCluster(full, () => world!),
    { tasks, offers, utilization, events },
    { sampleInterval: 60, offers: true, locality: full.frameworks.some((f) => f.localityWait !== undefined) },
  );
  // Each fault model's figures, as in a run (src/faults/registry.ts).
  const faults = faultFigures(collector, full);
  if (onOffer !== undefined) collector.onOffer = (offer) => onOffer(offer, world!);
  const factory = typeof allocator === 'string' ? allocatorFactory(allocator) : allocator;
  // Tests hold every allocator to its read-only view, as `sim run --verify` does.
  const alloc = guardView(factory.create({
    random: random.stream('allocator'),
    options,
    space,
    pools: (full.pools ?? []).map((p) => p.name),
    bids: true, // these worlds may bid; the refusal of a scenario without bids is tested through scenarios
  }));
  world = new World(full, alloc, random, faults.observer);
  return { world, tasks, offers, utilization, events, collector, faultFigures: faults.report };
}

/** Runs the world to its end and closes the collector, so the tables are complete. */
export function runToEnd(b: Built, verifyEvery = 1) {
  const result = b.world.run({ verifyEvery });
  return { ...result, metrics: finishMetrics(b, result.end) };
}

/** Closes the collector and the fault models' figures at `end`: the run's figures as summary.json has them. */
export function finishMetrics(b: Built, end: SimTime) {
  const metrics = b.collector.finish(end);
  return { ...metrics, faults: { ...metrics.faults, ...b.faultFigures(end) } as FaultsReport };
}

/** Tasks per framework that are running (or staging) at the end. */
export function runningByFramework(b: Built): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of b.tasks.records()) {
    if (r.state === 'running' || r.state === 'staging') out[r.framework as string] = (out[r.framework as string] ?? 0) + 1;
  }
  return out;
}
