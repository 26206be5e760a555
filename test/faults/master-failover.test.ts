/**
 * Master failover (src/faults/master-failover.ts), on small worlds built by
 * hand: the timeline of one failover worked out by hand, status updates kept
 * by agents, offers and launches lost, the allocator's recovery pause with
 * quota, agents that never come back, elections that wait for a repair, and
 * random failures. Every run verifies the master's books after every event
 * and ends without leaks.
 */
import { describe, expect, it } from 'vitest';
import type { MasterFailoverSpec } from '../../src/faults/master-failover.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import { agents, buildWorld, framework, job, masterConfig, quota, runToEnd, type Built } from '../helpers/world.js';

/** A failover spec: the given fields over Mesos's defaults, with a 0.5 s election and no repair. */
export function failover(o: Partial<MasterFailoverSpec>): MasterFailoverSpec {
  return {
    failures: [],
    mtbf: undefined,
    standbys: 2,
    sessionTimeout: 10,
    election: 0.5,
    repair: null,
    agentBackoffFactor: 1,
    frameworkBackoffFactor: 2,
    agentReregisterTimeout: 600,
    recoveryTimeout: 600,
    agentRecoveryFactor: 0.8,
    ...o,
  };
}

type Row = Record<string, string | number>;
const rows = (b: Built, kind: string): Row[] => b.events.records().filter((r) => r.kind === kind);
const times = (b: Built, kind: string): number[] => rows(b, kind).map((r) => r.time as number);
const tasksOf = (b: Built, jobId: string): Row[] => b.tasks.records().filter((r) => r.job_id === jobId);

describe('master failover: one failover, worked out by hand', () => {
  // 4 agents of 4 cpus; job a: 8 one-cpu tasks of 50 s from t=0 (they start at 0, when the
  // agents register); job b: 4 tasks of 10 s submitted at 25, while no master leads.
  // The leader fails at 20; its session expires at 30; the election takes 0.5 s.
  const world = (latency = 0) =>
    buildWorld({
      agents: agents(4, { cpus: 4, mem: 8192 }),
      master: masterConfig({ latency: { masterToFramework: latency, frameworkToMaster: latency, masterToAgent: latency, agentToMaster: latency } }),
      frameworks: [framework('f', 'r', [job('a', 0, 8, { cpus: 1, mem: 100 }, 50), job('b', 25, 4, { cpus: 1, mem: 100 }, 10)])],
      failover: failover({ failures: [20] }),
    });

  it('elects at 30.5, agents come back within their 1 s backoff, running tasks are untouched', () => {
    const b = world();
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    expect(times(b, 'master-failed')).toEqual([20]);
    expect(rows(b, 'leader-elected')).toMatchObject([{ time: 30.5, value: 10.5, detail: 'master-1' }]);
    // The driver subscribes at once; each agent after a draw from [0, 1 s].
    expect(rows(b, 'framework-resubscribed')).toMatchObject([{ time: 30.5, framework: 'f', value: 0 }]);
    const back = times(b, 'agent-reregistered');
    expect(back).toHaveLength(4);
    for (const t of back) expect(t).toBeGreaterThanOrEqual(30.5), expect(t).toBeLessThanOrEqual(31.5);
    expect(new Set(rows(b, 'agent-reregistered').map((r) => r.agent))).toEqual(new Set(['a-0', 'a-1', 'a-2', 'a-3']));
    const last = Math.max(...back);
    expect(rows(b, 'master-recovered')).toMatchObject([{ time: last, value: last - 20 }]);
    // Job a ran through the failover: started at 0, finished at 50, nothing lost or retried.
    for (const t of tasksOf(b, 'f/a')) expect(t).toMatchObject({ state: 'finished', start_time: 0, end_time: 50, attempt: 0 });
    expect(end.metrics.tasks.lost).toBe(0);
    expect(end.metrics.tasks.resubmitted).toBe(0);
    // No offer while no master led; job b starts when an agent with room is back.
    expect(b.offers.records().filter((o) => (o.time as number) > 20 && (o.time as number) < 30.5)).toEqual([]);
    for (const t of tasksOf(b, 'f/b')) {
      expect(t.state).toBe('finished');
      expect(back).toContain(t.start_time);
    }
  });

  it('agents keep the status updates of tasks that end while no master leads, until they are back', () => {
    // Job c: 2 tasks of 3 cpus for 22 s, one per agent. With 0.01 s each way, SUBSCRIBE, the
    // offers, the ACCEPT and the launch take 0.04 s: they run from 0.04 to 22.04, and end during
    // the outage. Job d (at 40) keeps the run going.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 8192 }),
      master: masterConfig({ latency: { masterToFramework: 0.01, frameworkToMaster: 0.01, masterToAgent: 0.01, agentToMaster: 0.01 } }),
      frameworks: [framework('f', 'r', [job('c', 0, 2, { cpus: 3, mem: 100 }, 22), job('d', 40, 1, { cpus: 4, mem: 100 }, 1)])],
      failover: failover({ failures: [20] }),
    });
    const sim = b.world.sim;
    const m = b.world.master;
    while (sim.nextTime! < 30.5) sim.step();
    m.verify();
    // Both tasks ended at 22.04 on their agents; the agents still hold them for the master.
    const c = tasksOf(b, 'f/c');
    expect(c.map((t) => t.state)).toEqual(['finished', 'finished']);
    expect(m.agents.map((a) => a.tasks.size)).toEqual([1, 1]);
    expect(m.space.format(m.allocated)).toBe(m.space.format(m.space.zero())); // not in the books: not registered
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    // Once back (and acknowledged), the agents sent the updates: the resources are free again.
    expect(m.agents.map((a) => a.tasks.size)).toEqual([0, 0]);
    expect(c.map((t) => t.end_time)).toEqual([22.04, 22.04]);
  });

  it('reports the same failover, agent for agent, for the same seed, and other backoffs for another', () => {
    const run = (seed: number) => {
      const b = buildWorld(
        {
          agents: agents(4, { cpus: 4, mem: 8192 }),
          frameworks: [framework('f', 'r', [job('a', 0, 8, { cpus: 1, mem: 100 }, 50)])],
          failover: failover({ failures: [20] }),
        },
        'drf',
        seed,
      );
      runToEnd(b);
      return b.events.records();
    };
    expect(run(3)).toEqual(run(3));
    expect(run(4)).not.toEqual(run(3));
  });
});
