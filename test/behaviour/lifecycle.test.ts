import { describe, expect, it } from 'vitest';
import type { Latencies } from '../../src/master/config.js';
import { agents, buildWorld, framework, job, masterConfig, runToEnd } from '../helpers/world.js';
import { amount, countBy, offerLog, tasksById } from './support.js';

const SLOT = { cpus: 1, mem: 1024 };

describe('message latency', () => {
  // One 4-cpu agent; one job of two 2 s tasks that each need the whole agent, so the second can
  // only start once the first one's resources are back at the master.
  const world = (latency: Latencies) =>
    buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 2, { cpus: 4, mem: 4096 }, 2)])],
      master: masterConfig({ latency }),
      until: 30,
    });

  it('shift starts, ends and the return of resources as documented', () => {
    // f→m 0.25, m→f 0.125, m→a 0.5, a→m 1 (all exact in binary).
    //  0.25   subscribe and revive reach the master (sent at 0): a triggered run makes the offer.
    //  0.375  the offer reaches f (+ m→f); it answers at once.
    //  0.625  the answer reaches the master (+ f→m): response time 0.375; launch sent.
    //  1.125  task 0 starts on the agent (+ m→a); it ends at 3.125.
    //  4.125  its status reaches the master (+ a→m): the agent is free again.
    //  5      next batch run (resources coming back trigger none): offer; 5.875 task 1 starts
    //         (5 + 0.125 + 0.25 + 0.5), ends 7.875.
    const b = world({ frameworkToMaster: 0.25, masterToFramework: 0.125, masterToAgent: 0.5, agentToMaster: 1 });
    runToEnd(b);
    const t = tasksById(b);
    expect([t.get('f/j/0')!.start_time, t.get('f/j/0')!.end_time]).toEqual([1.125, 3.125]);
    expect([t.get('f/j/1')!.start_time, t.get('f/j/1')!.end_time]).toEqual([5.875, 7.875]);
    expect(offerLog(b)).toEqual([
      [0.25, 'f', 'a-0', 'accepted', 1, 0.375],
      [5, 'f', 'a-0', 'accepted', 1, 0.375],
    ]);
  });

  it('a longer agent→master delay holds the resources longer: a→m 2 returns them at 5.125, so the next offer is at 6', () => {
    const b = world({ frameworkToMaster: 0.25, masterToFramework: 0.125, masterToAgent: 0.5, agentToMaster: 2 });
    runToEnd(b);
    expect(tasksById(b).get('f/j/1')!.start_time).toBe(6.875);
    expect(b.offers.records().map((r) => r.time)).toEqual([0.25, 6]);
  });

  it('with no latency: offer at 0, start 0, end 2; the status at 2 comes after the batch run at 2, so the next start is 3', () => {
    // The status message is scheduled at t=2 by the task's end, after the batch run at 2 was
    // scheduled (at t=1): same-instant events run first in, first out.
    const b = world({ frameworkToMaster: 0, masterToFramework: 0, masterToAgent: 0, agentToMaster: 0 });
    runToEnd(b);
    const t = tasksById(b);
    expect([t.get('f/j/0')!.start_time, t.get('f/j/1')!.start_time]).toEqual([0, 3]);
  });
});

describe('offer_timeout', () => {
  it('rescinds an offer a slow framework still holds; its tasks go back to the queue and launch later', () => {
    // offer_timeout 1.5; per_job 1. At t=0 the framework holds two one-task jobs: its decision
    // considers 2 jobs → 2 s > 1.5 s.
    //  1.5  offer 1 is rescinded (response time 1.5); its resources return unfiltered.
    //  2    the answer reaches the master too late: both tasks fail back to the head of the queue
    //       as ONE job. The batch run at 2 had already offered the agent again (offer 2); the
    //       framework, with nothing queued at that moment, declines it at once. Its tasks back,
    //       it revives: a run at 2 makes offer 3.
    //  3    offer 3 considers 1 job → 1 s < 1.5: both tasks start at 3.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('slow', '*', [job('j1', 0, 1, SLOT), job('j2', 0, 1, SLOT)], { perJob: 1, refuseSeconds: 0 })],
      master: masterConfig({ offerTimeout: 1.5 }),
      until: 10,
    });
    const { metrics } = runToEnd(b);
    expect(offerLog(b)).toEqual([
      [0, 'slow', 'a-0', 'rescinded', 0, 1.5],
      [2, 'slow', 'a-0', 'declined', 0, 0],
      [2, 'slow', 'a-0', 'accepted', 2, 1],
    ]);
    expect(b.tasks.records().map((r) => [r.task_id, r.state, r.start_time])).toEqual([
      ['slow/j1/0', 'running', 3],
      ['slow/j2/0', 'running', 3],
    ]);
    expect(metrics.offers.rescinded).toBe(1);
  });

  it('an offer answered within the timeout is not rescinded', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j1', 0, 1, SLOT)], { perJob: 1.25 })],
      master: masterConfig({ offerTimeout: 1.5 }),
      until: 10,
    });
    runToEnd(b);
    expect(offerLog(b)).toEqual([[0, 'f', 'a-0', 'accepted', 1, 1.25]]);
  });
});

describe('agent removal', () => {
  it("turns the agent's running tasks 'lost' and takes its resources out of the cluster total", () => {
    // Two 4-cpu agents, two 3-cpu tasks: one per agent. a-1 leaves at t=5.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 2, { cpus: 3, mem: 1024 })])],
      timeline: [{ at: 5, kind: 'agent-remove', agent: 1 }],
      until: 10,
    });
    runToEnd(b);
    const rows = b.tasks.records();
    const lost = rows.find((r) => r.agent === 'a-1')!;
    const kept = rows.find((r) => r.agent === 'a-0')!;
    expect([lost.state, lost.start_time, lost.end_time]).toEqual(['lost', 0, 5]);
    expect([kept.state, kept.start_time]).toEqual(['running', 0]);
    const m = b.world.master;
    expect([amount(m.total, 'cpus'), amount(m.allocated, 'cpus'), amount(m.offered, 'cpus')]).toEqual([4, 3, 0]);
    // Last utilization sample (at the end, t=10): 4 cpus in total, 3 allocated.
    const last = b.utilization.records().filter((r) => r.resource === 'cpus').at(-1)!;
    expect([last.time, last.total, last.allocated]).toEqual([10, 4, 3]);
  });

  it('rescinds offers held on it; the framework\'s late answer fails and that task returns to the queue', () => {
    // per_job 10: both agents are offered at t=0 in one batch and held until t=10. a-1 leaves at 5:
    // its offer is rescinded (response time 5). At 10 the answer launches the task placed on a-0;
    // the one placed on a-1 fails back to the queue and never fits a-0's last cpu: pending.
    const b = buildWorld({
      agents: agents(2, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 2, { cpus: 3, mem: 1024 })], { perJob: 10 })],
      timeline: [{ at: 5, kind: 'agent-remove', agent: 1 }],
      until: 30,
    });
    runToEnd(b);
    const first = offerLog(b).slice(0, 2).sort();
    expect(first).toEqual([
      [0, 'f', 'a-0', 'accepted', 1, 10],
      [0, 'f', 'a-1', 'rescinded', 0, 5],
    ]);
    expect(b.tasks.records().map((r) => [r.state, r.agent, r.start_time]).sort()).toEqual([
      ['pending', '', ''],
      ['running', 'a-0', 10],
    ]);
    expect(amount(b.world.master.total, 'cpus')).toBe(4);
  });
});

describe('framework unregistering', () => {
  it("kills its running tasks, drops its queued ones, and its resources go to others at the next batch run", () => {
    // A 2-cpu agent. 'leaving' runs 2 of its 3 one-cpu tasks from t=0 and leaves at 5: 2 killed,
    // 1 dropped, all at 5. Its job due at 8 never arrives. 'other' has waited since t=1 for 2 cpus:
    // it gets them at the batch run at 5, which runs after the unregistration (scheduled at the
    // start, before that run was scheduled at t=4).
    const b = buildWorld({
      agents: agents(1, { cpus: 2, mem: 4096 }),
      frameworks: [
        framework('leaving', 'a', [job('j', 0, 3, SLOT), job('late', 8, 1, SLOT)], { unregisterAt: 5 }),
        framework('other', 'b', [job('j', 1, 1, { cpus: 2, mem: 1024 })]),
      ],
      until: 10,
    });
    const { metrics } = runToEnd(b);
    const rows = b.tasks.records().filter((r) => r.framework === 'leaving');
    expect(rows.map((r) => [r.task_id, r.state, r.end_time]).sort()).toEqual([
      ['leaving/j/0', 'killed', 5],
      ['leaving/j/1', 'killed', 5],
      ['leaving/j/2', 'dropped', 5],
    ]);
    expect(tasksById(b).get('other/j/0')!.start_time).toBe(5);
    expect(metrics.tasks).toMatchObject({ submitted: 4, killed: 2, dropped: 1, running: 1 });
    expect(b.world.frameworks[0]!.allocation.every((v) => v === 0)).toBe(true);
  });

  // Tasks taken into a decision still under way when the framework leaves never launch: they end
  // as dropped, like the rest of its queue, and do not keep a drained run alive.
  it("drops the tasks of a decision still under way when it leaves (they never launch)", () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 1, SLOT)], { perJob: 10, unregisterAt: 5 })],
      until: 'drained',
      stallTimeout: 100,
    });
    const { reason } = runToEnd(b);
    expect(b.tasks.records().map((r) => [r.state, r.end_time])).toEqual([['dropped', 5]]);
    expect(reason).toBe('drained');
  });

  // Stall detection waits for scripted events still to come; a framework leaving is one of them,
  // and once it has happened, a run whose remaining tasks can never end must still stop.
  it("a timeline framework-unregister still lets a drained run end 'stalled'", () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('gone', 'a', [job('j', 0, 1, SLOT, 1)]),
        framework('stuck', 'b', [job('big', 0, 1, { cpus: 8, mem: 1024 })]),
      ],
      timeline: [{ at: 2, kind: 'framework-unregister', framework: 0 }],
      until: 'drained',
      stallTimeout: 100,
    });
    // Guard against the endless loop: onProgress runs every 65536 events.
    const run = () =>
      b.world.run({
        verifyEvery: 0,
        onProgress: (now) => {
          if (now > 1000) throw new Error(`still running at t=${now}: stall detection never fired`);
        },
      });
    expect(run().reason).toBe('stalled');
  });

  it('control: the same world without the timeline unregister ends stalled about stallTimeout after the last progress', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('gone', 'a', [job('j', 0, 1, SLOT, 1)]),
        framework('stuck', 'b', [job('big', 0, 1, { cpus: 8, mem: 1024 })]),
      ],
      until: 'drained',
      stallTimeout: 100,
    });
    const { reason, end } = runToEnd(b);
    expect(reason).toBe('stalled');
    // Last progress: the 1 s task ends at t=1; the first event at or after 101 stops the run.
    expect(end).toBeGreaterThanOrEqual(101);
    expect(end).toBeLessThan(106);
  });
});

// A task that has already ended on its agent but whose status update has not yet reached the master
// (agent_to_master > 0) is still on the master's books. Removing the agent or unregistering the
// framework in that window must settle the books without ending the task a second time (once, this
// wrote two rows for one task and stopped 'drained' runs early).
describe('a task that ended on its agent before its status reached the master', () => {
  // a→m 1: the 2 s task ends on the agent at 2; the master hears of it at 3. Something happens at 2.5.
  const latency = { masterToFramework: 0, frameworkToMaster: 0, masterToAgent: 0, agentToMaster: 1 };

  it('is not ended again (lost) when its agent is removed in between: one row, finished at 2', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('f', '*', [job('j', 0, 1, SLOT, 2)])],
      master: masterConfig({ latency }),
      timeline: [{ at: 2.5, kind: 'agent-remove', agent: 0 }],
      until: 10,
    });
    const { metrics } = runToEnd(b);
    expect(b.tasks.records().map((r) => [r.task_id, r.state, r.end_time])).toEqual([['f/j/0', 'finished', 2]]);
    expect(metrics.tasks).toMatchObject({ submitted: 1, finished: 1, lost: 0 });
  });

  it("is not ended again (killed) when its framework unregisters in between, and the other framework's task still runs to its end", () => {
    // g's 100 s task shares the agent. At t=0 the whole agent is offered to f (coarse-grained; role
    // 'a' sorts before 'b' on equal shares), so g gets the rest at the next batch run, t=1, and its
    // task ends at 101: the run must drain then, not when f's framework leaves.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('f', 'a', [job('j', 0, 1, SLOT, 2)], { unregisterAt: 2.5 }),
        framework('g', 'b', [job('j', 0, 1, SLOT, 100)]),
      ],
      master: masterConfig({ latency }),
      until: 'drained',
    });
    const { reason, end } = runToEnd(b);
    expect(b.tasks.records().filter((r) => r.framework === 'f').map((r) => r.state)).toEqual(['finished']);
    expect([reason, end]).toEqual(['drained', 101]);
  });

});

describe('set-weight', () => {
  // One 4-cpu agent; 'slow' (role r) takes 10 s per decision, so the offer made at t=0 is held.
  const world = (role: string) =>
    buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('slow', 'r', [job('j', 0, 1, SLOT)], { perJob: 10, refuseSeconds: 0 })],
      timeline: [{ at: 3, kind: 'set-weight', role, weight: 2 }],
      until: 30,
    });

  it('on a role with registered frameworks rescinds outstanding offers; the task launches from a later offer', () => {
    //  3   the weight change rescinds offer 1 (response 3); the batch run at 3 offers the agent
    //      again (offer 2), which waits behind the decision under way.
    //  10  offer 1's answer fails (the task goes back to the queue); offer 2 is decided with an
    //      empty queue, declined at once; the task back, the framework revives: offer 3 at 10,
    //      answered at 20, when the task starts.
    const b = world('r');
    runToEnd(b);
    expect(offerLog(b)).toEqual([
      [0, 'slow', 'a-0', 'rescinded', 0, 3],
      [3, 'slow', 'a-0', 'declined', 0, 7],
      [10, 'slow', 'a-0', 'accepted', 1, 10],
    ]);
    expect(b.tasks.records().map((r) => r.start_time)).toEqual([20]);
    expect(b.world.master.roles.get('r')!.weight).toBe(2);
  });

  it('on a parent of the role also rescinds (the subtree has a registered framework)', () => {
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [framework('slow', 'eng/ml', [job('j', 0, 1, SLOT)], { perJob: 10, refuseSeconds: 0 })],
      timeline: [{ at: 3, kind: 'set-weight', role: 'eng', weight: 2 }],
      until: 30,
    });
    runToEnd(b);
    expect(b.offers.records()[0]!.outcome).toBe('rescinded');
  });

  it('on a role without registered frameworks rescinds nothing', () => {
    const b = world('unused');
    runToEnd(b);
    expect(offerLog(b)).toEqual([[0, 'slow', 'a-0', 'accepted', 1, 10]]);
    expect(b.tasks.records().map((r) => r.start_time)).toEqual([10]);
  });
});

describe('the books hold throughout (verify after every event)', () => {
  it('with latencies, offer timeouts, agent removal and return, unregistering and weight changes together', () => {
    // Nothing to work out by hand here but the totals at the end: runToEnd verifies the books after
    // every event (verifyEvery 1), so any imbalance throws InvariantError.
    const jobs = (n: number, d: number) => Array.from({ length: n }, (_, i) => job(`j${i}`, i * 0.75, 1 + (i % 3), { cpus: 1 + (i % 2), mem: 512 }, d + (i % 4)));
    const b = buildWorld({
      agents: [...agents(4, { cpus: 4, mem: 4096 }), ...agents(1, { cpus: 4, mem: 4096, gpus: 1 }, 'g')],
      frameworks: [
        framework('f1', 'a/x', jobs(20, 2), { perJob: 0.5, perTask: 0.25 }),
        framework('f2', 'a/y', jobs(20, 3), { tasksPerOffer: 2, refuseSeconds: 0, unregisterAt: 9 }),
        framework('f3', 'b', jobs(20, 1), { gpuCapable: true, refuseSeconds: 1 }),
        framework('f4', 'b', jobs(10, 4), { perTask: 1.5, registerAt: 2 }),
      ],
      master: masterConfig({
        offerTimeout: 2,
        latency: { masterToFramework: 0.1, frameworkToMaster: 0.2, masterToAgent: 0.05, agentToMaster: 0.3 },
      }),
      weights: new Map([['b', 2]]),
      timeline: [
        { at: 4, kind: 'agent-remove', agent: 1 },
        { at: 6, kind: 'set-weight', role: 'a', weight: 3 },
        { at: 7.5, kind: 'agent-remove', agent: 4 },
      ],
      until: 60,
    });
    const { metrics } = runToEnd(b, 1);
    const states = countBy(b.tasks.records(), 'state');
    expect(states.lost).toBeGreaterThan(0);
    expect((states.killed ?? 0) + (states.dropped ?? 0)).toBeGreaterThan(0);
    expect(metrics.offers.rescinded).toBeGreaterThan(0);
    expect(amount(b.world.master.total, 'cpus')).toBe(12);
    expect(amount(b.world.master.total, 'gpus')).toBe(0);
  });
});
