import { describe, expect, it } from 'vitest';
import { agents, buildWorld, framework, job, runToEnd } from '../helpers/world.js';
import { lateAgents, offerLog, tasksById } from './support.js';

const SLOT = { cpus: 1, mem: 1024 };

/** Start time of task k of job `j` of framework `f`. */
const startOf = (b: ReturnType<typeof buildWorld>, f: string, j: string, k: number) => tasksById(b).get(`${f}/${j}/${k}`)!.start_time;

describe('tasks_per_offer', () => {
  // One 32-cpu agent, 20 one-cpu long tasks, refuse 0: each run offers the whole free agent and
  // the framework puts at most tasks_per_offer tasks in it, declining the rest unfiltered, so the
  // next batch run (one second later) offers it again. Task k starts at floor(k / limit).
  const world = (tasksPerOffer: number) =>
    buildWorld({
      agents: agents(1, { cpus: 32, mem: 32 * 1024 }),
      frameworks: [framework('f', '*', [job('j', 0, 20, SLOT)], { tasksPerOffer, refuseSeconds: 0 })],
      until: 30,
    });

  it.each([
    [1, 20],
    [5, 4],
    [Infinity, 1],
  ])('limit %s: task k starts at floor(k / limit), in %i accepted offers', (limit, offers) => {
    const b = world(limit);
    runToEnd(b);
    for (let k = 0; k < 20; k++) expect(startOf(b, 'f', 'j', k)).toBe(Number.isFinite(limit) ? Math.floor(k / limit) : 0);
    const rows = b.offers.records();
    // Once the queue is empty the framework suppresses: no offer after the last launch.
    expect(rows.map((r) => r.outcome)).toEqual(Array(offers).fill('accepted'));
    expect(rows.map((r) => r.tasks_launched)).toEqual(Array(offers).fill(Math.min(limit, 20)));
  });
});

describe('decision time (t_job + t_task × tasks considered)', () => {
  // One 10-cpu agent. per_job 0.25 s and per_task 0.125 s (exact in binary). Latencies are 0, so a
  // task starts when the answer reaches the master: the offer's time + the decision time.
  const world = (jobs: ReturnType<typeof job>[], lookahead = 1000) =>
    buildWorld({
      agents: agents(1, { cpus: 10, mem: 10 * 1024 }),
      frameworks: [framework('f', '*', jobs, { perJob: 0.25, perTask: 0.125, lookahead, refuseSeconds: 0 })],
      until: 10,
    });

  it('two jobs of 2 and 3 tasks in one offer: 2 × 0.25 + 5 × 0.125 = 1.125 s', () => {
    const b = world([job('j1', 0, 2, SLOT), job('j2', 0, 3, SLOT)]);
    runToEnd(b);
    expect(b.tasks.records().map((r) => r.start_time)).toEqual([1.125, 1.125, 1.125, 1.125, 1.125]);
    expect(offerLog(b)).toEqual([[0, 'f', 'a-0', 'accepted', 5, 1.125]]);
  });

  it('lookahead 1 considers one job per decision: j1 at 0 + 0.25 + 2 × 0.125, j2 at the next run 1 + 0.25 + 3 × 0.125', () => {
    const b = world([job('j1', 0, 2, SLOT), job('j2', 0, 3, SLOT)], 1);
    runToEnd(b);
    expect([0, 1].map((k) => startOf(b, 'f', 'j1', k))).toEqual([0.5, 0.5]);
    expect([0, 1, 2].map((k) => startOf(b, 'f', 'j2', k))).toEqual([1.625, 1.625, 1.625]);
    expect(offerLog(b)).toEqual([
      [0, 'f', 'a-0', 'accepted', 2, 0.5],
      [1, 'f', 'a-0', 'accepted', 3, 0.625],
    ]);
  });

  it('a task examined that does not fit still costs per_task: 3 of 4 three-cpu tasks fit, 0.25 + 4 × 0.125 = 0.75 s', () => {
    const b = world([job('j', 0, 4, { cpus: 3, mem: 1024 })]);
    runToEnd(b);
    expect([0, 1, 2].map((k) => startOf(b, 'f', 'j', k))).toEqual([0.75, 0.75, 0.75]);
    expect(tasksById(b).get('f/j/3')!.state).toBe('pending');
    const log = offerLog(b);
    expect(log[0]).toEqual([0, 'f', 'a-0', 'accepted', 3, 0.75]);
    // The 1 cpu left is offered every second from t=1 on and rejected at once (the queue's next
    // task needs 3 cpus): nothing is examined, so those answers take 0 s.
    expect(log.slice(1).map(([t, , , o, n, rt]) => [t, o, n, rt])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((t) => [t, 'declined', 0, 0]),
    );
  });
});

describe('gang jobs', () => {
  // Three tasks of 3 cpus on 4-cpu agents: one task per agent, so the gang needs three agents
  // offered in the same batch. refuse 0, so every agent is re-offered every second.
  const gang = () => framework('f', '*', [job('g', 0, 3, { cpus: 3, mem: 1024 }, Infinity, true)], { refuseSeconds: 0 });

  it('with only two agents, none of the three tasks ever starts and every offer is declined', () => {
    const b = buildWorld({ agents: agents(2, { cpus: 4, mem: 4096 }), frameworks: [gang()], until: 20 });
    runToEnd(b);
    expect(b.tasks.records().map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    // 21 runs (t = 0..20) × 2 agents, all declined.
    const rows = b.offers.records();
    expect(rows).toHaveLength(42);
    expect(rows.every((r) => r.outcome === 'declined' && r.tasks_launched === 0)).toBe(true);
    expect(b.world.master.allocated.every((v) => v === 0)).toBe(true);
  });

  it('a third agent registering at 5.5 is offered alone (declined); the batch run at 6 offers all three: all start at 6', () => {
    // The registration triggers a run over that agent only, so the gang still cannot fit; at the
    // next batch run all three agents are candidates (two declined at 5, one at 5.5).
    const b = buildWorld({
      agents: [...agents(2, { cpus: 4, mem: 4096 }), ...lateAgents(1, { cpus: 4, mem: 4096 }, 'late')],
      frameworks: [gang()],
      timeline: [{ at: 5.5, kind: 'agent-register', agent: 2 }],
      until: 20,
    });
    runToEnd(b);
    const tasks = b.tasks.records();
    expect(tasks.map((r) => [r.state, r.start_time])).toEqual([
      ['running', 6],
      ['running', 6],
      ['running', 6],
    ]);
    expect(new Set(tasks.map((r) => r.agent))).toEqual(new Set(['a-0', 'a-1', 'late-0']));
    const at = (t: number) => offerLog(b).filter((r) => r[0] === t).map(([, , a, o, n]) => [a, o, n]);
    expect(at(5.5)).toEqual([['late-0', 'declined', 0]]);
    expect(at(6).sort()).toEqual([
      ['a-0', 'accepted', 1],
      ['a-1', 'accepted', 1],
      ['late-0', 'accepted', 1],
    ]);
    expect(offerLog(b).filter((r) => (r[0] as number) > 6)).toEqual([]);
  });

  it('a third agent registering exactly at a batch-run instant (t=5) joins that run: all start at 5', () => {
    // The timeline event was scheduled before the batch run at 5, so that run already sees it.
    const b = buildWorld({
      agents: [...agents(2, { cpus: 4, mem: 4096 }), ...lateAgents(1, { cpus: 4, mem: 4096 }, 'late')],
      frameworks: [gang()],
      timeline: [{ at: 5, kind: 'agent-register', agent: 2 }],
      until: 20,
    });
    runToEnd(b);
    expect(b.tasks.records().map((r) => r.start_time)).toEqual([5, 5, 5]);
  });
});

describe('suppress and revive', () => {
  it('no offers while idle between jobs; offers exactly at the arrival times', () => {
    // Jobs of one 2 s task at 0, 10.5 and 20.25. After each launch the queue is empty, so the
    // framework suppresses: no offer at the batch runs in between (the agent is free from t=2 on,
    // and the 5 s decline filter has long expired). Each arrival revives, which triggers a run at
    // that instant.
    const b = buildWorld({
      agents: agents(1, { cpus: 4, mem: 4096 }),
      frameworks: [
        framework('f', '*', [job('j1', 0, 1, SLOT, 2), job('j2', 10.5, 1, SLOT, 2), job('j3', 20.25, 1, SLOT, 2)]),
      ],
      until: 30,
    });
    const { metrics } = runToEnd(b);
    expect(offerLog(b).map(([t, , , o, n]) => [t, o, n])).toEqual([
      [0, 'accepted', 1],
      [10.5, 'accepted', 1],
      [20.25, 'accepted', 1],
    ]);
    expect(b.tasks.records().map((r) => [r.start_time, r.end_time, r.state])).toEqual([
      [0, 2, 'finished'],
      [10.5, 12.5, 'finished'],
      [20.25, 22.25, 'finished'],
    ]);
    expect(metrics.wait_time.mean).toBe(0);
    expect(b.world.frameworks[0]!.suppressed).toBe(true);
  });

  it("a suppressed framework's holdings still count toward its role's share", () => {
    // X (4 cpus) from t=0, Y (4 cpus) registers at t=3.
    //  t=0: A (role r) and B (role s) tie; 'r' < 's' → A gets X, runs its 2-cpu task, declines 2,
    //       and, with nothing queued, suppresses.
    //  t=1: B gets X's 2 free cpus, runs one 1-cpu task (tasks_per_offer 1), declines 1 (100 s filter).
    //  t=2: A2 (role r) subscribes; its 2-cpu task does not fit X's last cpu: declined.
    //  t=3: Y registers; total 8 cpus. Role r holds A's 2 cpus (2/8) although A is suppressed,
    //       role s holds B's 1 (1/8): s comes first and B gets Y. Were a suppressed framework's
    //       holdings ignored, r would be at 0 and A2 would get Y.
    const b = buildWorld({
      agents: [...agents(1, { cpus: 4, mem: 4096 }, 'x'), ...agents(1, { cpus: 4, mem: 4096 }, 'y').map((a) => ({ ...a, registerAt: 3 }))],
      frameworks: [
        framework('A', 'r', [job('j', 0, 1, { cpus: 2, mem: 512 })]),
        framework('B', 's', [job('j', 0, 2, { cpus: 1, mem: 512 })], { tasksPerOffer: 1, refuseSeconds: 100 }),
        framework('A2', 'r', [job('j', 2, 1, { cpus: 2, mem: 512 })], { registerAt: 2 }),
      ],
      until: 10,
    });
    runToEnd(b);
    expect(b.world.frameworks[0]!.suppressed).toBe(true);
    const log = offerLog(b).map(([t, f, a, o]) => [t, f, a, o]);
    expect(log.slice(0, 3)).toEqual([
      [0, 'A', 'x-0', 'accepted'],
      [1, 'B', 'x-0', 'accepted'],
      [2, 'A2', 'x-0', 'declined'],
    ]);
    expect(log.filter(([, , a]) => a === 'y-0')[0]).toEqual([3, 'B', 'y-0', 'accepted']);
  });
});
