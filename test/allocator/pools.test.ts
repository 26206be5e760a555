import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';

type Row = Record<string, string | number>;

/** Runs scenario text with the books checked after every event; returns the summary and task rows. */
function run(text: string, sets: string[] = []) {
  const tasks = new MemoryTable();
  const summary = runScenario(
    parseScenario(text, 'x.yaml', sets),
    { tasks, offers: new MemoryTable(), utilization: new MemoryTable() },
    { verifyEvery: 1 },
  );
  const rows = tasks.records() as Row[];
  return { summary, rows, of: (fw: string) => rows.filter((r) => r.framework === fw) };
}

/**
 * Two pools sharing four 2-CPU agents (8 CPUs, no home agents): A (priority 5) and B
 * (priority 1), each of capacity 4 CPUs. B submits `bTasks` one-CPU tasks at t = 0 lasting
 * 100 s; A submits `aTasks` one-CPU tasks at t = `aAt` lasting 50 s.
 */
function shared(opts: { aTasks: number; bTasks: number; aAt: number; aPriority?: number; extra?: string }): string {
  return [
    'name: shared',
    'until: drained',
    'pools:',
    `  A: { capacity: { cpus: 4 }, priority: ${opts.aPriority ?? 5} }`,
    '  B: { capacity: { cpus: 4 }, priority: 1 }',
    'cluster:',
    '  agents:',
    '    - { name: n, count: 4, resources: { cpus: 2, mem: 8192 } }',
    'master: { allocator: pools }',
    'frameworks:',
    '  - name: b',
    '    pool: B',
    '    workload:',
    '      jobs:',
    `        - { submit: 0, name: bj, tasks: ${opts.bTasks}, resources: { cpus: 1, mem: 100 }, duration: 100 }`,
    '  - name: a',
    '    pool: A',
    '    workload:',
    '      jobs:',
    `        - { submit: ${opts.aAt}, name: aj, tasks: ${opts.aTasks}, resources: { cpus: 1, mem: 100 }, duration: 50 }`,
    opts.extra ?? '',
  ].join('\n');
}

describe('pools allocator: capacity, borrowing and reclaiming', () => {
  it('keeps each pool within its capacity when both want more than their share', () => {
    // Both submit 6 tasks at t=0 on 8 CPUs: each pool gets exactly its 4, nobody borrows (nothing idle).
    const { of, summary } = run(shared({ aTasks: 6, bTasks: 6, aAt: 0 }));
    const startedAt0 = (fw: string) => of(fw).filter((r) => r.start_time === 0).length;
    expect(startedAt0('a')).toBe(4);
    expect(startedAt0('b')).toBe(4);
    expect(summary.tasks.preempted).toBe(0);
  });

  it('lends idle capacity: a lone pool uses the whole cluster, beyond its capacity', () => {
    const { of } = run(shared({ aTasks: 1, bTasks: 8, aAt: 1000 }));
    expect(of('b').filter((r) => r.start_time === 0).length).toBe(8);
  });

  it('takes lent capacity back by preempting the borrower, exactly as much as the owner is entitled to', () => {
    // B borrowed all 8 CPUs; A wants 6 at t=10 but is entitled to 4: 4 of B's tasks are
    // preempted, and A's other 2 wait until A's own first tasks end at t=60 (A is at capacity
    // meanwhile, and B, now within its capacity, is not preempted again).
    const { of, summary } = run(shared({ aTasks: 6, bTasks: 8, aAt: 10 }));
    const preempted = of('b').filter((r) => r.state === 'preempted');
    expect(preempted.length).toBe(4);
    expect(summary.tasks.preempted).toBe(4);
    for (const r of preempted) expect(r.end_time).toBe(10);
    const a = of('a');
    expect(a.filter((r) => r.start_time === 10).length).toBe(4);
    const later = a.filter((r) => r.start_time !== 10).map((r) => Number(r.start_time));
    expect(later.length).toBe(2);
    // At the first allocation run once they end: within one allocation interval (1 s).
    for (const t of later) expect(t >= 60 && t <= 61).toBe(true);
    // The preempted tasks come back as attempt 1 and all finish.
    const retried = of('b').filter((r) => r.attempt === 1);
    expect(retried.length).toBe(4);
    expect(retried.every((r) => r.state === 'finished' && r.submit_time === 10)).toBe(true);
    expect(summary.tasks.resubmitted).toBe(4);
    expect(summary.jobs.completed).toBe(2);
    expect(summary.jobs.unsuccessful).toBe(0);
  });

  it('never preempts a pool that is within its capacity, whatever its priority', () => {
    // B holds exactly its 4; A (higher priority) wants 6 while A already holds 4: A is at its
    // capacity, so its extra demand waits.
    const { summary } = run(shared({ aTasks: 6, bTasks: 4, aAt: 0 }));
    expect(summary.tasks.preempted).toBe(0);
  });

  it('with preemption off, the owner waits for the borrower to finish', () => {
    const { of, summary } = run(shared({ aTasks: 4, bTasks: 8, aAt: 10 }), ['master.allocator_options.preemption=false']);
    expect(summary.tasks.preempted).toBe(0);
    // B's tasks end at t=100; A starts at the next allocation run, within one interval.
    expect(of('a').every((r) => Number(r.start_time) >= 100 && Number(r.start_time) <= 101)).toBe(true);
  });

  it('with borrowing off, idle capacity stays idle', () => {
    const { of } = run(shared({ aTasks: 1, bTasks: 8, aAt: 1000 }), ['master.allocator_options.borrowing=false']);
    expect(of('b').filter((r) => r.start_time === 0).length).toBe(4);
  });

  it('a retry policy with a limit of 0 leaves preempted tasks ended, and their job unsuccessful', () => {
    const { of, summary } = run(shared({ aTasks: 4, bTasks: 8, aAt: 10 }), ['frameworks.0.retry.limit=0']);
    expect(of('b').filter((r) => r.state === 'preempted').length).toBe(4);
    expect(summary.tasks.resubmitted).toBe(0);
    expect(summary.jobs.unsuccessful).toBe(1);
  });

  it('a retry back-off delays the resubmission', () => {
    const { of } = run(shared({ aTasks: 4, bTasks: 8, aAt: 10 }), ['frameworks.0.retry.backoff=30']);
    const retried = of('b').filter((r) => r.attempt === 1);
    expect(retried.length).toBe(4);
    expect(retried.every((r) => r.submit_time === 40)).toBe(true);
  });

  it('preempts the least important tasks first: the higher priority class number', () => {
    // B's backlog has two jobs: 'keep' (priority 1) and 'spare' (priority 3), 4 tasks each.
    const text = shared({ aTasks: 2, bTasks: 4, aAt: 10 }).replace(
      '        - { submit: 0, name: bj, tasks: 4, resources: { cpus: 1, mem: 100 }, duration: 100 }',
      [
        '        - { submit: 0, name: keep, tasks: 4, resources: { cpus: 1, mem: 100 }, duration: 100, priority: 1 }',
        '        - { submit: 0, name: spare, tasks: 4, resources: { cpus: 1, mem: 100 }, duration: 100, priority: 3 }',
      ].join('\n'),
    );
    const { of } = run(text);
    const preempted = of('b').filter((r) => r.state === 'preempted');
    expect(preempted.length).toBe(2);
    expect(preempted.every((r) => String(r.job_id) === 'b/spare')).toBe(true);
  });

  it('a scripted resize lets a pool hold more', () => {
    // B alone, capacity 4, borrowing off: 4 run at 0; at t=20 its capacity becomes 8 and the rest start.
    const text = shared({ aTasks: 1, bTasks: 8, aAt: 1000, extra: 'timeline:\n  - { at: 20, set_pool_capacity: { pool: B, capacity: { cpus: 8 } } }' });
    const { of } = run(text, ['master.allocator_options.borrowing=false']);
    const starts = of('b').map((r) => r.start_time).sort();
    expect(starts).toEqual([0, 0, 0, 0, 20, 20, 20, 20]);
  });
});

describe('pools allocator: home agents', () => {
  const root = join(import.meta.dirname, '..', '..');
  const scenario = readFileSync(join(root, 'scenarios', 'pools-preemption.yaml'), 'utf8');

  it('the bundled scenario: prod takes its agents back at t=120 and its service starts at once', () => {
    const { of, summary } = run(scenario);
    const web = of('services');
    expect(web.length).toBe(8);
    expect(web.every((r) => r.start_time === 120 && r.pool === 'prod')).toBe(true);
    const preempted = of('batch').filter((r) => r.state === 'preempted');
    expect(preempted.length).toBeGreaterThan(0);
    // Only tasks borrowing prod's agents were preempted, never those on batch's own agent.
    expect(preempted.every((r) => r.pool === 'prod' && r.draws_from === 'batch')).toBe(true);
    expect(summary.tasks.preempted).toBe(preempted.length);
    expect(summary.jobs.unsuccessful).toBe(0);
  });

  it('without preemption the service waits for the borrowed agents to come free', () => {
    const { of } = run(scenario, ['master.allocator_options.preemption=false']);
    expect(of('services').every((r) => Number(r.start_time) > 120)).toBe(true);
  });
});

describe('pools allocator: what it needs', () => {
  it('stops with a clear error when the scenario has no pools', () => {
    const text = shared({ aTasks: 1, bTasks: 1, aAt: 0 })
      .replace(/pools:\n  A: .*\n  B: .*\n/, '')
      .replace(/    pool: [AB]\n/g, '');
    expect(() => run(text)).toThrow(/allocator 'pools' needs resource pools/);
  });
});

describe('pools allocator: reservations and preemption', () => {
  // One 4-cpu agent, 2 cpus of it reserved for role r. Framework b (role r, no pool) runs two
  // 2-cpu tasks, from t = 0 and t = 1 (pools grants unreserved room only, and the first task is
  // charged to r's reservation): the agent is full. Pool P's task needs `pTask` cpus at t = 10.
  // Ending both of b's tasks would free 4 cpus, but 2 of them go back to r's reservation, which
  // pools never grants: only 2 unreserved cpus would come free.
  const scenario = (pTask: number) =>
    [
      'name: reserved-victims',
      'until: drained',
      'pools:',
      '  P: { capacity: { cpus: 4 }, priority: 5 }',
      'cluster:',
      '  agents:',
      '    - { name: n, count: 1, resources: { cpus: 4, mem: 8192 }, reservations: { r: { cpus: 2 } } }',
      'master: { allocator: pools }',
      'frameworks:',
      '  - name: b',
      '    role: r',
      '    workload:',
      '      jobs:',
      '        - { submit: 0, name: bj, tasks: 2, resources: { cpus: 2, mem: 100 }, duration: 100 }',
      '  - name: p',
      '    pool: P',
      '    workload:',
      '      jobs:',
      `        - { submit: 10, name: pj, tasks: 1, resources: { cpus: ${pTask}, mem: 100 }, duration: 50 }`,
    ].join('\n');

  it("does not count a victim's reserved resources as freed room: no preemption that cannot make room", () => {
    // 3 cpus never come free for P (2 unreserved at most): b's tasks are left alone, and the run
    // stalls with P's task waiting. Counting the reservation as room preempted both of b's tasks,
    // for nothing, every reclaim cooldown.
    const { summary, of } = run(scenario(3));
    expect(summary.tasks.preempted).toBe(0);
    expect(of('b').map((r) => [r.start_time, r.end_time, r.state])).toEqual([
      [0, 100, 'finished'],
      [1, 101, 'finished'],
    ]);
    expect(of('p')[0]!.state).toBe('pending');
    expect(summary.simulated.end_reason).toBe('stalled');
  });

  it('preempts when the unreserved part is enough: a 2-cpu task ends the task charged to unreserved room', () => {
    const { summary, of } = run(scenario(2));
    expect(summary.tasks.preempted).toBe(1);
    expect(of('p')[0]!.start_time).toBe(10);
  });
});

describe('pools allocator: draining agents', () => {
  // B borrowed all 8 CPUs; n-0 drains from t=5 (DRAIN_AGENT, its tasks killed at 205); A wants 4 at t=10.
  const drain = '  maintenance: [{ agents: [n-0], scheduled_at: 1, start: 300, duration: 10, drain: { at: 5, grace_period: 200 } }]';
  const text = shared({ aTasks: 4, bTasks: 8, aAt: 10, extra: ['faults:', drain].join('\n') });

  it("preempts nothing on a draining agent (its room would be offered to no one): A's 4 tasks take B's room elsewhere", () => {
    const { of } = run(text);
    const preempted = of('b').filter((r) => r.state === 'preempted');
    expect(preempted.map((r) => [r.agent, r.end_time])).toEqual([
      ['n-1', 10],
      ['n-1', 10],
      ['n-2', 10],
      ['n-2', 10],
    ]);
    expect(of('a').map((r) => [r.agent, r.start_time])).toEqual([
      ['n-1', 10],
      ['n-1', 10],
      ['n-2', 10],
      ['n-2', 10],
    ]);
  });
});
