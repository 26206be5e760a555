/**
 * The allocator's CPU time as `sim bench` measures it (src/regression/cpu-clock.ts,
 * src/regression/timed-run.ts): the wrapper only observes, and what it counts is
 * the CPU time spent inside the allocator.
 */
import { describe, expect, it } from 'vitest';
import type { Allocator, AllocatorFactory } from '../../src/allocator/types.js';
import { allocatorCpuMetric, summaryMetrics } from '../../src/analysis/summary-metrics.js';
import { cpuTimed } from '../../src/regression/cpu-clock.js';
import { timedRun } from '../../src/regression/timed-run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { root } from '../helpers/cli.js';
import { join } from 'node:path';

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** An allocator whose `allocate` burns at least `micros` of CPU time, measured by the process itself. */
function burning(micros: number, extra: Partial<Allocator> = {}): AllocatorFactory {
  return {
    description: 'burns CPU',
    create: () => ({
      name: 'burner',
      allocate() {
        const start = cpuMicros();
        while (cpuMicros() - start < micros);
        return [];
      },
      ...extra,
    }),
  };
}

describe('cpuTimed', () => {
  it('counts the CPU time spent inside allocate, and take() resets the count', () => {
    const timed = cpuTimed(burning(20_000));
    const a = timed.factory.create({} as never);
    a.allocate({} as never, []);
    a.allocate({} as never, []);
    expect(timed.take()).toBeGreaterThanOrEqual(0.04);
    expect(timed.take()).toBe(0);
  });

  it('keeps every other member of the allocator as it is, and adds no preempt where there is none', () => {
    const prices = () => new Map([['p', 2]]);
    const with_ = cpuTimed(burning(0, { reactsToDemand: true, prices })).factory.create({} as never);
    expect(with_.name).toBe('burner');
    expect(with_.reactsToDemand).toBe(true);
    expect(with_.prices!({} as never)).toEqual(new Map([['p', 2]]));
    expect(with_.preempt).toBeUndefined();
    const victims = [{ id: 't' }];
    const preempting = cpuTimed(burning(0, { preempt: () => victims as never })).factory.create({} as never);
    expect(preempting.preempt!({} as never)).toBe(victims);
  });
});

describe('timedRun', () => {
  const scenario = () => loadScenario(join(root, 'scenarios', 'quickstart.yaml'), ['until=300', 'seed=2']);
  const model = summaryMetrics(['cpus', 'mem']).filter((m) => m.wallClock !== true);

  it('gives the same model figures with timing (three repeats, the allocator wrapped) as without', () => {
    const plain = timedRun(scenario(), { timing: false, repeats: 3 });
    const timed = timedRun(scenario(), { timing: true, repeats: 3 });
    expect(model.map((m) => m.of(timed))).toEqual(model.map((m) => m.of(plain)));
    expect(timed.allocation_runs.count).toBe(plain.allocation_runs.count);
    expect(allocatorCpuMetric.of(plain)).toBeNull();
    expect(plain.allocation_runs.wall_ms_per_run).toBeNull();
    expect(allocatorCpuMetric.of(timed)).toBeGreaterThan(0);
    expect(timed.allocation_runs.wall_ms_per_run).toBeGreaterThan(0);
  });

  it('reports the median of the repeats: a plug-in burning 1 ms per call shows at least 1 ms per run', () => {
    const s = timedRun(scenario(), { timing: true, repeats: 3, factory: burning(1000) });
    expect(s.allocation_runs.count).toBeGreaterThan(0);
    expect(allocatorCpuMetric.of(s)).toBeGreaterThanOrEqual(1);
  });
});
