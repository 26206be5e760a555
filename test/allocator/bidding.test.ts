import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..');
const example = readFileSync(join(root, 'scenarios', 'two-pool-example.yaml'), 'utf8');

/** Runs scenario text and returns task rows keyed by job name. */
function run(text: string, sets: string[] = []) {
  const tasks = new MemoryTable();
  const summary = runScenario(parseScenario(text, 'x.yaml', sets), { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { verifyEvery: 1 });
  const byJob = Object.fromEntries(tasks.records().map((r) => [String(r.job_id).split('/')[1], r]));
  return { summary, byJob };
}

describe('the two-pool worked example (seed document, section 4.3)', () => {
  it('places T1 in R1 with 5 CPUs and T2 in R2 with 3 CPUs', () => {
    const { byJob } = run(example);
    expect(byJob.T1).toMatchObject({ pool: 'R1', cpus: 5, state: 'finished', start_time: 0 });
    expect(byJob.T2).toMatchObject({ pool: 'R2', cpus: 3, state: 'finished', start_time: 0 });
  });

  it('follows the general rule, not the example: with the priorities swapped, T2 is served first and takes R1', () => {
    // T2 (now P=1) ties between the empty pools and takes R1; T1 (P=2) then sees 2/(10−3−5)=1 in R1
    // against 2/(10−5)=0.4 in R2.
    const { byJob } = run(example, ['frameworks.0.workload.jobs.0.priority=2', 'frameworks.0.workload.jobs.1.priority=1']);
    expect(byJob.T2!.pool).toBe('R1');
    expect(byJob.T1!.pool).toBe('R2');
  });

  it('breaks a priority tie by the higher unit bid (lower b = R/B)', () => {
    // Both P=1: T2 offers 15/3 = 5 per CPU, T1 10/5 = 2, so T2 goes first and takes R1.
    const { byJob } = run(example, ['frameworks.0.workload.jobs.1.priority=1']);
    expect(byJob.T2!.pool).toBe('R1');
    expect(byJob.T1!.pool).toBe('R2');
  });

  it('prefers the higher-priority pool on a price tie', () => {
    const { byJob } = run(example, ['pools.R2.priority=5']);
    expect(byJob.T1!.pool).toBe('R2');
    expect(byJob.T2!.pool).toBe('R1');
  });

  it('keeps a pool within its capacity: a 3-CPU pool cannot take a 5-CPU task, even on a bigger agent', () => {
    const { byJob } = run(example, ['pools.R1.capacity.cpus=3']);
    expect(byJob.T1!.pool).toBe('R2');
    // T2 then fits R1 exactly (3 of 3): p = 2/0 is infinite, R2 gives 2/(10−5−3) = 1, so R2 again.
    expect(byJob.T2!.pool).toBe('R2');
  });

  it('honours a job restricted to one pool', () => {
    const { byJob } = run(example, ['frameworks.0.workload.jobs.0.pool=R2']);
    expect(byJob.T1!.pool).toBe('R2');
    // T2 then sees R1 empty (2/7) and R2 half full (2/2): R1.
    expect(byJob.T2!.pool).toBe('R1');
  });
});

describe('the bidding allocator on scenarios without what it needs', () => {
  it('stops with a clear error when the scenario has no pools', () => {
    const quick = readFileSync(join(root, 'scenarios', 'quickstart.yaml'), 'utf8');
    expect(() => run(quick, ['master.allocator=bidding'])).toThrow(/allocator 'bidding' needs resource pools/);
  });

  it('rejects an agent group or job naming an unknown pool', () => {
    expect(() => run(example, ['cluster.agents.0.pool=R9'])).toThrow(/--set cluster\.agents\.0\.pool: unknown pool 'R9' \(expected a pool declared under pools: R1, R2\)/);
  });
});

/** Two 10-CPU pools, one 10-CPU agent each, and the given jobs of framework 'apps' (YAML flow mappings). */
function market(jobs: string[], opts: { reserve?: number; framework?: string; master?: string; pools?: string } = {}): string {
  return [
    'name: market',
    'until: drained',
    'stall_timeout: 100',
    'pools:',
    opts.pools ?? '  R1: { capacity: { cpus: 10 } }\n  R2: { capacity: { cpus: 10 } }',
    'cluster:',
    '  agents:',
    '    - { name: r1, resources: { cpus: 10, mem: 16384 }, pool: R1 }',
    '    - { name: r2, resources: { cpus: 10, mem: 16384 }, pool: R2 }',
    `master: { allocator: bidding, allocator_options: { reserve_price: ${opts.reserve ?? 1} }${opts.master ?? ''} }`,
    'frameworks:',
    '  - name: apps',
    ...(opts.framework !== undefined ? [`    ${opts.framework}`] : []),
    '    workload:',
    '      jobs:',
    ...jobs.map((j) => `        - ${j}`),
  ].join('\n');
}

describe('Limited-Price bidding: posted prices, payments and limits', () => {
  it('refuses a scenario in which no job bids, naming what is missing', () => {
    expect(() => run(market(['{ submit: 0, name: a, resources: { cpus: 5, mem: 1 }, duration: 10 }']))).toThrow(
      /allocator 'bidding' needs bids, and no job of the scenario bids/,
    );
  });

  it('a winner pays the posted price π = reserve × C/(C − U) per CPU, which rises as the pool fills', () => {
    // Both pinned to R1. The first (priority 1) finds R1 empty: π = 1 × 10/10 = 1, pays 1 × 5 = 5.
    // The second then sees U = 5: π = 10/(10 − 5) = 2, pays 2 × 4 = 8.
    const { byJob, summary } = run(
      market([
        '{ submit: 0, name: a, resources: { cpus: 5, mem: 1 }, duration: 10, bid: 100, priority: 1, pool: R1 }',
        '{ submit: 0, name: b, resources: { cpus: 4, mem: 1 }, duration: 10, bid: 100, priority: 2, pool: R1 }',
      ]),
    );
    expect(byJob.a!.paid).toBe(5);
    expect(byJob.b!.paid).toBe(8);
    expect(summary.payments).toEqual({ total: 13, by_framework: { apps: 13 } });
  });

  it('the worked example pays 5 for T1 and 3 for T2: both pools are empty when they are placed', () => {
    const { byJob, summary } = run(example);
    expect(byJob.T1!.paid).toBe(5);
    expect(byJob.T2!.paid).toBe(3);
    expect(summary.payments.total).toBe(8);
  });

  it('a bid is a price ceiling: a task whose unit bid is below the posted price waits for a cheaper pool', () => {
    // 'a' fills R1 to 5 (π there becomes 2). 'b' bids 4.5 for 3 CPUs = 1.5 per CPU: R1 is too
    // dear, so it goes to R2 (π = 1). 'c', pinned to R1 with the same bid, must wait until 'a'
    // ends and R1 is cheap again (π = 1: it pays 3).
    const { byJob } = run(
      market([
        '{ submit: 0, name: a, resources: { cpus: 5, mem: 1 }, duration: 10, bid: 100, priority: 1, pool: R1 }',
        '{ submit: 0, name: b, resources: { cpus: 3, mem: 1 }, duration: 10, bid: 4.5, priority: 2 }',
        '{ submit: 0, name: c, resources: { cpus: 3, mem: 1 }, duration: 10, bid: 4.5, priority: 2, pool: R1 }',
      ]),
    );
    expect(byJob.b!.pool).toBe('R2');
    expect(byJob.b!.start_time).toBe(0);
    expect(byJob.c!.pool).toBe('R1');
    expect(Number(byJob.c!.start_time)).toBeGreaterThanOrEqual(10);
    expect(byJob.c!.paid).toBe(3);
  });

  it("a framework's max_price caps what it pays per unit, whatever it bids", () => {
    const { byJob } = run(
      market(['{ submit: 0, name: a, resources: { cpus: 5, mem: 1 }, duration: 10, bid: 100 }'], { framework: 'max_price: 0.5' }),
    );
    expect(byJob.a!.state).toBe('pending');
  });

  it("a framework's budget limits what it spends over the run", () => {
    // Budget 7: 'a' pays 5; 'b' would pay 3 more (8 > 7) and never runs.
    const { byJob, summary } = run(
      market(
        [
          '{ submit: 0, name: a, resources: { cpus: 5, mem: 1 }, duration: 10, bid: 100, priority: 1 }',
          '{ submit: 0, name: b, resources: { cpus: 3, mem: 1 }, duration: 10, bid: 100, priority: 2 }',
        ],
        { framework: 'budget: 7' },
      ),
    );
    expect(byJob.a!.paid).toBe(5);
    expect(byJob.b!.state).toBe('pending');
    expect(summary.payments.total).toBe(5);
  });

  it('with reserve_price 0 nothing is priced and bids only order the requests', () => {
    const { summary, byJob } = run(market(['{ submit: 0, name: a, resources: { cpus: 5, mem: 1 }, duration: 10, bid: 0.01 }'], { reserve: 0 }));
    expect(byJob.a!.state).toBe('finished');
    expect(summary.payments.total).toBe(0);
  });

  it('grants a gang job all or nothing: 3 × 4 CPUs never half-start in 10-CPU pools; 3 × 3 start together', () => {
    const gang = (cpus: number) => `{ submit: 0, name: g, tasks: 3, gang: true, resources: { cpus: ${cpus}, mem: 1 }, duration: 10, bid: 100 }`;
    const rows = (cpus: number) => {
      const tasks = new MemoryTable();
      const table = { tasks, offers: new MemoryTable(), utilization: new MemoryTable() };
      runScenario(parseScenario(market([gang(cpus)]), 'x.yaml'), table, { verifyEvery: 1 });
      return tasks.records();
    };
    // 12 CPUs fit no pool: without all-or-nothing, two tasks would start in one pool.
    expect(rows(4).every((r) => r.state === 'pending')).toBe(true);
    const together = rows(3);
    expect(together.length).toBe(3);
    expect(together.every((r) => r.start_time === 0 && r.pool === 'R1')).toBe(true);
  });

  it('reacts to new demand at once, not at the next allocation tick', () => {
    const { byJob } = run(
      market(['{ submit: 5.5, name: a, resources: { cpus: 1, mem: 1 }, duration: 10, bid: 10 }'], {
        master: ', allocation_interval: 100',
        framework: 'suppress_when_idle: false',
      }),
    );
    expect(byJob.a!.start_time).toBe(5.5);
  });
});
