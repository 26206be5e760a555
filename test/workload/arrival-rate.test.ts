import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import type { JobSpec } from '../../src/model/job.js';
import { ResourceSpace } from '../../src/model/resources.js';
import { ArrivalRate, type RateSpec } from '../../src/workload/arrival-rate.js';
import { syntheticJobs, type SyntheticSpec } from '../../src/workload/synthetic.js';

const space = new ResourceSpace(['cpus', 'mem']);

function spec(arrival: RateSpec, overrides: Partial<SyntheticSpec> = {}): SyntheticSpec {
  return {
    arrival: { process: 'poisson', ...arrival },
    start: 0,
    tasksPerJob: { dist: 'uniform', min: 1, max: 4 },
    duration: { dist: 'exponential', mean: 30 },
    resources: { cpus: { dist: 'uniform', min: 0.5, max: 2 }, mem: 256 },
    gang: false,
    ...overrides,
  };
}

function jobs(s: SyntheticSpec, seed: number | string = 1): JobSpec[] {
  const source = syntheticJobs(s, space, randomSource(seed), 'fw');
  const out: JobSpec[] = [];
  for (let j = source.next(); j !== undefined; j = source.next()) out.push(j);
  return out;
}

const count = (times: readonly number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

/** Asserts a Poisson count is within 5 standard errors (sqrt(expected)) of its expectation. */
function expectPoissonCount(observed: number, expected: number): void {
  expect(Math.abs(observed - expected)).toBeLessThan(5 * Math.sqrt(expected));
}

describe('ArrivalRate', () => {
  const diurnal = { amplitude: 0.8, period: 100, phase: 10 };

  it('rate(t) is base × (1 + A sin(2π(t − phase)/period)) × the bursts in force', () => {
    const r = new ArrivalRate({ rate: 2, diurnal, bursts: [{ from: 50, to: 80, multiplier: 3 }, { from: 70, to: 90, multiplier: 0.5 }] });
    expect(r.at(35)).toBeCloseTo(2 * 1.8, 12); // a quarter period after the phase: the peak
    expect(r.at(60)).toBeCloseTo(2 * (1 + 0.8 * Math.sin(Math.PI)) * 3, 12);
    expect(r.at(75)).toBeCloseTo(2 * (1 + 0.8 * Math.sin((2 * Math.PI * 65) / 100)) * 1.5, 12);
    expect(r.at(95)).toBeCloseTo(2 * (1 + 0.8 * Math.sin((2 * Math.PI * 85) / 100)), 12);
  });

  it('a schedule is piecewise constant, 0 before its first step', () => {
    const r = new ArrivalRate({ schedule: [{ from: 10, rate: 1 }, { from: 20, rate: 4 }] });
    expect([r.at(5), r.at(10), r.at(19.9), r.at(20), r.at(1e9)]).toEqual([0, 1, 1, 4, 4]);
  });

  it('integral matches a fine numerical integration, and advance inverts it', () => {
    const r = new ArrivalRate({ schedule: [{ from: 0, rate: 1 }, { from: 130, rate: 0.25 }], diurnal, bursts: [{ from: 40, to: 45, multiplier: 6 }] });
    // Midpoint rule on each smooth piece (between the cuts at 40, 45 and 130), error O(h^2).
    const [a, b] = [3, 307];
    const cuts = [a, 40, 45, 130, b];
    let numeric = 0;
    for (let c = 0; c + 1 < cuts.length; c++) {
      const [lo, hi, steps] = [cuts[c]!, cuts[c + 1]!, 20_000];
      for (let i = 0; i < steps; i++) numeric += (r.at(lo + ((i + 0.5) * (hi - lo)) / steps) * (hi - lo)) / steps;
    }
    expect(r.integral(a, b)).toBeCloseTo(numeric, 4);
    for (const mass of [1e-6, 0.3, 7, 55, 123.4]) {
      const t = r.advance(a, mass);
      expect(r.integral(a, t)).toBeCloseTo(mass, 9);
    }
  });

  it('advance returns Infinity when the rate has no more mass to give', () => {
    const r = new ArrivalRate({ schedule: [{ from: 0, rate: 1 }, { from: 10, rate: 0 }] });
    expect(r.advance(0, 9)).toBeCloseTo(9, 12);
    expect(r.advance(0, 11)).toBe(Infinity);
  });
});

describe('non-homogeneous Poisson arrivals', () => {
  it('a diurnal cycle: counts in each eighth of the cycle match the integrated rate', () => {
    const period = 100;
    const arrival = { rate: 1, diurnal: { amplitude: 0.8, period, phase: 0 } };
    const periods = 1000; // 100,000 expected arrivals in all
    const times = jobs(spec(arrival, { end: periods * period })).map((j) => j.submit);
    const rate = new ArrivalRate(arrival);
    const phaseOf = (t: number) => t % period;
    // High half (sin > 0): per period 50 + 0.8*100/π ≈ 75.46, so 75,465 expected (SE ≈ 275); low half 24,535 (SE ≈ 157).
    const high = times.filter((t) => phaseOf(t) < period / 2).length;
    expectPoissonCount(high, periods * rate.integral(0, period / 2));
    expectPoissonCount(times.length - high, periods * rate.integral(period / 2, period));
    for (let k = 0; k < 8; k++) {
      const [a, b] = [(k * period) / 8, ((k + 1) * period) / 8];
      expectPoissonCount(times.filter((t) => phaseOf(t) >= a && phaseOf(t) < b).length, periods * rate.integral(a, b));
    }
  });

  it('a burst multiplies the count in its window; a schedule sets the rate step by step', () => {
    const arrival = { schedule: [{ from: 0, rate: 2 }, { from: 2000, rate: 0.5 }], bursts: [{ from: 500, to: 700, multiplier: 5 }] };
    const times = jobs(spec(arrival, { end: 4000 })).map((j) => j.submit);
    // Expected: 1000 before the burst (SE 32), 2000 in it (SE 45), 2600 between it and the step (SE 51), 1000 after (SE 32).
    expectPoissonCount(count(times, 0, 500), 1000);
    expectPoissonCount(count(times, 500, 700), 2000);
    expectPoissonCount(count(times, 700, 2000), 2600);
    expectPoissonCount(count(times, 2000, 4000), 1000);
    // Per second, the burst window holds about 5 times the rate around it.
    const inside = count(times, 500, 700) / 200;
    const around = (count(times, 0, 500) + count(times, 700, 2000)) / 1800;
    expect(inside / around).toBeGreaterThan(4.5);
    expect(inside / around).toBeLessThan(5.5);
  });

  it('a cycle and bursts combine: counts in windows match the integrated rate', () => {
    const arrival = { rate: 3, diurnal: { amplitude: 0.5, period: 600, phase: 100 }, bursts: [{ from: 1000, to: 1300, multiplier: 4 }, { from: 1200, to: 1500, multiplier: 0 }] };
    const rate = new ArrivalRate(arrival);
    const times = jobs(spec(arrival, { end: 3000 })).map((j) => j.submit);
    expect(count(times, 1300, 1500)).toBe(0); // multiplier 0: no arrivals at all
    for (const [a, b] of [[0, 300], [300, 1000], [1000, 1200], [1500, 2100], [2100, 3000]] as const) {
      expectPoissonCount(count(times, a, b), rate.integral(a, b));
    }
  });

  it('is deterministic: the same seed gives the same arrivals, another seed others', () => {
    const arrival = { rate: 0.5, diurnal: { amplitude: 1, period: 3600, phase: 0 }, bursts: [{ from: 100, to: 200, multiplier: 10 }] };
    const a = jobs(spec(arrival, { jobs: 500 }));
    expect(jobs(spec(arrival, { jobs: 500 }))).toEqual(a);
    expect(jobs(spec(arrival, { jobs: 500 }), 2).map((j) => j.submit)).not.toEqual(a.map((j) => j.submit));
    for (let i = 1; i < a.length; i++) expect(a[i]!.submit).toBeGreaterThanOrEqual(a[i - 1]!.submit);
  });

  it('changing the arrival rate leaves the other quantities unchanged, and changing a distribution leaves the arrivals', () => {
    const plain = jobs(spec({ rate: 1 }, { jobs: 300 }));
    const cyclic = jobs(spec({ rate: 1, diurnal: { amplitude: 0.9, period: 50, phase: 0 } }, { jobs: 300 }));
    expect(cyclic.map((j) => j.submit)).not.toEqual(plain.map((j) => j.submit));
    const draws = (js: JobSpec[]) => js.map((j) => j.tasks.map((t) => [t.duration, ...t.resources]));
    expect(draws(cyclic)).toEqual(draws(plain));
    const heavy = jobs(spec({ rate: 1, diurnal: { amplitude: 0.9, period: 50, phase: 0 } }, { jobs: 300, duration: { dist: 'pareto', alpha: 1.5, scale: 10 } }));
    expect(heavy.map((j) => j.submit)).toEqual(cyclic.map((j) => j.submit));
    expect(heavy.map((j) => j.tasks.map((t) => [...t.resources]))).toEqual(cyclic.map((j) => j.tasks.map((t) => [...t.resources])));
  });

  it('a schedule that falls to 0 ends the source, even without end', () => {
    const js = jobs(spec({ schedule: [{ from: 0, rate: 1 }, { from: 100, rate: 0 }] }, { jobs: 10_000 }));
    expect(js.length).toBeGreaterThan(50);
    expect(js.length).toBeLessThan(150);
    expect(js.every((j) => j.submit < 100)).toBe(true);
  });

  it('starts at start, whatever the schedule before it', () => {
    const js = jobs(spec({ schedule: [{ from: 0, rate: 5 }] }, { start: 1000, jobs: 10 }));
    expect(js[0]!.submit).toBeGreaterThan(1000);
  });

  it('rejects bad parameters', () => {
    const r = randomSource(1);
    const bad = (arrival: RateSpec) => () => syntheticJobs(spec(arrival, { jobs: 1 }), space, r, 'fw');
    expect(bad({})).toThrow(/exactly one of rate and schedule/);
    expect(bad({ rate: 1, diurnal: { amplitude: 2, period: 1, phase: 0 } })).toThrow(/amplitude/);
    expect(bad({ rate: 1, bursts: [{ from: 5, to: 5, multiplier: 1 }] })).toThrow(/from < to/);
    expect(bad({ schedule: [{ from: 0, rate: 0 }] })).toThrow(/rate > 0/);
  });
});
