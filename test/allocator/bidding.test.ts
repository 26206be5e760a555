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
    expect(() => run(example, ['cluster.agents.0.pool=R9'])).toThrow(/agent group r1\.pool: unknown pool 'R9' \(expected one of: R1, R2\)/);
  });
});
