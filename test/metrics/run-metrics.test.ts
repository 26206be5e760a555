/**
 * The run's summary figures of issue 6 worked out by hand on tiny scenarios:
 * the measurement window, dominant shares and Jain's index, queues, offers'
 * locked and unused resource-seconds, makespan and throughput.
 */
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { dominantShare, jainIndex } from '../../src/metrics/shares.js';

function run(lines: string[]) {
  const t = { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), shares: new MemoryTable(), queues: new MemoryTable() };
  const summary = runScenario(parseScenario(lines.join('\n'), 'x.yaml'), t, { wallClock: false, verifyEvery: 1 });
  return { summary, ...t };
}

// One 2-cpu agent; batch decisions every second (default), no latency.
const base = (workload: string[], extra: string[] = []) => [
  'name: m',
  'cluster: { agents: [{ count: 1, resources: { cpus: 2, mem: 2048 } }] }',
  ...extra,
  'frameworks:',
  ...workload,
];

describe("Jain's index and dominant shares", () => {
  it('computes the textbook values', () => {
    expect(jainIndex([1, 1, 1])).toBe(1);
    expect(jainIndex([1, 0])).toBe(0.5);
    expect(jainIndex([3, 1])).toBeCloseTo(16 / 20, 12);
    expect(jainIndex([0, 0])).toBeNull();
    const total = Float64Array.from([2000, 2048000]);
    expect(dominantShare(Float64Array.from([1000, 256000]), total)).toBe(0.5);
    expect(dominantShare(Float64Array.from([0, 2048000]), Float64Array.from([0, 2048000]))).toBe(1); // a resource the cluster lacks is skipped
  });

  it('two frameworks with one 1-cpu task each hold half the cluster each: J = 1; a lone holder beside a waiting framework: J = 1/2', () => {
    const fair = run(base([
      '  - { name: a, role: a, workload: { jobs: [{ submit: 0, tasks: 1, resources: { cpus: 1, mem: 64 }, duration: 100 }] } }',
      '  - { name: b, role: b, workload: { jobs: [{ submit: 0, tasks: 1, resources: { cpus: 1, mem: 64 }, duration: 100 }] } }',
    ], ['metrics: { sample_interval: 10, warmup: 10, window: 50 }']));
    expect(fair.summary.fairness.jain_mean).toBe(1);
    expect(fair.summary.fairness.jain_of_means).toBe(1);
    expect(fair.summary.fairness.dominant_share_mean.frameworks).toEqual({ a: 0.5, b: 0.5 });
    expect(fair.summary.fairness.samples).toBe(6); // t = 10, 20, ..., 60
    const rows = fair.shares.records().filter((r) => r.time === 30);
    expect(rows).toEqual([
      { time: 30, kind: 'framework', name: 'a', dominant_share: 0.5 },
      { time: 30, kind: 'framework', name: 'b', dominant_share: 0.5 },
      { time: 30, kind: 'role', name: 'a', dominant_share: 0.5 },
      { time: 30, kind: 'role', name: 'b', dominant_share: 0.5 },
    ]);
    const hog = run(base([
      '  - { name: a, workload: { jobs: [{ submit: 0, tasks: 2, resources: { cpus: 1, mem: 64 }, duration: 100 }] } }',
      '  - { name: b, register_at: 5, workload: { jobs: [{ submit: 5, tasks: 1, resources: { cpus: 1, mem: 64 }, duration: 10 }] } }',
    ], ['metrics: { sample_interval: 10, warmup: 10, window: 50 }']));
    // a holds both cpus until 100; b waits: weighted shares [1, 0].
    expect(hog.summary.fairness.jain_mean).toBe(0.5);
    expect(hog.summary.fairness.jain_of_means).toBe(0.5);
    expect(hog.summary.queues.max_pending).toEqual({ a: 0, b: 1 });
    expect(hog.summary.queues.mean_running).toEqual({ a: 2, b: 0 });
  });
});

describe('the measurement window', () => {
  it('utilization, waits and completions cover only [warmup, warmup + window]', () => {
    const lines = (metrics: string) => base(['  - { name: a, workload: { jobs: [{ submit: 0, tasks: 2, resources: { cpus: 1, mem: 64 }, duration: 20 }, { submit: 30, tasks: 2, resources: { cpus: 1, mem: 64 }, duration: 20 }] } }'], [metrics]);
    const whole = run(lines('metrics: { sample_interval: 10 }'));
    // Tasks run [0, 20] and [30, 50] (a subscription and a revive trigger runs at once): 40 of the 50 s busy.
    expect(whole.summary.window).toEqual({ from: 0, to: 50 });
    expect(whole.summary.utilization.cpus!.allocated_mean).toBeCloseTo(40 / 50, 12);
    expect(whole.summary.wait_time.count).toBe(4);
    const late = run(lines('metrics: { sample_interval: 10, warmup: 25, window: 20 }'));
    // [25, 45]: busy from 30 to 45, 15 of 20 s; only the second job's tasks start in it; no job completes in it.
    expect(late.summary.window).toEqual({ from: 25, to: 45 });
    expect(late.summary.utilization.cpus!.allocated_mean).toBeCloseTo(15 / 20, 12);
    expect(late.summary.wait_time.count).toBe(2);
    expect(late.summary.job_completion_time.count).toBe(0);
    expect(late.summary.throughput).toEqual({ tasks_per_hour: 0, jobs_per_hour: 0 });
    // Counts of tasks are the whole run's, as in tasks.csv.
    expect(late.summary.tasks.finished).toBe(4);
    expect(whole.summary.makespan).toBe(50);
    expect(whole.summary.throughput.tasks_per_hour).toBeCloseTo((4 / 50) * 3600, 9);
  });
});

describe("offers' locked and unused resource-seconds", () => {
  it('an offer of 2 cpus held 3 s by a framework deciding, accepted for a 1-cpu task: 6 cpu-seconds locked, 3 unused', () => {
    const r = run(base(['  - { name: a, decision_time: { per_job: 3 }, refuse_seconds: 1000, workload: { jobs: [{ submit: 0, tasks: 1, resources: { cpus: 1, mem: 1024 }, duration: 10 }] } }']));
    expect(r.summary.offers.made).toBe(1);
    expect(r.summary.offers.locked_resource_seconds.cpus).toBeCloseTo(6, 9);
    expect(r.summary.offers.unused_resource_seconds.cpus).toBeCloseTo(3, 9);
    expect(r.summary.offers.unused_resource_seconds.mem).toBeCloseTo(3 * 1024, 6);
  });
});

describe('slowdown and bounded slowdown (jobs.csv)', () => {
  it('a 4 s job stuck behind a 40 s one: completion 45 s, slowdown 45/4, bounded 45/10', () => {
    const jobs = new MemoryTable();
    const text = base(['  - { name: a, workload: { jobs: [{ submit: 0, tasks: 1, resources: { cpus: 1, mem: 64 }, duration: 40 }, { submit: 0, tasks: 1, resources: { cpus: 1, mem: 64 }, duration: 4 }] } }'])
      .join('\n')
      .replace('cpus: 2, mem: 2048', 'cpus: 1, mem: 2048');
    const summary = runScenario(parseScenario(text, 'x.yaml'), { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), jobs }, { wallClock: false });
    // The 40 s job runs [0, 40]; the agent's cpu comes back at the next batch run, t = 41.
    expect(jobs.records()).toEqual([
      { job_id: 'a/job-1', framework: 'a', submit_time: 0, start_time: 0, end_time: 40, state: 'completed', completion_time: 40, slowdown: 1, bounded_slowdown: 1 },
      { job_id: 'a/job-2', framework: 'a', submit_time: 0, start_time: 41, end_time: 45, state: 'completed', completion_time: 45, slowdown: 45 / 4, bounded_slowdown: 45 / 10 },
    ]);
    expect(summary.slowdown.max).toBe(45 / 4);
    expect(summary.bounded_slowdown.mean).toBeCloseTo((1 + 4.5) / 2, 12);
  });
});

describe('used resources, where usage is modelled', () => {
  const scenario = (mode: string) =>
    [
      'name: u',
      'cluster: { agents: [{ count: 1, resources: { cpus: 4, mem: 4096 } }] }',
      `faults: { isolation: { mode: ${mode} } }`,
      'frameworks:',
      '  - { name: a, usage: { cpus: 2, mem: 0.5 }, workload: { jobs: [{ submit: 0, tasks: 2, resources: { cpus: 1, mem: 1024 }, duration: 10 }] } }',
    ].join('\n');
  const runIt = (mode: string) => {
    const utilization = new MemoryTable();
    const summary = runScenario(parseScenario(scenario(mode), 'u.yaml'), { tasks: new MemoryTable(), offers: new MemoryTable(), utilization }, { wallClock: false, verifyEvery: 1 });
    return { summary, utilization };
  };

  it('under enforce, a task wanting 2 cpus uses its 1 (CFS quota) and runs 20 s; memory used is half the request', () => {
    const { summary, utilization } = runIt('enforce');
    // Two tasks of 1 cpu each, throttled to half speed: both run [0, 20]; the run ends at 20.
    expect(summary.simulated.end).toBe(20);
    expect(summary.utilization.cpus!.allocated_mean).toBeCloseTo(2 / 4, 12);
    expect(summary.utilization.cpus!.used_mean).toBeCloseTo(2 / 4, 12);
    expect(summary.utilization.mem!.used_mean).toBeCloseTo(1024 / 4096, 12);
    expect(utilization.columns).toEqual(['time', 'resource', 'allocated', 'total', 'offered', 'used']);
  });

  it('with no isolation the two tasks take all 4 cpus and run at full speed, 10 s', () => {
    const { summary } = runIt('none');
    expect(summary.simulated.end).toBe(10);
    expect(summary.utilization.cpus!.used_mean).toBeCloseTo(4 / 4, 12);
    expect(summary.utilization.cpus!.allocated_mean).toBeCloseTo(2 / 4, 12);
  });

  it('is not reported when usage is not modelled', () => {
    const summary = runScenario(parseScenario(scenario('enforce').replace(/faults:.*\n/, '').replace('usage: { cpus: 2, mem: 0.5 }, ', ''), 'u.yaml'), { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable() }, { wallClock: false });
    expect(summary.utilization.cpus).not.toHaveProperty('used_mean');
  });
});
