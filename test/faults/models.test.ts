/**
 * The contract every registered fault model keeps (src/faults/registry.ts),
 * run against each model alone on its bundled scenario (scenarios/faults/);
 * the models together, on random worlds, are contract.test.ts's. Each model:
 * - handles exactly the event kinds it declares, and no other model or
 *   component handles them (its runtime's table against `events`);
 * - has its faults counted in summary.json: events.csv rows by kind are
 *   `faults.by_kind`, and the figures of `faults` are those of the models
 *   the run has, under the keys the model declares;
 * - keeps the master's books balanced after every event, and leaks nothing;
 * - gives the same result tables for the same seed;
 * - draws from streams of its own: the workload it runs on (every task's
 *   first submission, its job and resources) is the one the run has without it.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildWorldSpec } from '../../src/build.js';
import { randomSource } from '../../src/core/random.js';
import { FaultHooks } from '../../src/cluster/fault-hooks.js';
import { faultModels } from '../../src/faults/registry.js';
import type { FaultModel } from '../../src/faults/model.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { WorldSpec } from '../../src/world.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import { SOAK } from '../helpers/property.js';
import { buildWorld, runToEnd } from '../helpers/world.js';

const root = join(import.meta.dirname, '..', '..');

/** Each registered model's bundled scenario, where it is the only fault model. */
const SCENARIOS: Record<string, string> = {
  agent: 'agent-failures.yaml',
  task: 'task-failures.yaml',
  maintenance: 'maintenance.yaml',
  'master failover': 'master-failover.yaml',
};

/**
 * Under `npm test`, the master failover scenario (200 agents, 200 frameworks, the books verified after
 * every event) runs scaled down to 20 and 20: the same failover at 120 s, the same events and figures, a
 * hundredth of the offers. `npm run test:soak` runs every scenario as bundled.
 */
const QUICK_SETS: Record<string, readonly string[]> = {
  'master failover': ['cluster.agents.0.count=20', 'frameworks.0.count=20'],
};

const MODELS = faultModels as readonly FaultModel[];
/** The world spec's keys of fault settings. */
const FAULT_KEYS = MODELS.map((m) => m.key);

function load(model: FaultModel) {
  return loadScenario(join(root, 'scenarios', 'faults', SCENARIOS[model.name]!), SOAK ? [] : [...(QUICK_SETS[model.name] ?? [])]);
}

function runFile(model: FaultModel) {
  const s = load(model);
  const sinks = { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), events: new MemoryTable() };
  const summary = runScenario(s, sinks, { wallClock: false, verifyEvery: 1 });
  return { summary, sinks };
}

/** The model's world spec, or the same without the model (`without`). */
function specOf(model: FaultModel, without = false): WorldSpec {
  const spec = buildWorldSpec(load(model), randomSource(load(model).seed));
  if (!without) return spec;
  const { [model.key]: _dropped, ...rest } = spec;
  return rest as WorldSpec;
}

/** Every task's first submission: task → its job, submit time and resources. */
function firstSubmissions(spec: WorldSpec, seed: number): Map<string, unknown> {
  const built = buildWorld(spec, 'drf', seed);
  runToEnd(built, 0);
  const out = new Map<string, unknown>();
  for (const r of built.tasks.records()) if (r.attempt === 0) out.set(`${r.task_id}`, [r.job_id, r.submit_time, r.cpus, r.mem]);
  return out;
}

describe('every registered fault model', () => {
  it('has a bundled scenario here, and only one model handles each event kind', () => {
    expect(MODELS.map((m) => m.name).sort()).toEqual(Object.keys(SCENARIOS).sort());
    const kinds = MODELS.flatMap((m) => m.events);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(new Set(FAULT_KEYS).size).toBe(MODELS.length);
  });

  describe.each(MODELS.map((m) => [m.name, m] as const))('%s', (_name, model) => {
    it('is alone in its scenario, and its runtime handles exactly the kinds it declares', () => {
      const spec = specOf(model);
      expect(FAULT_KEYS.filter((k) => spec[k] !== undefined)).toEqual([model.key]);
      // The runtimes that join the world: the model's own, and no other.
      const add = vi.spyOn(FaultHooks.prototype, 'add');
      try {
        buildWorld(spec);
        expect(add).toHaveBeenCalledTimes(1);
        const runtime = add.mock.calls[0]![0] as { handlers: object };
        expect(Object.keys(runtime.handlers).sort()).toEqual([...model.events].sort());
      } finally {
        add.mockRestore();
      }
    });

    it('has its faults counted in summary.json, its figures under its own keys, the books balanced after every event', () => {
      const { summary, sinks } = runFile(model);
      const rows = sinks.events.records();
      const byKind: Record<string, number> = {};
      for (const e of rows) byKind[e.kind as string] = (byKind[e.kind as string] ?? 0) + 1;
      expect(summary.faults.by_kind).toEqual(byKind);
      expect(summary.faults.events).toBe(rows.length);
      expect(rows.length).toBeGreaterThan(0);
      const figureKeys = Object.keys(summary.faults).filter((k) => k !== 'events' && k !== 'by_kind');
      expect(figureKeys.length).toBeGreaterThan(0);
      for (const k of figureKeys) expect(model.figureKeys).toContain(k);
    });

    it('gives the same tables for the same seed, and leaks nothing', () => {
      const spec = specOf(model);
      // (The books are verified after every event in the test above; here only at the end.)
      const a = buildWorld(spec, 'drf', 7);
      const end = runToEnd(a, 0);
      expectNoLeaks(a, end);
      const b = buildWorld(specOf(model), 'drf', 7);
      runToEnd(b, 0);
      for (const table of ['tasks', 'events', 'offers'] as const) expect(b[table].records()).toEqual(a[table].records());
    });

    it('draws from streams of its own: the workload is the one the run has without it', () => {
      const seed = load(model).seed;
      const withModel = firstSubmissions(specOf(model), seed);
      const without = firstSubmissions(specOf(model, true), seed);
      // Tasks a run without the model never submits (their jobs arrive after it ends) aside, every first submission is the same.
      let shared = 0;
      for (const [task, first] of without) {
        if (!withModel.has(task)) continue;
        shared++;
        expect(withModel.get(task), task).toEqual(first);
      }
      expect(shared).toBeGreaterThanOrEqual(Math.min(withModel.size, without.size) * 0.5);
    });
  });
});
