/**
 * Master failover in scenario files: `faults.master` and the master flags
 * (parsing, defaults, errors), the figures in summary.json worked out by
 * hand, and the bundled scenario modelled on the Mesos paper's experiment.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { masterFailoverSpec } from '../../src/faults/master-failover/build.js';
import { EmpiricalFiles } from '../../src/scenario/empirical-files.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { problems } from '../helpers/problems.js';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** Two agents; f takes 5 s to answer offers; the leader fails at 2. */
const BASE = [
  'name: failover-figures',
  'cluster: { agents: [{ name: a, count: 2, resources: { cpus: 4, mem: 8192 } }] }',
  'frameworks:',
  '  - name: f',
  '    role: r',
  '    decision_time: { per_job: 5 }',
  '    workload: { jobs: [{ submit: 0, tasks: 4, resources: { cpus: 1, mem: 100 }, duration: 30 }] }',
];

/** Runs a scenario, verifying the books every `verifyEvery` events. */
const run = (text: string, file = 'x.yaml', verifyEvery = 1) => {
  const events = new MemoryTable();
  const tables = { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), events };
  const summary = runScenario(parseScenario(text, file), tables, { verifyEvery, wallClock: false });
  return { summary, events };
};

describe('faults.master in a scenario', () => {
  it("fills Mesos's defaults", () => {
    const s = parseScenario(lines(...BASE, 'faults: { master: { failures: [2] } }'), 'x.yaml');
    expect(s.faults.master).toEqual({
      failures: [2],
      standbys: 2,
      election: { dist: 'constant', value: 1 },
      repair: { dist: 'constant', value: 60 },
      agent_registration_backoff_factor: 1,
      framework_registration_backoff_factor: 2,
    });
    expect(masterFailoverSpec(s, new EmpiricalFiles(s.dir))).toMatchObject({
      sessionTimeout: 10,
      agentReregisterTimeout: 600,
      recoveryTimeout: 600,
      agentRecoveryFactor: 0.8,
      agentBackoffFactor: 1,
      frameworkBackoffFactor: 2,
    });
    const t = parseScenario(lines(...BASE, 'master: { zk_session_timeout: 4, allocator_agent_recovery_factor: 0.5 }', 'faults: { master: { mtbf: 3600, repair: null } }'), 'x.yaml');
    expect(masterFailoverSpec(t, new EmpiricalFiles(t.dir))).toMatchObject({ failures: [], mtbf: 3600, repair: null, sessionTimeout: 4, agentRecoveryFactor: 0.5 });
  });

  it('names the field and what was expected', () => {
    expect(problems(lines(...BASE, 'faults: { master: {} }'))).toEqual([
      expect.stringMatching(/faults\.master\.failures: no failures \(expected at least one time under failures, or mtbf/),
    ]);
    expect(problems(lines(...BASE, 'faults: { master: { failures: [2], standbys: -1 } }'))).toEqual([expect.stringMatching(/faults\.master\.standbys: .*an integer >= 0/)]);
    expect(problems(lines(...BASE, 'faults: { master: { failures: [-2] } }'))).toEqual([expect.stringMatching(/faults\.master\.failures\.0: .*seconds >= 0/)]);
    expect(problems(lines(...BASE, 'faults: { master: { failures: [2], electoin: 1 } }'))).toEqual([expect.stringMatching(/faults\.master: unknown field 'electoin'/)]);
    expect(problems(lines(...BASE, 'master: { allocator_agent_recovery_factor: 2 }'))).toEqual([
      expect.stringMatching(/master\.allocator_agent_recovery_factor: .*between 0 and 1/),
    ]);
    expect(problems(lines(...BASE, 'master: { zk_session_timeout: 0 }'))).toEqual([expect.stringMatching(/master\.zk_session_timeout: .*seconds > 0/)]);
  });

  it('reports the figures of a failover, worked out by hand', () => {
    // Offers at 0 to both agents are outstanding at the failure (2): 2 offers lost. The ACCEPT
    // at 5 launching the 4 tasks reaches no master: 4 launches lost, reported at the election
    // (12.5 = 2 + 10 + 0.5). The 4 tasks waited through the whole outage: 4 × 10.5 task-seconds.
    const { summary, events } = run(lines(...BASE, 'faults: { master: { failures: [2], election: 0.5 } }'));
    const back = events.records().filter((r) => r.kind === 'agent-reregistered').map((r) => r.time as number);
    const recovered = Math.max(...back);
    const f = summary.faults.master_failover!;
    expect(f).toMatchObject({
      failovers: 1,
      offers_lost: 2,
      launches_lost: 4,
      tasks_delayed: 4,
      delay_task_seconds: 42,
      mean_delay_seconds: 10.5,
    });
    expect(f.leaderless_seconds).toMatchObject({ count: 1, mean: 10.5 });
    expect(f.recovery_seconds).toMatchObject({ count: 1, mean: recovered - 2 });
    expect(f.reregistration_seconds.mean).toBeCloseTo(recovered - 12.5, 12);
    expect(f.each).toEqual([
      {
        failed_at: 2,
        elected_at: 12.5,
        allocation_resumed_at: 12.5,
        recovered_at: recovered,
        leaderless_seconds: 10.5,
        allocation_outage_seconds: 10.5,
        recovery_seconds: recovered - 2,
        reregistration_seconds: recovered - 12.5,
        offers_lost: 2,
        launches_lost: 4,
        tasks_delayed: 4,
        delay_task_seconds: 42,
      },
    ]);
    expect(summary.faults.by_kind).toMatchObject({ 'master-failed': 1, 'leader-elected': 1, 'launch-lost': 4, 'agent-reregistered': 2, 'master-recovered': 1 });
    expect(summary.offers.rescinded).toBe(2);
    expect(summary.tasks).toMatchObject({ lost: 4, resubmitted: 4, finished: 4 });
  });

  it("counts the allocator's recovery pause in the allocation outage and the scheduling delay", () => {
    // 10 agents of 2 cpus, one task of job a on each from 0; role q has quota, so the new
    // leader (30.5) allocates nothing until 8 agents are back. Job b's 3 tasks, submitted at 25,
    // wait until then: 3 × (resume − 25) task-seconds.
    const { summary, events } = run(
      lines(
        'name: failover-pause',
        'cluster: { agents: [{ name: a, count: 10, resources: { cpus: 2, mem: 8192 } }] }',
        'roles: { q: { quota: { guarantee: { cpus: 2 } } } }',
        'frameworks:',
        '  - name: f',
        '    role: q',
        '    tasks_per_offer: 1',
        '    workload:',
        '      jobs:',
        '        - { submit: 0, tasks: 10, resources: { cpus: 1, mem: 100 }, duration: 100 }',
        '        - { submit: 25, tasks: 3, resources: { cpus: 1, mem: 100 }, duration: 5 }',
        'faults: { master: { failures: [20], election: 0.5 } }',
      ),
    );
    const resumed = events.records().find((r) => r.kind === 'allocation-resumed')!.time as number;
    const e = summary.faults.master_failover!.each[0]!;
    expect(e.elected_at).toBe(30.5);
    expect(resumed).toBeGreaterThan(30.5);
    expect(e.allocation_resumed_at).toBe(resumed);
    expect(e.allocation_outage_seconds).toBe(resumed - 20);
    expect(e.tasks_delayed).toBe(3);
    expect(e.delay_task_seconds).toBeCloseTo(3 * (resumed - 25), 9);
  });

  it('leaves summary.json without failover figures when faults.master is absent', () => {
    const { summary } = run(lines(...BASE));
    expect(summary.faults).toEqual({ events: 0, by_kind: {} });
  });

  it("runs the bundled scenario modelled on the paper's experiment: 11 s without a leader, back about 1 s later", () => {
    const file = 'scenarios/faults/master-failover.yaml';
    const { summary } = run(readFileSync(file, 'utf8'), file, 1000);
    const f = summary.faults.master_failover!;
    expect(f.failovers).toBe(1);
    expect(f.leaderless_seconds.mean).toBeCloseTo(11, 9); // session timeout 10 s + election 1 s
    // Agents try within [0, 1 s] of the election, and messages take 1 ms.
    expect(f.reregistration_seconds.mean).toBeGreaterThan(0.9);
    expect(f.reregistration_seconds.mean).toBeLessThan(1.002);
    expect(f.recovery_seconds.mean).toBeCloseTo(11 + f.reregistration_seconds.mean!, 9);
    expect(f.offers_lost).toBeGreaterThan(0);
    expect(f.launches_lost).toBeGreaterThan(0);
    expect(summary.faults.by_kind).toMatchObject({ 'agent-reregistered': 200, 'framework-resubscribed': 200 });
  });
});
