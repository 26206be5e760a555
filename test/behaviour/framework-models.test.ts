import { describe, expect, it } from 'vitest';
import type { JobSpec, StageSpec, TaskSpec } from '../../src/model/job.js';
import { agents, buildWorld, framework, masterConfig, runToEnd, space } from '../helpers/world.js';
import { tasksById, type Row } from './support.js';

const SLOT = space.fromRecord({ cpus: 1, mem: 1024 });
const tasksOf = (durations: readonly number[]): TaskSpec[] => durations.map((duration) => ({ resources: SLOT, duration }));

/** A job of stages given as [name, durations of its tasks, parents]. */
function staged(id: string, submit: number, stages: [string, number[], string[]][]): JobSpec {
  const names = stages.map(([n]) => n);
  const specs: StageSpec[] = stages.map(([name, d, after]) => ({ name, count: d.length, after: after.map((p) => names.indexOf(p)) }));
  return { id, submit, gang: false, tasks: stages.flatMap(([, d]) => tasksOf(d)), stages: specs };
}

const num = (r: Row, c: string) => r[c] as number;

// Latencies as powers of two so that sums are exact.
const LATENCY = { agentToMaster: 0.5, masterToFramework: 0.25, frameworkToMaster: 0.125, masterToAgent: 0.0625 };

describe('MapReduce: map stage, then reduce stage', () => {
  // One 4-cpu agent; maps of 10, 10, 10 and 20 s, then 2 reduces of 5 s. The framework subscribes
  // at 0.125 and the master allocates at once: offer reaches it at + 0.25, its answer the master at
  // + 0.125, the launch the agent at + 0.0625 = 0.5625. The last map ends at 20.5625; its status reaches the master at + 0.5 and the framework at + 0.25; the framework was
  // suppressed (nothing queued), so it revives (+ 0.125), the master allocates at once, the offer
  // reaches it (+ 0.25), its answer the master (+ 0.125) and the launch the agent (+ 0.0625):
  // reduces start at 20.5625 + 1.3125 = 21.875 and end at 26.875.
  const b = buildWorld({
    agents: agents(1, { cpus: 4, mem: 4096 }),
    master: masterConfig({ latency: LATENCY }),
    frameworks: [framework('mr', '*', [staged('j', 0, [['map', [10, 10, 10, 20], []], ['reduce', [5, 5], ['map']]])])],
  });
  const { metrics, reason } = runToEnd(b);
  const t = tasksById(b);

  it('maps start in the first offer; reduces start only after the last map, right after the messages', () => {
    expect([0, 1, 2, 3].map((k) => num(t.get(`mr/j/${k}`)!, 'start_time'))).toEqual([0.5625, 0.5625, 0.5625, 0.5625]);
    expect(num(t.get('mr/j/3')!, 'end_time')).toBe(20.5625);
    expect([4, 5].map((k) => num(t.get(`mr/j/${k}`)!, 'start_time'))).toEqual([21.875, 21.875]);
    // A reduce is submitted when the framework hears of the last map's end.
    expect(num(t.get('mr/j/4')!, 'submit_time')).toBe(20.5625 + 0.5 + 0.25);
  });

  it('the job completes once, at the last reduce: completion time 26.875 s', () => {
    expect(reason).toBe('drained');
    expect(metrics.jobs).toEqual({ submitted: 1, completed: 1, unsuccessful: 0 });
    expect(metrics.job_completion_time.max).toBe(26.875);
    expect(metrics.tasks.finished).toBe(6);
  });
});

describe('Spark-like DAG of stages', () => {
  // a → b, a → c, (b, c) → d, c → e; on three 2-cpu agents, idealised mode with latencies.
  const stages: [string, number[], string[]][] = [
    ['a', [3, 7], []],
    ['b', [2, 2, 2], ['a']],
    ['c', [9], ['a']],
    ['d', [1, 4], ['b', 'c']],
    ['e', [5], ['c']],
  ];
  const b = buildWorld({
    agents: agents(3, { cpus: 2, mem: 2048 }),
    master: masterConfig({ latency: LATENCY }),
    frameworks: [framework('spark', '*', [staged('q', 2, stages), staged('r', 4, stages)])],
  });
  const { metrics } = runToEnd(b);
  const rows = b.tasks.records();
  const first = [0, 2, 5, 6, 8];
  const stageOf = (index: number) => first.filter((f) => f <= index).length - 1;
  const byStage = (job: string, s: number) => rows.filter((r) => r.job_id === `spark/${job}` && stageOf(Number(String(r.task_id).split('/')[2])) === s);

  it('every task of a stage starts after every task of each parent stage has ended, plus the status latencies', () => {
    for (const job of ['q', 'r']) {
      stages.forEach(([, , after], s) => {
        for (const p of after.map((n) => stages.findIndex(([m]) => m === n))) {
          const parentEnd = Math.max(...byStage(job, p).map((r) => num(r, 'end_time')));
          for (const r of byStage(job, s)) {
            expect(num(r, 'submit_time')).toBeGreaterThanOrEqual(parentEnd + 0.75);
            expect(num(r, 'start_time')).toBeGreaterThan(num(r, 'submit_time'));
          }
        }
      });
    }
  });

  it("each job's completion time runs from its submit to the end of its last stage", () => {
    expect(metrics.jobs).toEqual({ submitted: 2, completed: 2, unsuccessful: 0 });
    const last = (job: string, submit: number) => Math.max(...rows.filter((r) => r.job_id === `spark/${job}`).map((r) => num(r, 'end_time'))) - submit;
    expect(metrics.job_completion_time.max).toBe(Math.max(last('q', 2), last('r', 4)));
    expect(rows).toHaveLength(18);
  });
});

describe('a failed stage task abandons the job', () => {
  it('a lost map with no retry drops the reduce stage; the job is unsuccessful', () => {
    const b = buildWorld({
      agents: agents(2, { cpus: 1, mem: 1024 }),
      frameworks: [
        framework('mr', '*', [staged('j', 0, [['map', [10, 10], []], ['reduce', [5], ['map']]])], {
          retry: { on: new Set(), limit: 0, backoff: 0, backoffFactor: 2, backoffMax: 300 },
        }),
      ],
      timeline: [{ at: 5, kind: 'agent-remove', agent: 0 }],
    });
    const { metrics } = runToEnd(b);
    expect(metrics.tasks).toMatchObject({ finished: 1, lost: 1, dropped: 1 });
    expect(metrics.jobs).toEqual({ submitted: 1, completed: 0, unsuccessful: 1 });
  });
});

describe('delay scheduling', () => {
  // Two 1-cpu agents. j1's task (10 s) and j2's task (5 s) both prefer a-0; j1 is first in the
  // queue, so it takes a-0 in the first offer batch (t = 0, when the framework subscribes).
  // j2 can then run only on a-1, off its preferred agent.
  const prefer0 = (id: string, duration: number): JobSpec => ({ id, submit: 0, gang: false, tasks: [{ resources: SLOT, duration, prefer: [0] }] });
  const world = (localityWait: number, extra: Partial<Parameters<typeof framework>[3]> = {}) =>
    buildWorld({
      agents: agents(2, { cpus: 1, mem: 1024 }),
      frameworks: [framework('f', '*', [prefer0('j1', 10), prefer0('j2', 5)], { refuseSeconds: 1, localityWait, ...extra })],
    });
  const run = (localityWait: number) => {
    const b = world(localityWait);
    const { metrics } = runToEnd(b);
    return { t: tasksById(b), metrics };
  };

  it('locality_wait 0: j2 takes the first offer, on a-1 (not local)', () => {
    const { t, metrics } = run(0);
    expect(t.get('f/j1/0')).toMatchObject({ agent: 'a-0', start_time: 0, locality: 'node' });
    expect(t.get('f/j2/0')).toMatchObject({ agent: 'a-1', start_time: 0, locality: 'any' });
    expect(metrics.locality).toEqual({ tasks: 2, node_local: 1, rack_local: 0, other: 1, node_local_fraction: 0.5 });
  });

  it('locality_wait 3: j2 declines a-1 until it has waited 3 s, then takes it', () => {
    // a-1 is declined at t = 0 and filtered for 1 s; a filter no longer than the allocation interval
    // still blocks at its expiry (as in Mesos), so a-1 comes back every 2 s: at 0, 2, 4. At 2 j2 has
    // waited 2 s < 3 and declines again; at 4, the first offer after its wait, it takes a-1.
    const { t, metrics } = run(3);
    expect(t.get('f/j2/0')).toMatchObject({ agent: 'a-1', start_time: 4, locality: 'any' });
    expect(metrics.locality!.node_local_fraction).toBe(0.5);
  });

  it('locality_wait 20: j2 waits for a-0, free at t = 10, and runs there', () => {
    // j1 ends at 10, after that instant's allocation run: a-0 is offered at the next run, 11.
    const { t, metrics } = run(20);
    expect(t.get('f/j2/0')).toMatchObject({ agent: 'a-0', start_time: 11, locality: 'node' });
    expect(metrics.locality).toEqual({ tasks: 2, node_local: 2, rack_local: 0, other: 0, node_local_fraction: 1 });
  });

  it('rack level: after locality_wait, a rack-local agent is taken over one elsewhere, even if offered first', () => {
    // a-0 and a-2 share rack r1; a-1 is in r2. j2 prefers a-0, busy with j1 until 10.
    const ags = agents(3, { cpus: 1, mem: 1024 }).map((a, i) => ({ ...a, attributes: { rack: i === 1 ? 'r2' : 'r1' } }));
    const b = buildWorld({
      agents: ags,
      frameworks: [framework('f', '*', [prefer0('j1', 10), prefer0('j2', 5)], { refuseSeconds: 1, localityWait: 2, rackWait: 100 })],
    });
    const { metrics } = runToEnd(b);
    expect(tasksById(b).get('f/j2/0')).toMatchObject({ agent: 'a-2', locality: 'rack' });
    expect(metrics.locality).toMatchObject({ node_local: 1, rack_local: 1, other: 0 });
  });

  it('more jobs, random preferences: a positive wait raises the node-local fraction', () => {
    // 6 agents of 2 cpus; 30 jobs of 4 one-cpu tasks, each task preferring 1 agent of 6, arriving
    // every 2 s, each task running 6 s. Without waiting a task lands on its agent only when that
    // agent is in the batch with room (the most local slot of a batch is taken first).
    const fraction = (localityWait: number) => {
      const pick = (n: number) => [(n * 7 + 3) % 6];
      const jobs: JobSpec[] = Array.from({ length: 30 }, (_, j) => ({
        id: `j${j}`,
        submit: 2 * j,
        gang: false,
        tasks: Array.from({ length: 4 }, (_, k) => ({ resources: SLOT, duration: 6, prefer: pick(j * 4 + k + j) })),
      }));
      const b = buildWorld({
        agents: agents(6, { cpus: 2, mem: 2048 }),
        frameworks: [framework('f', '*', jobs, { refuseSeconds: 1, localityWait })],
      });
      const { metrics } = runToEnd(b);
      expect(metrics.locality!.tasks).toBe(120);
      return metrics.locality!.node_local_fraction!;
    };
    const none = fraction(0);
    const some = fraction(5);
    expect(none).toBeLessThan(0.6);
    expect(some).toBeGreaterThan(0.9);
    expect(some).toBeGreaterThan(none);
  });
});

describe('Marathon-like services', () => {
  // A service of 3 one-cpu instances on four 2-cpu agents. At 10 two agents go (their instances are
  // lost and replaced); at 20 it scales to 4, at 30 down to 1. Latencies are 0.
  const service: JobSpec = { id: 'web', submit: 0, gang: false, service: true, tasks: Array.from({ length: 3 }, () => ({ resources: SLOT, duration: Infinity })) };
  const b = buildWorld({
    agents: agents(4, { cpus: 2, mem: 2048 }),
    frameworks: [framework('marathon', '*', [service])],
    timeline: [
      { at: 10, kind: 'agent-remove', agent: 0 },
      { at: 10, kind: 'agent-remove', agent: 1 },
      { at: 20, kind: 'scale-service', framework: 0, job: 'marathon/web', instances: 4 },
      { at: 30, kind: 'scale-service', framework: 0, job: 'marathon/web', instances: 1 },
    ],
    until: 40,
  });
  const { metrics } = runToEnd(b);
  const rows = b.tasks.records();
  const runningAt = (t: number) => rows.filter((r) => r.start_time !== '' && num(r, 'start_time') <= t && (r.end_time === '' || num(r, 'end_time') > t));

  it('keeps N running: lost instances are replaced as new attempts of their slot', () => {
    const lost = rows.filter((r) => r.state === 'lost');
    expect(lost.length).toBeGreaterThan(0);
    expect(runningAt(9.5)).toHaveLength(3);
    expect(runningAt(15)).toHaveLength(3);
    for (const r of lost) {
      const next = rows.find((x) => x.task_id === r.task_id && x.attempt === num(r, 'attempt') + 1)!;
      expect(next).toBeDefined();
      expect(num(next, 'start_time')).toBeLessThanOrEqual(12);
    }
  });

  it('scales up and down at the scripted times, killing the highest slots through the master', () => {
    expect(runningAt(25)).toHaveLength(4);
    expect(runningAt(35).map((r) => r.task_id)).toEqual(['marathon/web/0']);
    const killed = rows.filter((r) => r.state === 'killed');
    expect(killed.map((r) => r.task_id).sort()).toEqual(['marathon/web/1', 'marathon/web/2', 'marathon/web/3']);
    for (const r of killed) expect(r.end_time).toBe(30);
    expect(metrics.tasks.killed).toBe(3);
    expect(metrics.tasks.running).toBe(1);
    // Task ids with their attempts are unique rows.
    expect(new Set(rows.map((r) => `${r.task_id}#${r.attempt}`)).size).toBe(rows.length);
  });
});

describe('stages never released by the end of a run', () => {
  // One 1-cpu agent; a job of a 10 s map and two reduces after it, and `until: 5`: the reduces are
  // never released. They are still listed, pending since the job's submission, and counted.
  const b = buildWorld({
    agents: agents(1, { cpus: 1, mem: 4096 }),
    frameworks: [framework('mr', '*', [staged('j', 2, [['map', [10], []], ['reduce', [5, 5], ['map']]])])],
    until: 5,
  });
  const { metrics, reason } = runToEnd(b);
  const t = tasksById(b);

  it('lists every task of the job in tasks.csv, the unreleased ones pending with the job submit time', () => {
    expect(reason).toBe('until');
    expect([...t.keys()].sort()).toEqual(['mr/j/0', 'mr/j/1', 'mr/j/2']);
    expect(t.get('mr/j/0')!.state).toBe('running');
    expect([1, 2].map((k) => [t.get(`mr/j/${k}`)!.state, t.get(`mr/j/${k}`)!.submit_time, t.get(`mr/j/${k}`)!.start_time])).toEqual([
      ['pending', 2, ''],
      ['pending', 2, ''],
    ]);
  });

  it('counts them as submitted and pending, and the job as live', () => {
    expect(metrics.tasks.submitted).toBe(3);
    expect(metrics.tasks.pending).toBe(2);
    expect(metrics.tasks.running).toBe(1);
    expect(metrics.tasks.at_end_live).toBe(3);
    expect(metrics.jobs).toEqual({ submitted: 1, completed: 0, unsuccessful: 0 });
  });
});
