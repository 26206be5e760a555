import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..');

function run(file: string) {
  const s = loadScenario(join(root, 'scenarios', 'faults', file));
  const events = new MemoryTable();
  const summary = runScenario(s, { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), events }, { wallClock: false });
  return { s, summary, events: events.records() };
}

describe('scenarios/faults', () => {
  it('agent-failures.yaml: racks fail whole, r1-0 fails for good at 1800, and every lost task is resubmitted', () => {
    const { s, summary, events } = run('agent-failures.yaml');
    expect(s.quick).toBe(true);
    const failed = events.filter((e) => e.kind === 'agent-failed');
    expect(failed.filter((e) => e.detail === 'scripted').map((e) => [e.time, e.agent])).toEqual([[1800, 'r1-0']]);
    const byTime = new Map<unknown, string[]>();
    for (const e of failed.filter((e) => e.detail !== 'scripted')) byTime.set(e.time, [...(byTime.get(e.time) ?? []), e.agent as string]);
    expect(byTime.size).toBeGreaterThanOrEqual(2);
    for (const [, agents] of byTime) {
      const rack = agents[0]!.split('-')[0]!;
      expect(agents.every((a) => a.startsWith(`${rack}-`))).toBe(true);
      expect(agents.length).toBe(rack === 'r1' && agents.every((a) => a !== 'r1-0') ? 5 : 6);
    }
    expect(events.find((e) => e.kind === 'agent-unreachable' && e.agent === 'r1-0')).toMatchObject({ time: 1875, value: 75 });
    const delays = summary.faults.agents!.detection_delay;
    expect(delays.count).toBeGreaterThan(0);
    expect(delays.p50! >= 75 && delays.max! < 90).toBe(true);
    expect(summary.tasks.lost).toBeGreaterThan(0);
    expect(summary.tasks.resubmitted).toBe(summary.tasks.lost);
  });

  it('partition.yaml: the short partition of r2 makes nobody unreachable; the long one of r3 does at 1875, and r3 reconnects at the heal', () => {
    const { summary, events } = run('partition.yaml');
    const unreachable = events.filter((e) => e.kind === 'agent-unreachable');
    expect(unreachable.map((e) => [e.time, e.agent, e.value, e.detail])).toEqual(
      [0, 1, 2, 3].map((k) => [1875, `r3-${k}`, 75, 'partitioned']),
    );
    const back = events.filter((e) => e.kind === 'agent-reregistered');
    expect(back.map((e) => e.agent).sort()).toEqual(['r3-0', 'r3-1', 'r3-2', 'r3-3']);
    for (const e of back) {
      expect(e.detail).toBe('reconnected');
      expect(e.time as number).toBeGreaterThanOrEqual(2100);
      expect(e.time as number).toBeLessThan(2101);
    }
    expect(summary.tasks.lost).toBeGreaterThan(0);
    expect(summary.faults.agents).toMatchObject({ partitions: 2, partitioned_agent_seconds: 4 * 60 + 4 * 300, unreachable: 4, reregistrations: 4 });
  });
});
