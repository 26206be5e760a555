import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import { buildWorldSpec } from '../../src/build.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { buildWorld, runToEnd } from '../helpers/world.js';
import { expectNoLeaks } from '../helpers/leaks.js';

/** Three racks of four agents, and a steady stream of 1-cpu tasks. */
function racks(faults: string[], seed = 1, until = 20000): string {
  return [
    'name: racks',
    `seed: ${seed}`,
    `until: ${until}`,
    'cluster:',
    '  agents:',
    ...[1, 2, 3].map((r) => `    - { name: r${r}, count: 4, resources: { cpus: 4, mem: 8192 }, attributes: { rack: r${r} } }`),
    'frameworks:',
    '  - name: f',
    '    workload:',
    `      synthetic: { arrival: { process: poisson, rate: 0.02 }, end: ${until}, tasks_per_job: 4, duration: { dist: exponential, mean: 300 }, resources: { cpus: 1, mem: 512 } }`,
    'faults:',
    ...faults,
  ].join('\n');
}

function run(text: string) {
  const events = new MemoryTable();
  const tasks = new MemoryTable();
  const summary = runScenario(parseScenario(text, 'x.yaml'), { tasks, offers: new MemoryTable(), utilization: new MemoryTable(), events }, { wallClock: false });
  return { summary, events: events.records(), tasks: tasks.records() };
}

const RACK_FAILURES = ['  agents:', '    - { group: [r1, r2, r3], mtbf: 2000, mttr: 300, correlated_by: rack }'];

describe('random agent failures', () => {
  it('correlated by rack: each failure takes down the four agents of one rack at once, and the repair brings them back together', () => {
    const { events, summary } = run(racks(RACK_FAILURES));
    const byTime = new Map<number, string[]>();
    for (const e of events.filter((e) => e.kind === 'agent-failed')) {
      byTime.set(e.time as number, [...(byTime.get(e.time as number) ?? []), e.agent as string]);
      expect(e.detail).toBe(`random rack=${(e.agent as string).split('-')[0]}`);
    }
    expect(byTime.size).toBeGreaterThan(10); // 3 racks × 20000 s / ~2300 s per cycle ≈ 26
    for (const agents of byTime.values()) {
      const rack = agents[0]!.split('-')[0];
      expect(agents).toEqual([0, 1, 2, 3].map((k) => `${rack}-${k}`));
    }
    const repairs = new Map<number, number>();
    for (const e of events.filter((e) => e.kind === 'agent-repaired')) repairs.set(e.time as number, (repairs.get(e.time as number) ?? 0) + 1);
    expect([...repairs.values()].every((n) => n === 4)).toBe(true);
    expect(summary.faults.agents!.failures).toBe(4 * byTime.size);
    expect(summary.tasks.lost).toBeGreaterThan(0);
    expect(summary.tasks.resubmitted).toBe(summary.tasks.lost); // every lost task is retried (the default policy)
  });

  it('the same seed gives the same faults; another seed other faults', () => {
    const a = run(racks(RACK_FAILURES, 5, 8000));
    const b = run(racks(RACK_FAILURES, 5, 8000));
    const c = run(racks(RACK_FAILURES, 6, 8000));
    expect(a.events.length).toBeGreaterThan(8);
    expect(b.events).toEqual(a.events);
    expect(b.tasks).toEqual(a.tasks);
    expect(c.events).not.toEqual(a.events);
  });

  it('independent failures happen at the rate mtbf and mttr give, and keep agents down the expected share of the time', () => {
    const text = [
      'name: rates',
      'until: 20000',
      'cluster: { agents: [{ name: a, count: 50, resources: { cpus: 1 } }] }',
      'frameworks: [{ name: f, workload: { jobs: [] } }]',
      'faults: { agents: [{ group: a, mtbf: 1000, mttr: 100 }] }',
    ].join('\n');
    const { summary } = run(text);
    // Each agent alternates Exp(mean 1000) up and Exp(mean 100) down: about 20000 / 1100 ≈ 18.2 failures and
    // 20000 · 100 / 1100 ≈ 1818 s down per agent; 50 agents: ≈ 909 failures (sd ≈ 30), ≈ 90,900 agent-seconds down.
    const f = summary.faults.agents!;
    expect(f.failures).toBeGreaterThan(909 * 0.9);
    expect(f.failures).toBeLessThan(909 * 1.1);
    expect(f.down_agent_seconds).toBeGreaterThan(90900 * 0.85);
    expect(f.down_agent_seconds).toBeLessThan(90900 * 1.15);
    // A failure shorter than detection is noticed when the agent registers again; a longer one after 75-90 s.
    expect(f.detection_delay.count).toBeGreaterThan(0);
    expect(f.detection_delay.p50!).toBeGreaterThanOrEqual(75);
    expect(f.detection_delay.max!).toBeLessThan(90);
  });

  it('nothing leaks: the books hold after every event, and every task ends or is still live', () => {
    const s = parseScenario(racks(RACK_FAILURES, 3, 6000), 'x.yaml');
    const b = buildWorld(buildWorldSpec(s, randomSource(s.seed)), 'drf', s.seed);
    const end = runToEnd(b);
    expect(end.metrics.faults.agents!.failures).toBeGreaterThan(0);
    expect(end.metrics.tasks.lost).toBeGreaterThan(0);
    expectNoLeaks(b, end);
  });
});
