/**
 * Snapshots of the fault models (docs/checkpoints.md): each model's runtime
 * and figures, and the master's maintenance book, saved in a world part way
 * through a run, through JSON as a checkpoint holds them, and taken by the
 * same actors of a fresh world of the same scenario: their state saved again
 * is the same graph, their figures report the same, and a state that is not
 * theirs is refused. That a restored run goes on to the same bytes is
 * test/checkpoint/round-trip.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAllocator, buildWorldSpec } from '../../src/build.js';
import { decodeSnapshot, encodeSnapshot, type BuiltKind } from '../../src/checkpoint/snapshot.js';
import { agentsSnapshot, modelKinds } from '../../src/checkpoint/snapshot-model.js';
import type { Snapshotting } from '../../src/checkpoint/snapshotting.js';
import { RecordingRandom } from '../../src/checkpoint/state.js';
import type { FaultHooks } from '../../src/cluster/fault-hooks.js';
import type { SimTime } from '../../src/core/event-queue.js';
import { faultFigures, faultModels } from '../../src/faults/registry.js';
import { nullObserver } from '../../src/master/observer.js';
import type { Pool } from '../../src/model/pool.js';
import type { JobRecord } from '../../src/model/task.js';
import type { RoleTree } from '../../src/model/roles.js';
import { loadScenario } from '../../src/scenario/load.js';
import { World } from '../../src/world.js';
import { root } from '../helpers/cli.js';

interface Built {
  readonly world: World;
  readonly hooks: FaultHooks;
  readonly figures: Snapshotting<unknown>;
  readonly report: (end: SimTime) => object;
  readonly kinds: readonly BuiltKind[];
  /** The fault models the world has, in registry order (the order of their runtimes and figures). */
  readonly models: readonly string[];
}

/** A world of a bundled scenario, as a run builds it (run.ts), at its start. */
function build(file: string, sets: readonly string[]): Built {
  const s = loadScenario(join(root, 'scenarios', file), sets);
  const random = new RecordingRandom(s.seed);
  const spec = buildWorldSpec(s, random);
  const figures = faultFigures(nullObserver, spec);
  const world = new World(spec, buildAllocator(s, spec.space, random), random, figures.observer);
  const actors = world.actors() as { faultHooks: FaultHooks; roles: RoleTree; pools: readonly Pool[] };
  const models = faultModels.filter((m) => spec[m.key] !== undefined && !(Array.isArray(spec[m.key]) && (spec[m.key] as unknown[]).length === 0)).map((m) => m.name);
  return { world, hooks: actors.faultHooks, figures: figures.state!, report: figures.report, kinds: modelKinds(world.agents, world.frameworks, actors.roles, actors.pools), models };
}

/** `state` as a checkpoint's text holds it. */
const text = (state: unknown, b: Built): string => JSON.stringify(encodeSnapshot(state, { built: b.kinds }));
/** `state` of `from`'s world, through JSON, with `to`'s built objects. */
const carry = (state: unknown, from: Built, to: Built): unknown => decodeSnapshot(JSON.parse(text(state, from)), { built: to.kinds });

/** Each world: a scenario, its --set overrides, and a moment where its fault models are busy. */
const WORLDS = [
  // A drain under way on r2-0 (1760), r1-0's window over, agents failed at random, tasks failing and throttled.
  { file: 'faults/chaos.yaml', sets: [], at: 1770 },
  // The same with the agents' shared clocks (isolation none).
  { file: 'faults/chaos.yaml', sets: ['faults.isolation.mode=none'], at: 1770 },
  // Rack r3 cut off (1800 to 2100), not yet found unreachable: a message of its agents held.
  { file: 'faults/partition.yaml', sets: [], at: 1850 },
  // Agents and frameworks re-registering with the new leader (elected at 131.01).
  { file: 'faults/master-failover.yaml', sets: ['cluster.agents.0.count=20', 'frameworks.0.count=20'], at: 131.5 },
];

describe('fault model snapshots', () => {
  it.each(WORLDS)('$file $sets: every model\'s runtime and figures take the state saved at $at s', ({ file, sets, at }) => {
    const saving = build(file, sets);
    saving.world.sim.run(at);
    const runtimes = saving.hooks.saveState();
    const figures = saving.figures.saveState() as unknown[];
    const restoring = build(file, sets);
    expect(runtimes).toHaveLength(restoring.models.length);
    const fresh = restoring.hooks.saveState();
    restoring.hooks.loadState(carry(runtimes, saving, restoring));
    restoring.figures.loadState(carry(figures, saving, restoring));
    const again = restoring.hooks.saveState();
    const figuresAgain = restoring.figures.saveState() as unknown[];
    restoring.models.forEach((model, i) => {
      // A fresh world's state is not the saved one (so the check below can fail), the restored one is.
      expect(text(fresh[i], restoring), model).not.toBe(text(runtimes[i], saving));
      expect(text(again[i], restoring), model).toBe(text(runtimes[i], saving));
      expect(text(figuresAgain[i], restoring), model).toBe(text(figures[i], saving));
    });
    expect(restoring.hooks.busy).toBe(saving.hooks.busy);
    expect(restoring.report(at)).toEqual(saving.report(at));
  });

  it.each(WORLDS)('$file $sets: a state that is not a model\'s own is refused', ({ file, sets }) => {
    const b = build(file, sets);
    const runtimes = b.hooks.saveState();
    const figures = b.figures.saveState() as unknown[];
    const n = runtimes.length;
    expect(() => b.hooks.loadState(runtimes.slice(1))).toThrow(/fault runtimes/);
    expect(() => b.figures.loadState([...figures, {}])).toThrow(/fault figures/);
    for (let i = 0; i < n; i++) {
      // Another model's state in its place (or, with one model, an empty record).
      const other = (list: unknown[]): unknown[] => list.map((s, k) => (k !== i ? s : n > 1 ? list[(i + 1) % n] : {}));
      expect(() => b.hooks.loadState(carry(other(runtimes), b, b)), b.models[i]).toThrow();
      expect(() => b.figures.loadState(carry(other(figures), b, b)), b.models[i]).toThrow();
    }
  });

  it("the master's maintenance book is restored with the master, sharing its unavailabilities with the agents and the operator", () => {
    const saving = build('faults/chaos.yaml', []);
    saving.world.sim.run(1770);
    const agents = (b: Built) => agentsSnapshot(b.world.agents);
    const saved = { master: saving.world.master.saveState(), agents: agents(saving).saveState(), faults: saving.hooks.saveState() };
    const maintenance = saved.master.maintenance!;
    expect(maintenance.unavailable.size).toBe(1); // r2-0's window (r1-0's is over)
    const restoring = build('faults/chaos.yaml', []);
    expect(text(restoring.world.master.saveState().maintenance, restoring)).not.toBe(text(maintenance, saving));
    const state = carry(saved, saving, restoring) as typeof saved;
    restoring.world.master.loadState(state.master);
    agents(restoring).loadState(state.agents);
    restoring.hooks.loadState(state.faults);
    const book = restoring.world.master.saveState().maintenance!;
    expect(text(book, restoring)).toBe(text(maintenance, saving));
    const [agent, u] = [...book.unavailable][0]!;
    // machine-up lifts a window's unavailability by identity: one object again after restoring.
    expect(restoring.world.agents[agent]!.unavailability).toBe(u);
    const operator = (restoring.hooks.saveState()[restoring.models.indexOf('maintenance')] as { operator: { unavailability: unknown[] } }).operator;
    expect(operator.unavailability).toContain(u);
  });

  it('a master refuses a state with maintenance when it has none, and a book of other shapes', () => {
    const chaos = build('faults/chaos.yaml', []);
    const without = build('faults/master-failover.yaml', ['cluster.agents.0.count=20', 'frameworks.0.count=20']);
    const saved = chaos.world.master.saveState();
    expect(() => without.world.master.loadState(without.world.master.saveState())).not.toThrow();
    expect(() => chaos.world.master.loadState({ ...saved, maintenance: undefined })).toThrow(/saved without maintenance/);
    const state = carry(saved, chaos, chaos) as typeof saved;
    const bad = { ...state, maintenance: { ...state.maintenance!, outstanding: new Map([[0, 1]]) } };
    expect(() => chaos.world.master.loadState(bad as never)).toThrow(/a map per agent/);
  });

  it('task classes are restored only before any task started', () => {
    const saving = build('faults/chaos.yaml', []);
    saving.world.sim.run(600);
    const i = saving.models.indexOf('task');
    const state = saving.hooks.saveState();
    const classes = (state[i] as { classes: { made: unknown[]; jobs: [JobRecord, { service: boolean }][] } }).classes;
    // What was made on first use, in order: batch's failure stream (failures: 0.05), hogs' usage samplers (usage: ratios).
    expect(classes.made).toContainEqual({ failures: 0 });
    expect(classes.made).toContainEqual({ usage: 1, own: undefined });
    expect(classes.made).toHaveLength(2);
    // Only the jobs that may still start a task are saved (a job with a live task: no service here); hogs' jobs have
    // an entry (their usage drawn), batch's none. Every hogs job with a task on an agent is there.
    expect(classes.jobs.map(([job, entry]) => job.live > 0 && !entry.service && job.framework === 1)).not.toContain(false);
    const running = new Set(saving.world.agents.flatMap((a) => [...a.tasks]).filter((t) => t.job.framework === 1).map((t) => t.job.id));
    expect(running.size).toBeGreaterThanOrEqual(1);
    expect(classes.jobs.map(([job]) => job.id)).toEqual(expect.arrayContaining([...running]));
    expect(() => saving.hooks.loadState(carry(state, saving, saving))).toThrow(/restored after tasks started/);
  });
});
