import { describe, expect, it } from 'vitest';
import type { AgentFaultsSpec } from '../../src/faults/agent/spec.js';
import type { JobSpec } from '../../src/model/job.js';
import { agents, buildWorld, framework, job, runToEnd, space } from '../helpers/world.js';
import { agentFaults, cpus, faultRows, runUntil, taskLines } from './support.js';
import { expectNoLeaks } from '../helpers/leaks.js';

/** A job of two stages, one 1-cpu task each: `b` runs once `a` has finished and the framework has heard so. */
function dag(id: string, submit: number, a: number, b: number): JobSpec {
  const r = space.fromRecord({ cpus: 1, mem: 512 });
  return {
    id,
    submit,
    gang: false,
    tasks: [
      { resources: r, duration: a },
      { resources: r, duration: b },
    ],
    stages: [
      { name: 'a', count: 1, after: [] },
      { name: 'b', count: 1, after: [0] },
    ],
  };
}

/** One 4-cpu agent. `until` bounds the run, so that a framework left waiting for an update fails the test instead of hanging it. */
function world(faults: AgentFaultsSpec, jobs: JobSpec[]) {
  return buildWorld({ agents: agents(1, { cpus: 4, mem: 4096 }), frameworks: [framework('f', '*', jobs)], agentFaults: faults, until: 2000 });
}

describe('network partitions', () => {
  it('a partition shorter than the detection time only delays messages: status updates and launches cross when it heals', () => {
    // Cut 20-60; the master would give up at 30 + 5·15 = 105 only.
    const b = world(agentFaults({ partitions: [{ at: 20, duration: 40, agents: [0] }] }), [
      job('j1', 0, 2, { cpus: 1, mem: 512 }, 30),
      job('j2', 40, 1, { cpus: 1, mem: 512 }, 10),
    ]);
    runUntil(b, 59);
    // j1's tasks ended at 30 but the master has not heard; j2's task is launched and held on the way.
    expect(cpus(b)).toEqual({ total: 4, allocated: 3, offered: 0 });
    runUntil(b, 60);
    expect(cpus(b)).toEqual({ total: 4, allocated: 1, offered: 0 });
    const end = runToEnd(b);
    expect(faultRows(b)).toEqual([
      [20, 'partition-started', '', 1, 'partition 0'],
      [60, 'partition-healed', '', 40, 'partition 0'],
    ]);
    expect(taskLines(b)).toEqual(['f/j1/0#0 finished 0-30', 'f/j1/1#0 finished 0-30', 'f/j2/0#0 finished 60-70']);
    expect(end.metrics.faults.agents).toMatchObject({ partitions: 1, partitioned_agent_seconds: 40, unreachable: 0 });
    expectNoLeaks(b, end);
  });

  it('a partition longer than the detection time: the agent is unreachable, its tasks lost and resubmitted; on healing it registers again and holds nothing twice', () => {
    // Cut 20-220: unreachable at 30 + 75 = 105.
    const b = world(agentFaults({ partitions: [{ at: 20, duration: 200, agents: [0] }] }), [
      job('j1', 0, 2, { cpus: 1, mem: 512 }, 300),
      dag('d', 0, 50, 10),
      job('j2', 40, 1, { cpus: 1, mem: 512 }, 10),
    ]);
    runUntil(b, 104);
    expect(cpus(b)).toEqual({ total: 4, allocated: 4, offered: 0 }); // j1 ×2, d/a (ended at 50, unheard), j2 (held launch)
    runUntil(b, 105);
    expect(cpus(b)).toEqual({ total: 0, allocated: 0, offered: 0 });
    runUntil(b, 219);
    expect(cpus(b).total).toBe(0);
    const end = runToEnd(b);
    const events = faultRows(b);
    expect(events.slice(0, 3)).toEqual([
      [20, 'partition-started', '', 1, 'partition 0'],
      [105, 'agent-unreachable', 'a-0', 85, 'partitioned'],
      [220, 'partition-healed', '', 200, 'partition 0'],
    ]);
    const [back, kind, , , detail] = events[3]!;
    expect([kind, detail]).toEqual(['agent-reregistered', 'reconnected']);
    expect(back).toBeGreaterThanOrEqual(220);
    expect(back).toBeLessThan(221);
    const t = back as number;
    expect(taskLines(b).sort()).toEqual(
      [
        'f/j1/0#0 lost 0-105',
        'f/j1/1#0 lost 0-105',
        'f/d/0#0 finished 0-50', // ended on the agent before the master gave up: its update reaches the framework at 105
        'f/j2/0#0 lost -105', // its launch was held, then dropped
        `f/d/1#0 finished ${t}-${t + 10}`, // stage b, released by d/0's update
        `f/j1/0#1 finished ${t}-${t + 300}`,
        `f/j1/1#1 finished ${t}-${t + 300}`,
        `f/j2/0#1 finished ${t}-${t + 10}`,
      ].sort(),
    );
    expect(end.metrics.faults.agents).toMatchObject({ unreachable: 1, reregistrations: 1, unreachable_agent_seconds: t - 105, partitioned_agent_seconds: 200 });
    expectNoLeaks(b, end);
  });

  it('reconciliation frees the agent whole: right after it registers again, only the resubmitted tasks hold resources', () => {
    const b = world(agentFaults({ partitions: [{ at: 20, duration: 200, agents: [0] }] }), [job('j1', 0, 3, { cpus: 1, mem: 512 }, 1000)]);
    runUntil(b, 222);
    // The three original tasks still "run" on the agent during the partition; Mesos kills them when it re-registers
    // (the frameworks are not partition-aware), so only their three retries are allocated, not six.
    expect(cpus(b)).toEqual({ total: 4, allocated: 3, offered: 0 });
    expect(taskLines(b).filter((l) => l.includes('#0'))).toEqual(['f/j1/0#0 lost 0-105', 'f/j1/1#0 lost 0-105', 'f/j1/2#0 lost 0-105']);
    const end = runToEnd(b);
    expectNoLeaks(b, end);
  });

  it('an agent that fails while cut off registers again only once repaired and reachable', () => {
    const b = world(
      agentFaults({ partitions: [{ at: 20, duration: 200, agents: [0] }], scripted: [{ at: 50, agents: [0], repairAfter: 100 }] }),
      [job('j1', 0, 1, { cpus: 1, mem: 512 }, 300)],
    );
    const end = runToEnd(b);
    expect(faultRows(b).map((e) => `${Math.floor(e[0] as number)} ${e[1]} ${e[4]}`)).toEqual([
      '20 partition-started partition 0',
      '50 agent-failed scripted',
      '105 agent-unreachable failed',
      '150 agent-repaired ',
      '220 partition-healed partition 0',
      '220 agent-reregistered restarted',
    ]);
    expectNoLeaks(b, end);
  });

  it('overlapping partitions: an agent is reachable again only when the last one covering it heals', () => {
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j1', 0, 8, { cpus: 1, mem: 512 }, 40)])],
      agentFaults: agentFaults({
        partitions: [
          { at: 10, duration: 30, agents: [0, 1] },
          { at: 20, duration: 40, agents: [1] },
        ],
      }),
    });
    runUntil(b, 45);
    // Tasks end at 40 on both agents; a-0's updates arrive at 40 (healed), a-1's are held until 60.
    expect(cpus(b)).toEqual({ total: 8, allocated: 4, offered: 0 });
    runUntil(b, 60);
    expect(cpus(b).allocated).toBe(0);
    const end = runToEnd(b);
    expect(end.metrics.faults.agents).toMatchObject({ partitions: 2, partitioned_agent_seconds: 2 * 30 + 40, unreachable: 0 });
    expectNoLeaks(b, end);
  });
});
