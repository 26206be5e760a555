/**
 * Queueing theory: in the idealised mode (allocation_interval 0) one framework
 * on c one-cpu agents, with Poisson arrivals of one-task jobs and exponential
 * durations, is an M/M/c queue, whose mean wait is given by Erlang C.
 * The scenario is scenarios/validation/mmc.yaml.
 *
 * @module
 */
import { seedsRow, type CheckRow } from './check.js';
import { runFile } from './run-file.js';

/** Erlang C: the probability that an arrival waits in M/M/c with offered load a = λ/μ (a < c). */
export function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1; // k = 0
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

/** Mean wait in queue for M/M/c: C(c, λ/μ) / (cμ − λ). */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

export interface QueueCase {
  readonly c: number;
  readonly lambda: number;
  /** Service rate (1 / mean task duration). */
  readonly mu: number;
}

/** The cases `npm run validate` checks: M/M/10 at load 0.8, M/M/1 at loads 0.5 and 0.8. */
export const QUEUE_CASES: readonly QueueCase[] = [
  { c: 10, lambda: 8, mu: 1 },
  { c: 1, lambda: 0.5, mu: 1 },
  { c: 1, lambda: 0.8, mu: 1 },
];

export interface QueueOptions {
  readonly cases?: readonly QueueCase[];
  readonly seeds?: readonly number[];
  /** Jobs per run. */
  readonly jobs?: number;
}

/** Mean wait of each seed's run of one case. */
export function mmcWaits(q: QueueCase, seeds: readonly number[], jobs: number): number[] {
  return seeds.map((seed) => {
    const sets = [
      `cluster.agents.0.count=${q.c}`,
      `frameworks.0.workload.synthetic.arrival.rate=${q.lambda}`,
      `frameworks.0.workload.synthetic.duration.mean=${1 / q.mu}`,
      `frameworks.0.workload.synthetic.jobs=${jobs}`,
      `seed=${seed}`,
    ];
    const { summary } = runFile('scenarios/validation/mmc.yaml', sets);
    if (summary.tasks.finished !== jobs) throw new Error(`M/M/${q.c} seed ${seed}: ${summary.tasks.finished} of ${jobs} tasks finished`);
    return summary.wait_time.mean!;
  });
}

/** One row per case: the seeds' mean wait against Erlang C (within the 95 % CI and 3 %). */
export function queueingRows(options: QueueOptions = {}): CheckRow[] {
  const seeds = options.seeds ?? [1, 2, 3, 4, 5];
  const jobs = options.jobs ?? 200_000;
  return (options.cases ?? QUEUE_CASES).map((q) =>
    seedsRow(
      {
        group: 'Queueing theory (idealised mode)',
        check: `M/M/${q.c}, load ${q.lambda / (q.c * q.mu)}: mean wait, ${jobs / 1000}k jobs`,
        source: 'Erlang C formula',
        unit: 's',
      },
      mmcWaits(q, seeds, jobs),
      mmcMeanWait(q.c, q.lambda, q.mu),
      0.03,
    ),
  );
}
