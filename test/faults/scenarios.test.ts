import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorldSpec } from '../../src/build.js';
import { randomSource } from '../../src/core/random.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import { buildWorld, runToEnd } from '../helpers/world.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs a bundled fault scenario, the books verified after every event. */
function run(file: string) {
  const s = loadScenario(join(root, 'scenarios', 'faults', file));
  const events = new MemoryTable();
  const tasks = new MemoryTable();
  const summary = runScenario(s, { tasks, offers: new MemoryTable(), utilization: new MemoryTable(), events }, { wallClock: false, verifyEvery: 1 });
  return { s, summary, events: events.records(), tasks: tasks.records() };
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

  it('chaos.yaml: every fault model at once, with the figures docs/faults.md gives, and nothing leaks', () => {
    const { s, summary, events, tasks } = run('chaos.yaml');
    expect(s.quick).toBe(true);
    const f = summary.faults;
    expect(f.events).toBe(277);
    expect(f.by_kind).toEqual({
      'task-failed': 35, 'task-throttled': 45, 'task-oom-killed': 48, 'agent-failed': 13, 'agent-unreachable': 9, 'agent-repaired': 13,
      'agent-reregistered': 17, 'maintenance-scheduled': 2, 'inverse-offer': 38, 'inverse-offer-answered': 37, 'task-migrated': 4,
      'agent-draining': 2, 'task-drained': 5, 'agent-drained': 2, 'maintenance-started': 2, 'inverse-offer-rescinded': 1,
      'maintenance-ended': 2, 'partition-started': 1, 'partition-healed': 1,
    });
    // Agents: rack r2 fails at 703 and is noticed at 780; r3-0 at 900, noticed at 975; rack r1 twice, each time repaired
    // before the master noticed; the partition of r3 makes its four agents unreachable at 2475.
    const failures = events.filter((e) => e.kind === 'agent-failed').map((e) => `${Math.floor(e.time as number)} ${e.agent} ${e.detail}`);
    expect(failures).toEqual([
      ...[0, 1, 2, 3].map((k) => `703 r2-${k} random rack=r2`),
      '900 r3-0 scripted',
      ...[0, 1, 2, 3].map((k) => `1487 r1-${k} random rack=r1`),
      ...[0, 1, 2, 3].map((k) => `2598 r1-${k} random rack=r1`),
    ]);
    expect(f.agents).toMatchObject({ failures: 13, repairs: 13, unreachable: 9, reregistrations: 17, partitions: 1, partitioned_agent_seconds: 480 });
    expect(f.agents!.detection_delay.count).toBe(5);
    expect(f.agents!.detection_delay.mean).toBeCloseTo(76.4, 1);
    // r1-0 fails during its own maintenance window (1200-1500): its machine comes up at 1500, and its agent registers only
    // once repaired.
    const r10 = events.filter((e) => e.agent === 'r1-0' && ['maintenance-ended', 'agent-repaired', 'agent-reregistered'].includes(e.kind as string));
    expect(r10.slice(0, 3).map((e) => [Math.floor(e.time as number), e.kind, e.detail])).toEqual([
      [1500, 'maintenance-ended', ''],
      [1524, 'agent-repaired', ''],
      [1524, 'agent-reregistered', 'restarted'],
    ]);
    const lost = new Map<number, number>();
    for (const t of tasks.filter((t) => t.state === 'lost')) lost.set(Math.floor(t.end_time as number), (lost.get(Math.floor(t.end_time as number)) ?? 0) + 1);
    expect([...lost]).toEqual([[780, 21], [975, 8], [1524, 15], [2475, 13], [2615, 24]]);
    expect(f.maintenance).toMatchObject({
      windows: 2,
      drains: { started: 2, drained: 2 },
      inverse_offers: { sent: 38, accepted: 37, declined: 0, rescinded: 1, outstanding_at_end: 0 },
      tasks: { finished_before_window: 7, migrated: 4, drained: 5, lost: 0 },
    });
    expect(f.task_failures).toMatchObject({ failed: 35, probability: 35, rate: 0 });
    expect(f.isolation).toMatchObject({ mode: 'enforce', oom_kills: 48, oom_limit: 48, throttled_tasks: 45 });
    expect(f.isolation!.slowed_seconds).toBeCloseTo(8861.3, 1);
    expect(summary.tasks).toMatchObject({ submitted: 911, resubmitted: 153, finished: 717, failed: 83, killed: 9, lost: 81, at_end_live: 21 });
    expect(summary.jobs).toEqual({ submitted: 135, completed: 105, unsuccessful: 12 });
    // The same run built by hand: the same faults, and nothing leaks.
    const b = buildWorld(buildWorldSpec(s, randomSource(s.seed)), 'drf', s.seed);
    const end = runToEnd(b);
    expect(end.metrics.faults.by_kind).toEqual(f.by_kind);
    expectNoLeaks(b, end);
  });
});
