import { describe, expect, it } from 'vitest';
import type { AgentFaultsSpec } from '../../src/faults/agent/spec.js';
import { agents, buildWorld, framework, job, masterConfig, runToEnd } from '../helpers/world.js';
import { agentFaults, cpus, faultRows, runUntil, taskLines } from './support.js';
import { expectNoLeaks } from '../helpers/leaks.js';

/** One 4-cpu agent; two 300 s tasks at 0 and one more at 120 (while the agent is down, unknown to the master). */
function oneAgent(faults: AgentFaultsSpec, overrides: Parameters<typeof buildWorld>[0] extends infer S ? Partial<S> : never = {}) {
  return buildWorld({
    agents: agents(1, { cpus: 4, mem: 4096 }),
    frameworks: [framework('f', '*', [job('j1', 0, 2, { cpus: 1, mem: 512 }, 300), job('j2', 120, 1, { cpus: 1, mem: 512 }, 300)])],
    agentFaults: faults,
    ...overrides,
  });
}

describe('agent failures', () => {
  it('a failed agent stays in the cluster until the health checks conclude; its tasks are then lost, resubmitted, and run on the repaired agent', () => {
    const b = oneAgent(agentFaults({ scripted: [{ at: 100, agents: [0], repairAfter: 200 }] }));
    // Down since 100, still registered: the task of j2 is launched onto it (and never starts).
    runUntil(b, 179);
    expect(cpus(b)).toEqual({ total: 4, allocated: 3, offered: 0 });
    // Registered at 0: pings at 105, 120, ..., 165 unanswered, unreachable at 105 + 5·15 = 180.
    runUntil(b, 180);
    expect(cpus(b)).toEqual({ total: 0, allocated: 0, offered: 0 });
    const end = runToEnd(b);
    expect(end.reason).toBe('drained');
    const events = faultRows(b);
    expect(events.slice(0, 3)).toEqual([
      [100, 'agent-failed', 'a-0', '', 'scripted'],
      [180, 'agent-unreachable', 'a-0', 80, 'failed'],
      [300, 'agent-repaired', 'a-0', 200, ''],
    ]);
    // It registers again after Mesos's back-off, uniform in [0, 1 s).
    const [at, kind, agent, , detail] = events[3]!;
    expect([kind, agent, detail]).toEqual(['agent-reregistered', 'a-0', 'restarted']);
    expect(at).toBeGreaterThanOrEqual(300);
    expect(at).toBeLessThan(301);
    const back = at as number;
    expect(taskLines(b)).toEqual([
      'f/j1/0#0 lost 0-180',
      'f/j1/1#0 lost 0-180',
      'f/j2/0#0 lost -180', // launched on the dead agent: never started
      `f/j1/0#1 finished ${back}-${back + 300}`,
      `f/j1/1#1 finished ${back}-${back + 300}`,
      `f/j2/0#1 finished ${back}-${back + 300}`,
    ]);
    expect(cpus(b).total).toBe(4);
    expect(end.metrics.faults.agents).toMatchObject({
      failures: 1,
      repairs: 1,
      down_agent_seconds: 200,
      detection_delay: { count: 1, mean: 80 },
      unreachable: 1,
      unreachable_agent_seconds: back - 180,
      reregistrations: 1,
    });
    expectNoLeaks(b, end);
  });

  it('uses the configured ping settings: 10 s × 2 misses, fail at 100 → unreachable at 120', () => {
    const b = oneAgent(agentFaults({ scripted: [{ at: 100, agents: [0], repairAfter: null }] }), {
      master: masterConfig({ agentPingTimeout: 10, maxAgentPingTimeouts: 2 }),
      until: 1000,
    });
    const end = runToEnd(b);
    expect(faultRows(b)).toEqual([
      [100, 'agent-failed', 'a-0', '', 'scripted'],
      [120, 'agent-unreachable', 'a-0', 20, 'failed'],
    ]);
    // Never repaired: the agent stays out, the retries wait.
    expect(cpus(b).total).toBe(0);
    // j2 arrives at 120 as the agent leaves: never launched.
    expect(taskLines(b)).toEqual(['f/j1/0#0 lost 0-120', 'f/j1/1#0 lost 0-120', 'f/j2/0#0 pending -', 'f/j1/0#1 pending -', 'f/j1/1#1 pending -']);
    expect(end.metrics.faults.agents).toMatchObject({ down_agent_seconds: 900, unreachable_agent_seconds: 880 });
    expectNoLeaks(b, end);
  });

  it('an agent repaired before the master noticed replaces its old registration: its tasks are lost then, with no unreachable event', () => {
    const b = oneAgent(agentFaults({ scripted: [{ at: 100, agents: [0], repairAfter: 30 }] }));
    const end = runToEnd(b);
    const events = faultRows(b);
    expect(events.map((e) => e[1])).toEqual(['agent-failed', 'agent-repaired', 'agent-reregistered']);
    const back = events[2]![0] as number;
    expect(back).toBeGreaterThanOrEqual(130);
    expect(back).toBeLessThan(131);
    expect(events[2]![4]).toBe('restarted (replaced)');
    expect(taskLines(b).slice(0, 3)).toEqual([`f/j1/0#0 lost 0-${back}`, `f/j1/1#0 lost 0-${back}`, `f/j2/0#0 lost -${back}`]);
    expect(end.metrics.faults.agents).toMatchObject({ unreachable: 0, detection_delay: { count: 0 }, down_agent_seconds: 30 });
    expectNoLeaks(b, end);
  });

  it('an agent the timeline removes while down stays out when repaired, and runs tasks when the timeline adds it back', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j1', 0, 1, { cpus: 1, mem: 512 }, 100)])],
      agentFaults: agentFaults({ scripted: [{ at: 10, agents: [0], repairAfter: 20 }] }),
      timeline: [
        { at: 20, kind: 'agent-remove', agent: 0 },
        { at: 50, kind: 'agent-register', agent: 0 },
      ],
      until: 400,
    });
    const end = runToEnd(b);
    // Repaired at 30, but removed by the operator: it does not register by itself.
    expect(faultRows(b).map((e) => `${e[0]} ${e[1]}`)).toEqual(['10 agent-failed', '30 agent-repaired']);
    expect(taskLines(b)).toEqual(['f/j1/0#0 lost 0-20', 'f/j1/0#1 finished 50-150']);
    expectNoLeaks(b, end);
  });

  it('a failure of an agent not yet registered, or already down, does nothing', () => {
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }).map((a, i) => (i === 1 ? { ...a, registerAt: 50 } : a)),
      frameworks: [framework('f', '*', [job('j1', 0, 1, { cpus: 1, mem: 512 }, 10)])],
      agentFaults: agentFaults({
        scripted: [
          { at: 10, agents: [0, 1], repairAfter: 100 },
          { at: 20, agents: [0], repairAfter: 5 },
        ],
      }),
      until: 200,
    });
    const end = runToEnd(b);
    // a-1 registers at 50, after the failure; a-0 is down already at 20, so nothing is repaired at 25.
    expect(faultRows(b).map((e) => `${Math.floor(e[0] as number)} ${e[1]} ${e[2]}`)).toEqual([
      '10 agent-failed a-0',
      '90 agent-unreachable a-0',
      '110 agent-repaired a-0',
      '110 agent-reregistered a-0',
    ]);
    expect(taskLines(b)).toEqual(['f/j1/0#0 lost 0-90', 'f/j1/0#1 finished 90-100']);
    expectNoLeaks(b, end);
  });
});
