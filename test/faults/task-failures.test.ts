import { describe, expect, it } from 'vitest';
import type { FailureModel, TaskClass, TaskFaultsSpec } from '../../src/faults/task/task-class.js';
import type { RetryPolicy } from '../../src/framework/retry.js';
import type { JobSpec } from '../../src/model/job.js';
import { expectNoLeaks } from '../helpers/leaks.js';
import { agents, buildWorld, framework, job, masterConfig, runToEnd, type Built } from '../helpers/world.js';

/** One framework `f` on one big agent, idealised (tasks start as they arrive). */
function world(failures: FailureModel, jobs: JobSpec[], options: { retry?: RetryPolicy; isolation?: TaskFaultsSpec['isolation']; cls?: TaskClass; seed?: number } = {}): Built {
  return buildWorld(
    {
      master: masterConfig({ allocationInterval: 0 }),
      agents: agents(1, { cpus: 4000, mem: 4_000_000 }),
      frameworks: [framework('f', '*', jobs, options.retry !== undefined ? { retry: options.retry } : {})],
      taskFaults: { isolation: options.isolation, frameworks: [{ failures, ...options.cls }], failures: true },
    },
    'drf',
    options.seed ?? 1,
  );
}

const failedRows = (b: Built) => b.tasks.records().filter((r) => r.state === 'failed');
const runTime = (r: Record<string, unknown>) => (r.end_time as number) - (r.start_time as number);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('task failures: probability', () => {
  it('fails each attempt with probability p, at a point drawn uniformly within its duration', () => {
    const n = 2000;
    const b = world({ probability: 0.5, rate: 0 }, [job('j', 0, n, { cpus: 1, mem: 1 }, 10)]);
    const end = runToEnd(b);
    const failed = failedRows(b);
    // Binomial(2000, 0.5): standard error sqrt(0.25 / 2000) = 0.0112; allow 3 of them.
    expect(Math.abs(failed.length / n - 0.5)).toBeLessThan(3 * 0.0112);
    // Uniform on [0, 10): mean 5, standard deviation 10 / sqrt(12) = 2.89; standard error about 2.89 / sqrt(1000) = 0.091.
    expect(Math.abs(mean(failed.map(runTime)) - 5)).toBeLessThan(3 * 0.092);
    expect(Math.max(...failed.map(runTime))).toBeLessThan(10);
    expect(b.tasks.records().filter((r) => r.state === 'finished').map(runTime).every((t) => t === 10)).toBe(true);
    // One task-failed row per failed attempt, with its running time and cause.
    const events = b.events.records();
    expect(events).toHaveLength(failed.length);
    expect(events.every((e) => e.kind === 'task-failed' && e.detail === 'probability')).toBe(true);
    expect(events.map((e) => e.value)).toEqual(failed.map(runTime));
    expectNoLeaks(b, end);
  });

  it('does not apply to tasks without an end (probability is over a duration)', () => {
    const b = buildWorld({
      master: masterConfig({ allocationInterval: 0 }),
      agents: agents(1, { cpus: 100, mem: 100_000 }),
      frameworks: [framework('f', '*', [job('j', 0, 50, { cpus: 1, mem: 1 }, Infinity)])],
      taskFaults: { frameworks: [{ failures: { probability: 1, rate: 0 } }], failures: true },
      until: 1000,
    });
    runToEnd(b);
    expect(b.events.records()).toEqual([]);
  });
});

describe('task failures: rate', () => {
  it('gives an exponential time to failure: a task without an end fails after 1/rate s on average', () => {
    const n = 1000;
    const b = world({ probability: 0, rate: 0.02 }, [job('j', 0, n, { cpus: 1, mem: 1 }, Infinity)]);
    const end = runToEnd(b);
    const failed = failedRows(b);
    expect(failed).toHaveLength(n);
    // Exponential with mean 50: standard error 50 / sqrt(1000) = 1.58.
    expect(Math.abs(mean(failed.map(runTime)) - 50)).toBeLessThan(3 * 1.6);
    expect(b.events.records().every((e) => e.detail === 'rate')).toBe(true);
    expectNoLeaks(b, end);
  });

  it('fails a 20 s task with probability 1 - exp(-0.4) = 0.330 at rate 0.02', () => {
    const n = 2000;
    const b = world({ probability: 0, rate: 0.02 }, [job('j', 0, n, { cpus: 1, mem: 1 }, 20)]);
    runToEnd(b);
    const p = 1 - Math.exp(-0.4);
    expect(Math.abs(failedRows(b).length / n - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe('task failures and the retry policy', () => {
  it('on: [failed] with limit 3 gives at most 4 attempts, resubmitted after 2, 4 and 8 s', () => {
    const retry: RetryPolicy = { on: new Set(['failed']), limit: 3, backoff: 2, backoffFactor: 2, backoffMax: 300 };
    const b = world({ probability: 1, rate: 0 }, [job('j', 0, 1, { cpus: 1, mem: 1 }, 10)], { retry });
    const end = runToEnd(b);
    const rows = b.tasks.records();
    expect(rows.map((r) => [r.attempt, r.state])).toEqual([0, 1, 2, 3].map((k) => [k, 'failed']));
    const gaps = rows.slice(1).map((r, k) => (r.submit_time as number) - (rows[k]!.end_time as number));
    expect(gaps).toEqual([2, 4, 8]);
    expect(end.metrics.tasks.resubmitted).toBe(3);
    expect(end.metrics.jobs).toEqual({ submitted: 1, completed: 0, unsuccessful: 1 });
    expectNoLeaks(b, end);
  });

  it('by default (on: [preempted, lost]) a failed task is not retried', () => {
    const b = world({ probability: 1, rate: 0 }, [job('j', 0, 3, { cpus: 1, mem: 1 }, 10)]);
    const end = runToEnd(b);
    expect(b.tasks.records().map((r) => r.state)).toEqual(['failed', 'failed', 'failed']);
    expect(end.metrics.tasks.resubmitted).toBe(0);
  });

  it('a retried task that fails with probability 1/2 finishes within its limit as often as 1 - 1/2^(limit+1)', () => {
    const retry: RetryPolicy = { on: new Set(['failed']), limit: 2, backoff: 0, backoffFactor: 2, backoffMax: 300 };
    const n = 1000;
    const b = world({ probability: 0.5, rate: 0 }, [job('j', 0, n, { cpus: 1, mem: 1 }, 10)], { retry });
    const end = runToEnd(b);
    const finished = b.tasks.records().filter((r) => r.state === 'finished').length;
    const p = 1 - 0.5 ** 3;
    expect(Math.abs(finished / n - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n));
    expect(end.metrics.jobs.unsuccessful).toBe(1); // the one job has tasks that failed for good
    expectNoLeaks(b, end);
  });
});

describe('task failures: classes and determinism', () => {
  it("a job's own failures replace its framework's", () => {
    const jobs = [{ ...job('safe', 0, 20, { cpus: 1, mem: 1 }, 10), faults: { failures: { probability: 0, rate: 0 } } }, job('risky', 0, 20, { cpus: 1, mem: 1 }, 10)];
    const b = world({ probability: 1, rate: 0 }, jobs);
    runToEnd(b);
    const byJob = (id: string) => b.tasks.records().filter((r) => r.job_id === id).map((r) => r.state);
    expect(new Set(byJob('f/safe'))).toEqual(new Set(['finished']));
    expect(new Set(byJob('f/risky'))).toEqual(new Set(['failed']));
  });

  it('the same seed gives the same failures, and another framework with failures of its own does not move them', () => {
    const jobs = () => [job('j', 0, 200, { cpus: 1, mem: 1 }, 10)];
    const run = (seed: number, withOther: boolean) => {
      const frameworks = [framework('f', '*', jobs())];
      const classes: TaskClass[] = [{ failures: { probability: 0.3, rate: 0.01 } }];
      if (withOther) {
        frameworks.unshift(framework('g', '*', [job('k', 0, 300, { cpus: 1, mem: 1 }, 5)]));
        classes.unshift({ failures: { probability: 0.6, rate: 0 } });
      }
      const b = buildWorld(
        {
          master: masterConfig({ allocationInterval: 0 }),
          agents: agents(1, { cpus: 1000, mem: 100_000 }),
          frameworks,
          taskFaults: { frameworks: classes, failures: true },
        },
        'drf',
        seed,
      );
      const end = runToEnd(b);
      expectNoLeaks(b, end);
      return b.events.records().filter((e) => e.framework === 'f');
    };
    const alone = run(5, false);
    expect(alone.length).toBeGreaterThan(40);
    expect(run(5, false)).toEqual(alone);
    expect(run(5, true)).toEqual(alone);
    expect(run(6, false)).not.toEqual(alone);
  });

  it('a failure point is in seconds of work: a task slowed to half speed fails twice as late', () => {
    const jobs = () => [job('j', 0, 200, { cpus: 1, mem: 1 }, 10)];
    const failures = { probability: 0.5, rate: 0 };
    const plain = world(failures, jobs());
    runToEnd(plain);
    // Each task alone on a 1-cpu agent, wanting 2 cpus: speed 1/2 throughout.
    const slowed = buildWorld({
      master: masterConfig({ allocationInterval: 0 }),
      agents: agents(200, { cpus: 1, mem: 1000 }),
      frameworks: [framework('f', '*', jobs())],
      taskFaults: { isolation: 'none', frameworks: [{ failures, usage: { cpus: 2 } }], failures: true },
    });
    const end = runToEnd(slowed);
    const times = (b: Built) => failedRows(b).map((r) => [r.task_id, runTime(r)] as const);
    expect(times(slowed).map(([id, t]) => [id, t / 2])).toEqual(times(plain).map(([id, t]) => [id, expect.closeTo(t, 9)]));
    expectNoLeaks(slowed, end);
  });
});
