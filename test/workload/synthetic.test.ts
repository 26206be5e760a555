import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomSource, type RandomSource } from '../../src/core/random.js';
import type { JobSource, JobSpec } from '../../src/model/job.js';
import { ResourceSpace, toMilli } from '../../src/model/resources.js';
import { sampler } from '../../src/workload/distributions.js';
import { syntheticJobs, type SyntheticSpec } from '../../src/workload/synthetic.js';

const space = new ResourceSpace(['cpus', 'mem', 'gpus']);

function spec(overrides: Partial<SyntheticSpec> = {}): SyntheticSpec {
  return {
    arrival: { process: 'poisson', rate: 2 },
    start: 0,
    jobs: 100,
    tasksPerJob: { dist: 'uniform', min: 1, max: 10 },
    duration: { dist: 'exponential', mean: 30 },
    resources: { cpus: { dist: 'uniform', min: 0.1, max: 2 }, mem: 512 },
    gang: false,
    ...overrides,
  };
}

function take(source: JobSource, max = Infinity): JobSpec[] {
  const out: JobSpec[] = [];
  for (let job = source.next(); job !== undefined && out.length < max; job = source.next()) out.push(job);
  return out;
}

function jobs(s: SyntheticSpec, seed: number | string = 1, prefix = 'fw'): JobSpec[] {
  return take(syntheticJobs(s, space, randomSource(seed), prefix));
}

/** A RandomSource that counts draws per stream name. */
function counting(seed: number): RandomSource & { counts: Map<string, number> } {
  const inner = randomSource(seed);
  const counts = new Map<string, number>();
  return {
    counts,
    stream(name) {
      const r = inner.stream(name);
      counts.set(name, 0);
      return { next: () => (counts.set(name, counts.get(name)! + 1), r.next()) };
    },
  };
}

describe('syntheticJobs: determinism and stream separation', () => {
  it('same seed and names give the same jobs', () => {
    expect(jobs(spec())).toEqual(jobs(spec()));
  });

  it('a different stream prefix or seed gives different jobs', () => {
    const submits = (js: JobSpec[]) => js.map((j) => j.submit);
    expect(submits(jobs(spec(), 1, 'other'))).not.toEqual(submits(jobs(spec())));
    expect(submits(jobs(spec(), 2))).not.toEqual(submits(jobs(spec())));
  });

  it('changing the duration distribution leaves arrivals, task counts and resources unchanged', () => {
    const a = jobs(spec());
    const b = jobs(spec({ duration: { dist: 'lognormal', mean: 100, stddev: 50 } }));
    expect(b.map((j) => j.submit)).toEqual(a.map((j) => j.submit));
    expect(b.map((j) => j.tasks.length)).toEqual(a.map((j) => j.tasks.length));
    expect(b.map((j) => j.tasks.map((t) => [...t.resources]))).toEqual(a.map((j) => j.tasks.map((t) => [...t.resources])));
    expect(b.map((j) => j.tasks[0]!.duration)).not.toEqual(a.map((j) => j.tasks[0]!.duration));
  });

  it('changing the tasks-per-job distribution leaves arrivals unchanged', () => {
    const a = jobs(spec());
    const b = jobs(spec({ tasksPerJob: 3 }));
    expect(b.map((j) => j.submit)).toEqual(a.map((j) => j.submit));
  });

  it('uses the documented stream names', () => {
    const random = counting(1);
    take(syntheticJobs(spec({ jobs: 3 }), space, random, 'fw'));
    expect([...random.counts.keys()].sort()).toEqual(['fw/arrivals', 'fw/duration', 'fw/resources/cpus', 'fw/resources/mem', 'fw/tasks']);
  });

  it('is lazy: one next() draws one arrival, and an unbounded source still works', () => {
    const random = counting(1);
    const source = syntheticJobs(spec({ jobs: undefined }), space, random, 'fw');
    expect(random.counts.get('fw/arrivals')).toBe(0);
    source.next();
    expect(random.counts.get('fw/arrivals')).toBe(1);
    expect(random.counts.get('fw/tasks')).toBe(1);
    expect(take(source, 1000)).toHaveLength(1000);
  });
});

describe('syntheticJobs: arrivals', () => {
  it('Poisson inter-arrival times have mean 1/rate and coefficient of variation 1', () => {
    const rate = 4;
    const n = 100_000;
    const js = jobs(spec({ arrival: { process: 'poisson', rate }, start: 10, jobs: n, tasksPerJob: 1 }));
    expect(js).toHaveLength(n);
    const gaps = js.map((j, i) => j.submit - (i === 0 ? 10 : js[i - 1]!.submit));
    const mean = gaps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (n - 1));
    // Exponential: sd = mean = 1/rate; standard error of the mean = (1/rate)/sqrt(n).
    expect(Math.abs(mean - 1 / rate)).toBeLessThan((5 * (1 / rate)) / Math.sqrt(n));
    // The sample sd of an exponential has standard error about sd*sqrt(2/n) (~0.0045 here).
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.03);
    expect(js[0]!.submit).toBeGreaterThan(10);
  });

  it('constant arrivals start at start and are evenly spaced', () => {
    const js = jobs(spec({ arrival: { process: 'constant', interval: 2.5 }, start: 5, jobs: 4 }));
    expect(js.map((j) => j.submit)).toEqual([5, 7.5, 10, 12.5]);
  });

  it('submit times are non-decreasing (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, rate) => {
        const js = jobs(spec({ arrival: { process: 'poisson', rate }, jobs: 200 }), seed);
        for (let i = 1; i < js.length; i++) expect(js[i]!.submit).toBeGreaterThanOrEqual(js[i - 1]!.submit);
      }),
      { numRuns: 30 },
    );
  });
});

describe('syntheticJobs: limits', () => {
  it('stops after `jobs` jobs, and stays stopped', () => {
    const source = syntheticJobs(spec({ jobs: 5 }), space, randomSource(1), 'fw');
    const js = take(source);
    expect(js.map((j) => j.id)).toEqual(['job-1', 'job-2', 'job-3', 'job-4', 'job-5']);
    expect(source.next()).toBeUndefined();
  });

  it('produces no arrivals after `end` (an arrival exactly at end is kept)', () => {
    const constant = { arrival: { process: 'constant', interval: 10 }, jobs: undefined } as const;
    expect(jobs(spec({ ...constant, end: 35 })).map((j) => j.submit)).toEqual([0, 10, 20, 30]);
    expect(jobs(spec({ ...constant, end: 30 })).map((j) => j.submit)).toEqual([0, 10, 20, 30]);
    const source = syntheticJobs(spec({ ...constant, end: 5 }), space, randomSource(1), 'fw');
    take(source);
    expect(source.next()).toBeUndefined();
  });

  it('Poisson with `end` stops near rate * (end - start) jobs', () => {
    const js = jobs(spec({ arrival: { process: 'poisson', rate: 10 }, start: 100, end: 1100, jobs: undefined, tasksPerJob: 1 }));
    expect(js.every((j) => j.submit > 100 && j.submit <= 1100)).toBe(true);
    // Poisson count with mean 10000 has sd 100.
    expect(Math.abs(js.length - 10_000)).toBeLessThan(500);
  });

  it('whichever of `jobs` and `end` comes first wins', () => {
    const constant = { arrival: { process: 'constant', interval: 1 } } as const;
    expect(jobs(spec({ ...constant, jobs: 3, end: 100 }))).toHaveLength(3);
    expect(jobs(spec({ ...constant, jobs: 100, end: 2 }))).toHaveLength(3);
    expect(jobs(spec({ ...constant, jobs: 0 }))).toHaveLength(0);
  });
});

describe('syntheticJobs: jobs and tasks', () => {
  it('ids use the prefix and count from 1; gang is copied', () => {
    const js = take(syntheticJobs(spec({ jobs: 2, gang: true }), space, randomSource(1), 'fw', 'etl'));
    expect(js.map((j) => j.id)).toEqual(['etl-1', 'etl-2']);
    expect(js.every((j) => j.gang)).toBe(true);
  });

  it('rounds tasks per job to an integer >= 1', () => {
    expect(jobs(spec({ tasksPerJob: 2.5 })).every((j) => j.tasks.length === 3)).toBe(true);
    expect(jobs(spec({ tasksPerJob: 0 })).every((j) => j.tasks.length === 1)).toBe(true);
    expect(jobs(spec({ tasksPerJob: -4 })).every((j) => j.tasks.length === 1)).toBe(true);
    const counts = jobs(spec({ tasksPerJob: { dist: 'uniform', min: -2, max: 4 } })).map((j) => j.tasks.length);
    expect(counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 4)).toBe(true);
    expect(new Set(counts).size).toBeGreaterThan(2);
  });

  it('raises non-positive durations to 0.001 s', () => {
    const js = jobs(spec({ duration: { dist: 'uniform', min: -1, max: 0 } }));
    expect(js.every((j) => j.tasks.every((t) => t.duration === 0.001))).toBe(true);
    expect(jobs(spec({ duration: 0 }))[0]!.tasks[0]!.duration).toBe(0.001);
  });

  it('converts resources to milli-units and shares one Quantities when all are constant', () => {
    const js = jobs(spec({ resources: { cpus: 0.07, mem: { dist: 'constant', value: 128.5 } }, tasksPerJob: 4 }));
    const first = js[0]!.tasks[0]!;
    expect([...first.resources]).toEqual([70, 128_500, 0]);
    for (const j of js) for (const t of j.tasks) expect(t.resources).toBe(first.resources);
    // Durations vary, so TaskSpecs are distinct even though resources are shared.
    expect(js[0]!.tasks[1]).not.toBe(first);
  });

  it('shares one TaskSpec among the tasks of a job when resources and duration are constant', () => {
    const js = jobs(spec({ resources: { cpus: 1 }, duration: 60, tasksPerJob: 5 }));
    const job = js[0]!;
    expect(new Set(job.tasks).size).toBe(1);
    expect(job.tasks[0]).toEqual({ resources: new Float64Array([1000, 0, 0]), duration: 60 });
  });

  it('samples varying resources per task, keeps constant entries, and clamps negatives to 0', () => {
    const js = jobs(spec({ resources: { cpus: { dist: 'uniform', min: -1, max: 1 }, mem: 256 } }));
    const tasks = js.flatMap((j) => j.tasks);
    expect(new Set(tasks.map((t) => t.resources)).size).toBe(tasks.length);
    for (const t of tasks) {
      expect(Number.isInteger(t.resources[0])).toBe(true);
      expect(Object.is(t.resources[0], -0)).toBe(false);
      expect(t.resources[0]).toBeGreaterThanOrEqual(0);
      expect(t.resources[1]).toBe(256_000);
    }
    expect(tasks.some((t) => t.resources[0] === 0)).toBe(true);
    expect(tasks.some((t) => t.resources[0]! > 0)).toBe(true);
  });

  it("keeps a job's varied vectors as rows of one buffer, each drawn as a vector of its own would be", () => {
    const s = spec({ resources: { cpus: { dist: 'uniform', min: 0.5, max: 2.5 }, mem: { dist: 'lognormal', mean: 4096, stddev: 2048 }, gpus: 1 } });
    const js = jobs(s);
    // The same draws made afresh: one stream per resource, task after task.
    const random = randomSource(1);
    const cpus = sampler(s.resources.cpus!, random.stream('fw/resources/cpus'));
    const mem = sampler(s.resources.mem!, random.stream('fw/resources/mem'));
    const many = js.filter((j) => j.tasks.length > 1);
    expect(many.length).toBeGreaterThan(50);
    for (const job of js) {
      const buffer = job.tasks[0]!.resources.buffer;
      job.tasks.forEach((t, i) => {
        expect(t.resources.buffer).toBe(buffer);
        expect(t.resources.byteOffset).toBe(i * 3 * 8);
        expect(Array.from(t.resources)).toEqual([Math.max(0, toMilli(cpus.sample())), Math.max(0, toMilli(mem.sample())), 1000]);
      });
    }
  });

  it('rejects unknown resources and bad arrival parameters', () => {
    const r = randomSource(1);
    expect(() => syntheticJobs(spec({ resources: { disk: 1 } }), space, r, 'fw')).toThrow(/unknown resource 'disk'/);
    expect(() => syntheticJobs(spec({ arrival: { process: 'poisson', rate: 0 } }), space, r, 'fw')).toThrow(/rate/);
    expect(() => syntheticJobs(spec({ arrival: { process: 'constant', interval: -1 } }), space, r, 'fw')).toThrow(/interval/);
  });
});
