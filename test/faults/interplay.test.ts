/**
 * Fault models meeting one another, worked out by hand: each case is a
 * counterexample the faults contract suite (contract.test.ts) found, shrunk,
 * with variants. One 4-cpu agent a-0 and one framework with a 10 s task at
 * t=0 unless a test says otherwise; a run is cut off at 2000 s, and nothing
 * may leak (test/helpers/leaks.ts).
 */
import { describe, expect, it } from 'vitest';
import type { AgentFaultsSpec } from '../../src/faults/agent/spec.js';
import type { MaintenanceWindow } from '../../src/faults/maintenance/operator.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import type { TaskFaultsSpec } from '../../src/faults/task/task-class.js';
import { agents, buildWorld, framework, job, masterConfig, runToEnd, type Built } from '../helpers/world.js';
import { agentFaults, faultRows, taskLines } from './support.js';

function world(faults: Partial<AgentFaultsSpec>, maintenance: MaintenanceWindow[]): Built {
  return buildWorld({
    agents: agents(1, { cpus: 4, mem: 4096 }),
    frameworks: [framework('f', '*', [job('j', 0, 1, { cpus: 1, mem: 512 }, 10)])],
    agentFaults: agentFaults(faults),
    maintenance,
    until: 2000,
  });
}

function run(b: Built) {
  const end = runToEnd(b);
  expectNoLeaks(b, end);
  return end;
}

/** The maintenance window of a-0 from 0 to 600. */
const WINDOW: MaintenanceWindow[] = [{ agents: [0], scheduledAt: 0, start: 0, duration: 600 }];
const BACKOFF = 0.444570902735; // the registration back-off drawn with seed 1

describe('maintenance and agent failures', () => {
  it('a machine that failed does not register its agent when its maintenance ends: its tasks are not launched onto a dead agent', () => {
    // Shrunk from the contract suite: a-0 fails at 0, never repaired, and goes down for
    // maintenance at 0 before the master noticed. At 600 the machine came up and the master
    // registered the dead agent: the task was launched onto it and stayed staging for ever, with
    // no health check to notice. Now the dead agent stays out and the task waits.
    const b = world({ scripted: [{ at: 0, agents: [0], repairAfter: null }] }, WINDOW);
    const end = run(b);
    expect(taskLines(b)).toEqual(['f/j/0#0 pending -']);
    expect(faultRows(b)).toEqual([
      [0, 'maintenance-scheduled', 'a-0', 0, ''],
      [0, 'agent-failed', 'a-0', '', 'scripted'],
      [0, 'maintenance-started', 'a-0', 0, ''],
      [600, 'maintenance-ended', 'a-0', 600, ''],
    ]);
    expect(end.metrics.faults.agents).toMatchObject({ failures: 1, repairs: 0, reregistrations: 0 });
  });

  it('an agent repaired while its machine is down registers when the machine comes up, not before', () => {
    // Repaired at 300: its registration (after the back-off) is refused, the machine being DOWN;
    // it was reported as a re-registration all the same. It registers at 600.
    const b = world({ scripted: [{ at: 0, agents: [0], repairAfter: 300 }] }, WINDOW);
    const end = run(b);
    expect(taskLines(b)).toEqual(['f/j/0#0 finished 600-610']);
    expect(faultRows(b).slice(3)).toEqual([
      [300, 'agent-repaired', 'a-0', 300, ''],
      [600, 'maintenance-ended', 'a-0', 600, ''],
      [600, 'agent-reregistered', 'a-0', '', 'restarted'],
    ]);
    expect(end.metrics.faults.agents).toMatchObject({ repairs: 1, reregistrations: 1 });
  });

  it('an agent repaired after its maintenance ends registers then', () => {
    const b = world({ scripted: [{ at: 0, agents: [0], repairAfter: 900 }] }, WINDOW);
    run(b);
    expect(taskLines(b)).toEqual([`f/j/0#0 finished ${900 + BACKOFF}-${910 + BACKOFF}`]);
    expect(faultRows(b).slice(3)).toEqual([
      [600, 'maintenance-ended', 'a-0', 600, ''],
      [900, 'agent-repaired', 'a-0', 900, ''],
      [900 + BACKOFF, 'agent-reregistered', 'a-0', '', 'restarted'],
    ]);
  });

  it('an agent cut off when its machine comes up registers once the partition heals', () => {
    const b = world({ partitions: [{ at: 500, duration: 400, agents: [0] }] }, WINDOW);
    run(b);
    expect(taskLines(b)).toEqual([`f/j/0#0 finished ${900 + BACKOFF}-${910 + BACKOFF}`]);
    expect(faultRows(b).slice(2)).toEqual([
      [500, 'partition-started', '', 1, 'partition 0'],
      [600, 'maintenance-ended', 'a-0', 600, ''],
      [900, 'partition-healed', '', 400, 'partition 0'],
      [900 + BACKOFF, 'agent-reregistered', 'a-0', '', 'reconnected'],
    ]);
  });
});

describe('drains and agent failures', () => {
  it('a task on a failed agent is not killed by the drain, and ends lost, not drained', () => {
    // Shrunk from the contract suite: a-0 fails at 5 with a 100 s task running; the drain at 10
    // (grace 0) finds no agent process to kill it, and the machine goes down at 20 with the task
    // still in the master's books. It was reported drained at 20 (task-drained) and retried as
    // drained; it is lost, and the framework, retrying drained tasks only, does not retry it.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 1, { cpus: 1, mem: 512 }, 100)], { retry: { on: new Set(['drained']), limit: Infinity, backoff: 0, backoffFactor: 2, backoffMax: 60 } })],
      agentFaults: agentFaults({ scripted: [{ at: 5, agents: [0], repairAfter: null }] }),
      maintenance: [{ agents: [0], scheduledAt: 10, start: 20, duration: 10, drain: { at: 10, gracePeriod: 0 } }],
      until: 200,
    });
    run(b);
    expect(taskLines(b)).toEqual(['f/j/0#0 lost 0-20']);
    expect(faultRows(b).filter((r) => !(r[1] as string).startsWith('inverse-offer'))).toEqual([
      [5, 'agent-failed', 'a-0', '', 'scripted'],
      [10, 'maintenance-scheduled', 'a-0', 20, ''],
      [10, 'agent-draining', 'a-0', 0, ''],
      [20, 'maintenance-started', 'a-0', 1, ''],
      [30, 'maintenance-ended', 'a-0', 10, ''],
    ]);
  });
});

describe('drains and agents the master removes', () => {
  it('a drain ends when the master removes its agent: the agent, registered again active, keeps the tasks launched onto it', () => {
    // Found by the contract suite (a random rack failure during a drain's grace period), made
    // scripted: a-0 drains from 10 (grace 60, so the kills are due at 70), fails at 11, is
    // unreachable at 12 (pings every 1 s, one miss) and repaired then; the fresh agent registers at
    // 12.44, active, and is given j's retry and then k. At 70 the dead process's drain timer killed
    // both (task-drained) and reported the agent drained. Now they finish; the window's
    // unavailability still keeps tasks that would run past 200 away.
    const b = buildWorld({
      master: masterConfig({ agentPingTimeout: 1, maxAgentPingTimeouts: 1 }),
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 1, { cpus: 1, mem: 512 }, 100), job('k', 20, 1, { cpus: 1, mem: 512 }, 100)])],
      agentFaults: agentFaults({ scripted: [{ at: 11, agents: [0], repairAfter: 1 }] }),
      maintenance: [{ agents: [0], scheduledAt: 0, start: 200, duration: 10, drain: { at: 10, gracePeriod: 60 } }],
      until: 400,
    });
    run(b);
    const registered = 12.444570902734995; // 12 + the back-off
    expect(taskLines(b)).toEqual(['f/j/0#0 lost 0-12', `f/j/0#1 finished ${registered}-${registered + 100}`, 'f/k/0#0 finished 20-120']);
    expect(faultRows(b).filter((r) => !(r[1] as string).startsWith('inverse-offer'))).toEqual([
      [0, 'maintenance-scheduled', 'a-0', 200, ''],
      [10, 'agent-draining', 'a-0', 60, ''],
      [11, 'agent-failed', 'a-0', '', 'scripted'],
      [12, 'agent-unreachable', 'a-0', 1, 'failed'],
      [12, 'agent-repaired', 'a-0', 1, ''],
      [registered, 'agent-reregistered', 'a-0', '', 'restarted'],
      [200, 'maintenance-started', 'a-0', 0, ''],
      [210, 'maintenance-ended', 'a-0', 10, ''],
    ]);
  });
});

describe('maintenance and the timeline', () => {
  // Shrunk from the contract suite: a-0 goes down for maintenance from 0 to 300 and the timeline
  // removes it at 1 (or at 300, the instant the machine comes up, before it does). At 300 the
  // machine came up and registered it again, and the task submitted at 0 ran on it. The timeline's
  // agents come first (docs/faults.md): it stays out.
  it.each([1, 300])('an agent the timeline removes at %s, while its machine is down for maintenance, does not come back with the machine', (at) => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 1, { cpus: 1, mem: 512 }, 1)])],
      maintenance: [{ agents: [0], scheduledAt: 0, start: 0, duration: 300 }],
      timeline: [{ kind: 'agent-remove', agent: 0, at }],
      until: 1000,
    });
    run(b);
    expect(taskLines(b)).toEqual(['f/j/0#0 pending -']);
    expect(b.world.master.total).toEqual(b.world.master.space.zero());
  });
});

describe('task fault models and agent failures', () => {
  /** a-0 fails at 10 and is noticed at 90 (pings every 15 s from 0, the first missed at 15, five misses); nothing is retried. */
  function failing(count: number, taskFaults: TaskFaultsSpec): Built {
    return buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, count, { cpus: 2, mem: 512 }, 100)], { retry: { on: new Set(), limit: 0, backoff: 0, backoffFactor: 2, backoffMax: 60 } })],
      agentFaults: agentFaults({ scripted: [{ at: 10, agents: [0], repairAfter: null }] }),
      taskFaults,
      until: 500,
    });
  }

  it.each([
    ['enforce', 1, 'task-throttled'],
    ['none', 2, 'task-slowed'],
  ] as const)('with isolation %s, a task stops stretching when its agent fails, not when the master notices', (mode, count, kind) => {
    // Shrunk from the contract suite: tasks that want twice their 2 cpus run at half speed (throttled to their
    // request, or two sharing the 4 cpus), from 0 until a-0 fails at 10: 5 s added. They were reported stretched until
    // the master declared them lost at 90, by 45 s.
    const b = failing(count, { isolation: mode, frameworks: [{ usage: { cpus: 2 } }], failures: false });
    run(b);
    expect(taskLines(b)).toEqual(Array.from({ length: count }, (_, k) => `f/j/${k}#0 lost 0-90`));
    expect(faultRows(b).filter((r) => r[1] === kind)).toEqual(Array.from({ length: count }, () => [90, kind, 'a-0', 5, '']));
  });

  it('a task on a failed agent does not reach its failure point: it is lost, with no task-failed event', () => {
    // Shrunk from the contract suite: the attempt's failure point (every attempt fails, at a point of its 100 s of work)
    // came after its agent failed at 10; task-failed was reported then, for a task that ended lost at 90.
    const b = failing(1, { frameworks: [{ failures: { probability: 1, rate: 0 } }], failures: true });
    const end = run(b);
    expect(taskLines(b)).toEqual(['f/j/0#0 lost 0-90']);
    expect(end.metrics.faults.by_kind).toEqual({ 'agent-failed': 1, 'agent-unreachable': 1 });
  });
});
