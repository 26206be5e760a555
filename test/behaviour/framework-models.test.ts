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
