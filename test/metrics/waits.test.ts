/**
 * Every second of every wait attributed (src/metrics/waits.ts): in random
 * worlds with every feature on at once (agent failures, partitions,
 * maintenance with drains, task failures with retries and back-off, pools
 * with preemption or quota with a reservation, gang jobs, stages, a scripted
 * suppress and revive, message latencies), each waits.csv row's causes are
 * non-negative and add up to its wait, and the wait is the attempt's own:
 * start (or end, or the end of the run) − submit, plus the time before it was
 * queued (stage parents, retry back-off). summary.json's totals are the
 * rows' sums.
 *
 * Cost: WAITS_RUNS worlds (12 under npm test, 150 under SOAK=1), each a
 * small run of a few thousand events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryTable, nullTable } from '../../src/metrics/sinks.js';
import { WAIT_CAUSES } from '../../src/metrics/wait-causes.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { intFromEnv, runs } from '../helpers/property.js';

const RUNS = intFromEnv('WAITS_RUNS', runs(12, 150));

interface Drawn {
  seed: number;
  pools: boolean;
  interval: number;
  refuse: number;
  agents: number;
  rate: number;
  cpus: number;
  gang: number;
  failure: number;
  backoff: number;
  suppressAt: number;
}

/** A scenario with every feature, from drawn figures. */
function scenarioText(d: Drawn): string {
  const policy = d.pools
    ? `pools:\n  hi: { capacity: { cpus: 16 }, priority: 10 }\n  lo: { capacity: { cpus: 8 }, priority: 1 }\nmaster:\n  allocator: pools\n  allocation_interval: ${d.interval}\n`
    : `roles:\n  batch:\n    quota: { limit: { cpus: 10 } }\nmaster:\n  allocator: drf\n  allocation_interval: ${d.interval}\n  refuse_seconds: ${d.refuse}\n`;
  const pool = (p: string) => (d.pools ? `, pool: ${p}` : '');
  return `name: waits-property
seed: ${d.seed}
until: 900
cluster:
  agents:
    - { name: r1, count: ${d.agents}, resources: { cpus: 4, mem: 8192 }, attributes: { rack: r1 }${pool('hi')} }
    - { name: r2, count: ${d.agents}, resources: { cpus: 4, mem: 8192 }, attributes: { rack: r2 }${pool('lo')} }
${policy}  latency:
    master_to_framework: { dist: exponential, mean: 0.01 }
    framework_to_master: 0.02
    master_to_agent: 0.01
    agent_to_master: 0.01
frameworks:
  - name: batch
    ${d.pools ? 'pool: lo' : 'role: batch'}
    failures: { probability: ${d.failure} }
    retry: { on: [preempted, lost, drained, failed], limit: 3, backoff: ${d.backoff} }
    maintenance: { inverse_offers: accept, avoid: true, migrate: true }
    workload:
      synthetic:
        arrival: { process: poisson, rate: ${d.rate} }
        end: 700
        tasks_per_job: { dist: uniform, min: 1, max: 6 }
        duration: { dist: exponential, mean: 60 }
        resources: { cpus: ${d.cpus}, mem: 1024 }
  - name: mpi${d.pools ? '\n    pool: hi' : ''}
    workload:
      jobs:
        - { name: g1, submit: 20, gang: true, tasks: ${d.gang}, resources: { cpus: 2, mem: 2048 }, duration: 50 }
        - { name: g2, submit: 300, gang: true, tasks: ${d.gang}, resources: { cpus: 2, mem: 2048 }, duration: 50, priority: 1 }
  - name: spark${d.pools ? '\n    pool: hi' : ''}
    workload:
      jobs:
        - name: q1
          submit: 10
          stages:
            - { name: scan, tasks: 6, resources: { cpus: 1, mem: 1024 }, duration: 30 }
            - { name: join, tasks: 3, resources: { cpus: 2, mem: 1024 }, duration: 20, after: [scan] }
timeline:
  - { at: ${d.suppressAt}, suppress: { framework: spark } }
  - { at: ${d.suppressAt + 40}, revive: { framework: spark } }
faults:
  agents:
    - { group: [r1], mtbf: 1200, mttr: 60, correlated_by: rack }
    - { at: 150, agents: [r2-0], repair_after: 100 }
  partitions:
    - { at: 400, duration: 30, attribute: { rack: r2 } }
  maintenance:
    - { agents: [r1-0], scheduled_at: 200, start: 260, duration: 60, drain: { grace_period: 10, at: 240 } }
`;
}

const drawn: fc.Arbitrary<Drawn> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  pools: fc.boolean(),
  interval: fc.constantFrom(0.5, 1, 2),
  refuse: fc.constantFrom(0, 1, 5),
  agents: fc.integer({ min: 1, max: 4 }),
  rate: fc.constantFrom(0.02, 0.05, 0.1),
  cpus: fc.constantFrom(0.5, 1, 3),
  gang: fc.integer({ min: 2, max: 6 }),
  failure: fc.constantFrom(0, 0.1),
  backoff: fc.constantFrom(0, 5),
  suppressAt: fc.integer({ min: 0, max: 500 }),
});

describe('wait attribution', () => {
  it('splits every attempt\'s wait into non-negative causes that add up to it, in worlds with every feature on', () => {
    fc.assert(
      fc.property(drawn, (d) => {
        const waits = new MemoryTable();
        const tasks = new MemoryTable();
        const summary = runScenario(parseScenario(scenarioText(d), 'waits-property.yaml'), { tasks, offers: nullTable, utilization: nullTable, waits });
        expect(waits.columns).toEqual(['task_id', 'attempt', ...WAIT_CAUSES, 'wait']);
        expect(waits.rows.length).toBe(tasks.rows.length);
        const byAttempt = new Map(tasks.records().map((t) => [`${t.task_id}#${t.attempt}`, t]));
        const totals = new Array<number>(WAIT_CAUSES.length).fill(0);
        for (const row of waits.records()) {
          const causes = WAIT_CAUSES.map((c) => row[c] as number);
          const wait = row.wait as number;
          for (const s of causes) expect(s).toBeGreaterThanOrEqual(0);
          expect(Math.abs(causes.reduce((a, b) => a + b, 0) - wait)).toBeLessThanOrEqual(1e-9 * Math.max(1, wait));
          const t = byAttempt.get(`${row.task_id}#${row.attempt}`)!;
          const until = t.start_time !== '' ? (t.start_time as number) : t.end_time !== '' ? (t.end_time as number) : summary.simulated.end;
          const queued = wait - (row.stage_parents as number) - (row.retry_backoff as number);
          expect(queued).toBeCloseTo(until - (t.submit_time as number), 6);
          causes.forEach((s, c) => (totals[c]! += s));
        }
        const all = summary.waits!.all;
        expect(all.tasks).toBe(waits.rows.length);
        WAIT_CAUSES.forEach((c, i) => expect(all.causes[c].seconds).toBeCloseTo(totals[i]!, 3));
      }),
      { numRuns: RUNS },
    );
  });
});
