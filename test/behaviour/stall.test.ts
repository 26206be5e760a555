/**
 * A run that ends stalled says why: each task still waiting is counted under
 * the first reason that holds (src/framework/stall.ts), and `sim run` says so
 * on stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { agents, buildWorld, framework, job, quota, runToEnd } from '../helpers/world.js';
import { sim } from '../helpers/cli.js';

const AGENT = { cpus: 4, mem: 4096 };

describe('why a stalled run could not finish', () => {
  const stalled = (spec: Parameters<typeof buildWorld>[0]) => {
    const b = buildWorld({ stallTimeout: 50, ...spec });
    const { reason } = runToEnd(b, 0);
    expect(reason).toBe('stalled');
    return b.world.stallReport();
  };

  it('a task larger than any agent, and a gang larger than the cluster', () => {
    const report = stalled({
      agents: agents(2, AGENT),
      frameworks: [
        framework('wide', 'w', [job('w', 0, 1, { cpus: 8, mem: 1024 })]),
        framework('gang', 'g', [job('g', 0, 3, { cpus: 4, mem: 1024 }, 10, true)]),
        framework('ok', 'o', [job('o', 0, 2, { cpus: 1, mem: 1024 }, 10)]),
      ],
    });
    expect(report).toEqual({ tasks: 4, reasons: { larger_than_any_agent: 1, gang_larger_than_cluster: 3 }, running_forever: 0 });
  });

  it("a task beyond its role's quota limit, beside tasks that run for ever", () => {
    const report = stalled({
      agents: agents(2, AGENT),
      quotas: new Map([['capped', quota({}, { cpus: 2 })]]),
      frameworks: [
        framework('capped', 'capped', [job('c', 0, 1, { cpus: 3, mem: 1024 })]),
        framework('svc', 's', [job('s', 0, 2, { cpus: 1, mem: 1024 })]),
      ],
    });
    expect(report).toEqual({ tasks: 1, reasons: { beyond_quota_limit: 1 }, running_forever: 2 });
  });

  it('counts nothing for a run whose only live tasks run for ever', () => {
    const report = stalled({ agents: agents(1, AGENT), frameworks: [framework('svc', 's', [job('s', 0, 2, { cpus: 1, mem: 1024 })])] });
    expect(report).toEqual({ tasks: 0, reasons: {}, running_forever: 2 });
  });
});

describe('sim run on a stalled scenario', () => {
  const dir = tempDir('sim-stall-');

  it("names the tasks that can never start and why, on stderr and in summary.json (mpi-gang with a 1 s decline filter)", () => {
    const out = join(dir, 'gang');
    const r = sim('run', 'scenarios/frameworks/mpi-gang.yaml', '--set', 'frameworks.0.refuse_seconds=1', '--no-wall-clock', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'sim: run stalled at t=4109 s: 16 tasks can never start: 16 in gangs never offered room for all their tasks at once; see docs/frameworks.md#mpi-gang-jobs\n',
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.stalled).toEqual({ tasks: 16, reasons: { gang_never_offered_at_once: 16 }, running_forever: 0 });
    expect(summary.tasks.pending).toBe(16);
  });

  it('the remedy: holding offers (hold_offers) lets the gang add up offers across runs, and the run drains', () => {
    const out = join(dir, 'held');
    const r = sim('run', 'scenarios/frameworks/mpi-gang.yaml', '--set', 'frameworks.0.refuse_seconds=1', '--set', 'frameworks.0.hold_offers=60', '--no-wall-clock', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.simulated.end_reason).toBe('drained');
    expect(summary.stalled).toBeUndefined();
  });
});
