/**
 * Master failover (src/faults/master-failover/runtime.ts), on small worlds built by
 * hand: the timeline of one failover worked out by hand, status updates kept
 * by agents, offers and launches lost, the allocator's recovery pause with
 * quota, agents that never come back, elections that wait for a repair, and
 * random failures. Every run verifies the master's books after every event
 * and ends without leaks.
 */
import { describe, expect, it } from 'vitest';
import type { MasterFailoverSpec } from '../../src/faults/master-failover/runtime.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import type { JobSpec } from '../../src/model/job.js';
import { agents, buildWorld, framework, job, masterConfig, quota, runToEnd, space, type Built } from '../helpers/world.js';

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

describe('master failover: what the failed leader took with it', () => {
  it('loses the outstanding offers and the launches answered to them; reconciliation reports those tasks lost and they run again', () => {
    // Two agents offer at 0; the framework takes 5 s to decide, so both offers are outstanding when
    // the leader fails at 2, and its ACCEPT (at 5, launching 4 tasks) reaches no master. It
    // re-subscribes at the election (12.5) and learns that the 4 tasks are lost; they run again.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 8192 }),
      frameworks: [framework('f', 'r', [job('a', 0, 4, { cpus: 1, mem: 100 }, 30)], { perJob: 5 })],
      failover: failover({ failures: [2] }),
    });
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    const first = b.offers.records().filter((o) => o.time === 0);
    expect(first.map((o) => [o.outcome, o.response_time])).toEqual([
      ['rescinded', 2],
      ['rescinded', 2],
    ]);
    expect(rows(b, 'launch-lost').map((r) => [r.time, r.framework, r.task_id])).toEqual([0, 1, 2, 3].map((i) => [12.5, 'f', `f/a/${i}`]));
    const tasks = tasksOf(b, 'f/a');
    for (const t of tasks.filter((t) => t.attempt === 0)) expect(t).toMatchObject({ state: 'lost', agent: '', start_time: '', end_time: 12.5 });
    expect(tasks.filter((t) => t.attempt === 1 && t.state === 'finished')).toHaveLength(4);
    expect(end.metrics.tasks.resubmitted).toBe(4);
  });

  it('drops the frameworks that left meanwhile and lets agents and frameworks that arrive meanwhile in', () => {
    // g leaves at 25 (no leader): its task on each agent is killed as the agent comes back.
    // h registers at 22 and agent late-0 at 25: both join the new leader.
    const late = { ...agents(1, { cpus: 4, mem: 8192 }, 'late')[0]!, registerAt: null };
    const b = buildWorld({
      agents: [...agents(2, { cpus: 4, mem: 8192 }), late],
      frameworks: [
        framework('g', 'r', [job('a', 0, 2, { cpus: 2, mem: 100 }, Infinity)], { unregisterAt: 25 }),
        framework('h', 's', [job('b', 22, 3, { cpus: 4, mem: 100 }, 10)], { registerAt: 22 }),
      ],
      timeline: [{ at: 25, kind: 'agent-register', agent: 2 }],
      failover: failover({ failures: [20] }),
    });
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    const back = new Map(rows(b, 'agent-reregistered').map((r) => [r.agent as string, r.time as number]));
    expect([...back.keys()].sort()).toEqual(['a-0', 'a-1', 'late-0']);
    expect(rows(b, 'framework-resubscribed').map((r) => r.framework)).toEqual(['h']);
    for (const t of tasksOf(b, 'g/a')) expect(t).toMatchObject({ state: 'killed', end_time: back.get(t.agent as string) });
    expect(tasksOf(b, 'h/b').map((t) => t.state)).toEqual(['finished', 'finished', 'finished']);
    expect(times(b, 'master-recovered')).toEqual([Math.max(...back.values())]);
  });
});

describe('master failover: kills while no master leads', () => {
  it('keeps the KILL calls of a service scaled down while no master leads, and sends them once subscribed', () => {
    // A service of 4 one-cpu instances; scaled to 1 at 25, while no master leads. The kills of
    // instances 1 to 3 wait for the framework's re-subscription at the election (30.5), then
    // reach the agents at once; the agents keep the status updates until they are back.
    const service: JobSpec = { id: 'web', submit: 0, gang: false, service: true, tasks: Array.from({ length: 4 }, () => ({ resources: space.fromRecord({ cpus: 1, mem: 100 }), duration: Infinity })) };
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 8192 }),
      frameworks: [framework('marathon', '*', [service])],
      timeline: [{ at: 25, kind: 'scale-service', framework: 0, job: 'marathon/web', instances: 1 }],
      failover: failover({ failures: [20] }),
      until: 40,
    });
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    const killed = b.tasks.records().filter((r) => r.state === 'killed');
    expect(killed.map((r) => [r.task_id, r.end_time]).sort()).toEqual([1, 2, 3].map((k) => [`marathon/web/${k}`, 30.5]));
    expect(end.metrics.tasks.running).toBe(1);
    const m = b.world.master;
    expect(m.agents.reduce((n, a) => n + a.tasks.size, 0)).toBe(1);
  });
});

describe("master failover: the allocator's recovery pause with quota", () => {
  // 10 agents of 2 cpus, each running one 1-cpu task of job a (100 s); job b (3 tasks) arrives
  // at 25, while no master leads. The leader fails at 20 and its successor is elected at 30.5.
  const world = (o: { quota: boolean; remove?: number[]; recoveryTimeout?: number }) =>
    buildWorld({
      agents: agents(10, { cpus: 2, mem: 8192 }),
      quotas: o.quota ? new Map([['q', quota({ cpus: 2 })]]) : new Map(),
      frameworks: [framework('f', 'q', [job('a', 0, 10, { cpus: 1, mem: 100 }, 100), job('b', 25, 3, { cpus: 1, mem: 100 }, 5)], { tasksPerOffer: 1 })],
      timeline: (o.remove ?? []).map((agent) => ({ at: 25, kind: 'agent-remove' as const, agent })),
      failover: failover({ failures: [20], recoveryTimeout: o.recoveryTimeout ?? 600 }),
    });
  const offersAfter = (b: Built, t: number) => b.offers.records().filter((o) => (o.time as number) > t).map((o) => o.time as number);

  it('without quota, offers resume with the first agent back', () => {
    const b = world({ quota: false });
    expectNoLeaks(b, runToEnd(b));
    expect(rows(b, 'allocation-paused')).toEqual([]);
    expect(Math.min(...offersAfter(b, 20))).toBe(Math.min(...times(b, 'agent-reregistered')));
  });

  it('with quota, waits for floor(0.8 × 10) = 8 agents', () => {
    const b = world({ quota: true });
    expectNoLeaks(b, runToEnd(b));
    expect(rows(b, 'allocation-paused')).toMatchObject([{ time: 30.5, value: 8 }]);
    const eighth = times(b, 'agent-reregistered').sort((x, y) => x - y)[7]!;
    expect(rows(b, 'allocation-resumed')).toMatchObject([{ time: eighth, value: eighth - 30.5, detail: 'agents' }]);
    // The first offer after the failure comes at the next batch run (1 s period) or the next agent back.
    const next = Math.min(...offersAfter(b, 20));
    expect(next).toBeGreaterThanOrEqual(eighth);
    expect(next).toBeLessThanOrEqual(Math.ceil(eighth));
  });

  it('with quota and only 7 agents coming back, waits for allocator_recovery_timeout; the 3 gone are unreachable at agent_reregister_timeout', () => {
    const b = world({ quota: true, remove: [7, 8, 9], recoveryTimeout: 300 });
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    expect(times(b, 'agent-reregistered')).toHaveLength(7);
    expect(rows(b, 'allocation-resumed')).toMatchObject([{ time: 330.5, value: 300, detail: 'allocator_recovery_timeout' }]);
    expect(Math.min(...offersAfter(b, 20))).toBe(331); // the batch run after the pause
    expect(rows(b, 'agent-unreachable').map((r) => [r.time, r.agent])).toEqual([630.5, 630.5, 630.5].map((t, k) => [t, `a-${7 + k}`]));
    expect(rows(b, 'master-recovered')).toMatchObject([{ time: 630.5, value: 610.5 }]);
    // The tasks of the gone agents did not finish at 100: they were lost when the master gave up on them.
    const gone = tasksOf(b, 'f/a').filter((t) => t.attempt === 0 && ['a-7', 'a-8', 'a-9'].includes(t.agent as string));
    expect(gone.map((t) => [t.state, t.end_time])).toEqual([0, 1, 2].map(() => ['lost', 630.5]));
    expect(end.metrics.tasks.finished).toBe(13);
  });

  it('tells the frameworks the real end of tasks whose updates a gone agent kept, when it is found unreachable', () => {
    // Each agent runs one task of job c, which ends at 22 while no master leads; agent a-1 is
    // removed at 25, keeping its update. At 630.5 (600 s after the election) it is unreachable.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 8192 }),
      frameworks: [framework('f', 'r', [job('c', 0, 2, { cpus: 3, mem: 100 }, 22), job('d', 600, 1, { cpus: 1, mem: 100 }, 100)])],
      timeline: [{ at: 25, kind: 'agent-remove', agent: 1 }],
      failover: failover({ failures: [20] }),
    });
    const updates: [number, string, string][] = [];
    const send = b.world.network.send.bind(b.world.network);
    b.world.network.send = (m) => {
      if (m.kind === 'status-update') updates.push([b.world.sim.now, m.task.id, m.state]);
      send(m);
    };
    const end = runToEnd(b);
    expectNoLeaks(b, end);
    expect(rows(b, 'agent-unreachable')).toMatchObject([{ time: 630.5, agent: 'a-1' }]);
    const onA1 = tasksOf(b, 'f/c').find((t) => t.agent === 'a-1')!;
    expect(onA1).toMatchObject({ state: 'finished', end_time: 22 });
    expect(updates.filter((u) => u[1] === onA1.task_id)).toEqual([[630.5, onA1.task_id, 'finished']]);
    expect(end.metrics.tasks.lost).toBe(0);
    expect(b.world.master.agents[1]!.tasks.size).toBe(0);
  });
});

describe('master failover: elections', () => {
  it('with no standby, waits for the failed master to be repaired; a failure with no leader fails nobody', () => {
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 8192 }),
      frameworks: [framework('f', 'r', [job('a', 0, 2, { cpus: 1, mem: 100 }, 100)])],
      failover: failover({ failures: [20, 40], standbys: 0, repair: 30 }),
    });
    expectNoLeaks(b, runToEnd(b));
    expect(times(b, 'master-failed')).toEqual([20]);
    expect(rows(b, 'master-repaired')).toMatchObject([{ time: 50, detail: 'master-0' }]);
    expect(rows(b, 'leader-elected')).toMatchObject([{ time: 50.5, value: 30.5, detail: 'master-0' }]);
  });

  it('fails the leader after exponential lifetimes of mean mtbf, the same for the same seed', () => {
    const run = (seed: number) => {
      const b = buildWorld(
        {
          agents: agents(2, { cpus: 4, mem: 8192 }),
          frameworks: [framework('f', 'r', [job('a', 0, 2, { cpus: 1, mem: 100 }, Infinity)])],
          failover: failover({ mtbf: 100, standbys: 1, repair: 30 }),
          until: 100_000,
        },
        'drf',
        seed,
      );
      expectNoLeaks(b, runToEnd(b, 0));
      return b;
    };
    const b = run(5);
    const failed = times(b, 'master-failed');
    const elected = times(b, 'leader-elected');
    // Failures and elections alternate; each leader lives an exponential time from its election.
    const lifetimes = failed.map((t, k) => t - (k === 0 ? 0 : elected[k - 1]!));
    for (const l of lifetimes) expect(l).toBeGreaterThan(0);
    for (let k = 0; k < elected.length; k++) expect(elected[k]!).toBeGreaterThanOrEqual(failed[k]! + 10.5);
    expect(failed.length).toBeGreaterThan(500);
    const mean = lifetimes.reduce((s, x) => s + x, 0) / lifetimes.length;
    expect(mean).toBeGreaterThan(90);
    expect(mean).toBeLessThan(110);
    // The tasks never end: they ran through every failover.
    expect(b.world.master.agents.map((a) => a.tasks.size).reduce((x, y) => x + y)).toBe(2);
    expect(run(5).events.records()).toEqual(b.events.records());
    expect(times(run(6), 'master-failed')).not.toEqual(failed);
  });
});
