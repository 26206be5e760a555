import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import { syntheticJobs } from '../../src/workload/synthetic.js';
import { agents, buildWorld, framework, masterConfig, runToEnd, space } from '../helpers/world.js';

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1; // k = 0
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

/** Mean wait in queue for M/M/c. */
function mmcMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

describe('idealised mode (allocation_interval 0) is an M/M/c queue', () => {
  it.each([
    // Run-to-run spread of the mean over 200k jobs, seen over seeds: about ±2% (c=2), ±3% (c=5).
    { c: 2, lambda: 1.4, mu: 1 },
    { c: 5, lambda: 4, mu: 1 },
  ])('mean wait with c=$c, λ=$lambda, μ=$mu is within 5% of Erlang C', ({ c, lambda, mu }) => {
    const jobs = 200_000;
    const source = syntheticJobs(
      {
        arrival: { process: 'poisson', rate: lambda },
        start: 0,
        jobs,
        tasksPerJob: 1,
        duration: { dist: 'exponential', mean: 1 / mu },
        resources: { cpus: 1 },
        gang: false,
      },
      space,
      randomSource(7),
      'mmc',
    );
    const b = buildWorld({
      agents: agents(c, { cpus: 1 }),
      frameworks: [framework('queue', '*', [], { jobs: source })],
      master: masterConfig({ allocationInterval: 0 }),
    });
    const { metrics, reason } = runToEnd(b, 0);
    expect(reason).toBe('drained');
    expect(metrics.tasks.finished).toBe(jobs);
    const theory = mmcMeanWait(c, lambda, mu);
    expect(Math.abs(metrics.wait_time.mean! - theory) / theory).toBeLessThan(0.05);
  });

  it('the formula itself: M/M/1 reduces to ρ/(μ−λ), and c=2, a=1.4 gives 0.9608', () => {
    expect(mmcMeanWait(1, 0.5, 1)).toBeCloseTo(0.5 / (1 - 0.5), 12);
    expect(mmcMeanWait(2, 1.4, 1)).toBeCloseTo(0.96078, 4);
  });
});
