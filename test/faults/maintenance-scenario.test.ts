/**
 * Maintenance from scenario files: the schema's one-line problems, the demo
 * scenario (scenarios/faults/maintenance.yaml) with and without frameworks
 * honouring maintenance, and the summary figures against the tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario, type Summary } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';

const BASE = [
  'name: t',
  'cluster: { agents: [{ name: a, count: 2, resources: { cpus: 4 } }] }',
  'frameworks:',
  '  - name: f',
  '    workload: { jobs: [{ submit: 0, resources: { cpus: 1 }, duration: 10 }] }',
];

/** The problems of a file made of `lines`. */
function problemsOf(lines: readonly string[]): readonly string[] {
  try {
    parseScenario(lines.join('\n'), 'x.yaml');
  } catch (e) {
    if (e instanceof InputErrors) return e.problems;
    throw e;
  }
  throw new Error('expected InputErrors, but the scenario is valid');
}

const problems = (...extra: string[]) => problemsOf([...BASE, ...extra]);

/** With the framework given `maintenance: <m>`. */
const frameworkProblems = (m: string) => problemsOf([...BASE.slice(0, 4), `    maintenance: ${m}`, BASE[4]!]);

const AGENTS_OR_GROUP = "exactly one of 'agents' (a list of agent names) or 'group' (an agent group's name)";

describe('faults.maintenance in a scenario file', () => {
  it('fills the defaults: posted at 0, no drain; frameworks accept and avoid; drained tasks are retried', () => {
    const s = parseScenario([...BASE, 'faults: { maintenance: [{ group: a, start: 10, duration: 5 }] }'].join('\n'), 'x.yaml');
    expect(s.faults.maintenance).toEqual([{ group: 'a', scheduled_at: 0, start: 10, duration: 5 }]);
    expect(s.frameworks[0]!.maintenance).toEqual({ inverse_offers: 'accept', avoid: true, migrate: false });
    expect(s.frameworks[0]!.retry.on).toContain('drained');
  });

  it('reports each mistake on one line, at the field', () => {
    expect(problems('faults: { maintenance: [{ start: 10, duration: 5 }] }')).toEqual([
      `x.yaml:6:25: faults.maintenance.0.agents: required field missing (expected ${AGENTS_OR_GROUP})`,
    ]);
    expect(problems('faults: { maintenance: [{ agents: [a-0], group: a, start: 10, duration: 5 }] }')).toEqual([
      `x.yaml:6:49: faults.maintenance.0.group: cannot be combined with 'agents' (expected ${AGENTS_OR_GROUP})`,
    ]);
    expect(problems('faults: { maintenance: [{ agents: [a-0, a-7], start: 10, duration: 5 }] }')).toEqual([
      "x.yaml:6:41: faults.maintenance.0.agents.1: no such agent 'a-7' (expected an agent named <group>-<k> by cluster.agents or add_agents: a-0..1)",
    ]);
    expect(problems('faults: { maintenance: [{ group: b, start: 10, duration: 5 }] }')).toEqual([
      "x.yaml:6:34: faults.maintenance.0.group: no such agent group 'b' (expected a group of cluster.agents or add_agents: a-0..1)",
    ]);
    expect(problems('faults: { maintenance: [{ group: a, start: 10, duration: 5 }, { agents: [a-1], scheduled_at: 12, start: 20, duration: 5 }] }')).toEqual([
      "x.yaml:6:63: faults.maintenance.1: agent 'a-1' is already in faults.maintenance.0 from 0 to 15 (expected an agent's windows not to overlap (scheduled_at to start + duration))",
    ]);
    expect(problems('faults: { maintenance: [{ agents: [a-0], scheduled_at: 20, start: 10, duration: 5 }] }')).toEqual([
      'x.yaml:6:56: faults.maintenance.0.scheduled_at: must be <= start (expected a number of seconds <= 10, got 20)',
    ]);
    expect(problems('faults: { maintenance: [{ agents: [a-0], scheduled_at: 5, start: 10, duration: 5, drain: { at: 2, grace_period: 1 } }] }')).toEqual([
      'x.yaml:6:96: faults.maintenance.0.drain.at: must be between scheduled_at and start (expected a number of seconds from 5 to 10, got 2)',
    ]);
    expect(problems('faults: { maintenance: [{ agents: [a-0], start: 10, duration: 5, drain: {} }] }')).toEqual([
      'x.yaml:6:73: faults.maintenance.0.drain.grace_period: required field missing (expected a number of seconds >= 0)',
    ]);
  });

  it("checks a framework's maintenance option", () => {
    expect(frameworkProblems('{ migrate: true, inverse_offers: decline }')).toEqual([
      'x.yaml:5:29: frameworks.0.maintenance.migrate: a framework migrates only on inverse offers it accepts (expected false, or inverse_offers: accept, got true)',
    ]);
    expect(frameworkProblems('{ migrate: true, avoid: false }')).toEqual([
      'x.yaml:5:29: frameworks.0.maintenance.migrate: migrated tasks would be placed back on the agent they left (expected false, or avoid: true, got true)',
    ]);
    expect(frameworkProblems('{ inverse_offers: sometimes }')).toEqual([
      'x.yaml:5:36: frameworks.0.maintenance.inverse_offers: not an allowed value (expected one of: accept, decline, ignore, got "sometimes")',
    ]);
  });
});

describe('scenarios/faults/maintenance.yaml: a rolling maintenance of a rack', () => {
  const file = join(import.meta.dirname, '..', '..', 'scenarios', 'faults', 'maintenance.yaml');
  const text = readFileSync(file, 'utf8');
  const run = (sets: string[] = []) => {
    const tables = { tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), events: new MemoryTable() };
    const summary = runScenario(parseScenario(text, file, sets), tables, { wallClock: false, verifyEvery: 1 });
    return { summary, tasks: tables.tasks.records(), events: tables.events.records() };
  };
  const honour = run();
  const ignore = run(['frameworks.0.maintenance={inverse_offers: ignore, avoid: false}']);

  /** Each window's start by agent name, from events.csv. */
  const windowStart = (events: typeof honour.events) => new Map(events.filter((e) => e.kind === 'maintenance-started').map((e) => [e.agent, e.time]));

  it('loses no task when the framework honours it, and some when it does not', () => {
    const m = honour.summary.faults.maintenance!;
    expect(m.tasks.lost).toBe(0);
    expect(honour.summary.tasks.lost).toBe(0);
    expect(m.tasks.migrated).toBeGreaterThan(0);
    expect(m.inverse_offers.accepted).toBe(m.inverse_offers.sent);
    const without = ignore.summary.faults.maintenance!;
    expect(without.tasks.lost).toBeGreaterThan(0);
    expect(without.inverse_offers).toEqual({ sent: 4, accepted: 0, declined: 0, rescinded: 4, outstanding_at_end: 0 });
    expect(honour.summary.simulated.end_reason).toBe('drained');
    expect(ignore.summary.jobs.completed).toBe(ignore.summary.jobs.submitted);
  });

  it('counts in summary.json what tasks.csv and events.csv show', () => {
    for (const r of [honour, ignore]) {
      const m = r.summary.faults.maintenance!;
      const starts = windowStart(r.events);
      expect([...starts.keys()].sort()).toEqual(['rack1-0', 'rack1-1', 'rack1-2', 'rack1-3']);
      // Every lost task was lost on a rack1 agent at the start of its window, and is counted.
      const lost = r.tasks.filter((t) => t.state === 'lost');
      for (const t of lost) expect(t.end_time).toBe(starts.get(t.agent));
      expect(m.tasks.lost).toBe(lost.length);
      expect(m.tasks.migrated).toBe(r.events.filter((e) => e.kind === 'task-migrated').length);
      expect(m.tasks.migrated).toBe(r.tasks.filter((t) => t.state === 'killed').length);
      const io = m.inverse_offers;
      expect(io.sent).toBe(io.accepted + io.declined + io.rescinded + io.outstanding_at_end);
      expect(m.windows).toBe(4);
      expect(m.machines).toEqual({ down: 4, up: 4, down_seconds: 1200 });
      expect(r.summary.faults.by_kind['maintenance-started']).toBe(4);
      // No task ran on a machine while it was down.
      for (const t of r.tasks) {
        const start = starts.get(t.agent);
        if (start === undefined || t.start_time === '') continue;
        const [s, e] = [t.start_time as number, t.end_time as number];
        expect(s >= (start as number) + 300 || e <= (start as number)).toBe(true);
      }
    }
  });

  it('is the same run for the same seed', () => {
    const again = run();
    expect(again.events).toEqual(honour.events);
    expect(again.tasks).toEqual(honour.tasks);
  });

  it('without a schedule, summary.json has no maintenance figures', () => {
    const plain = runScenario(parseScenario([...BASE].join('\n'), 'x.yaml'), {
      tasks: new MemoryTable(),
      offers: new MemoryTable(),
      utilization: new MemoryTable(),
      events: new MemoryTable(),
    }) as Summary;
    expect(plain.faults).toEqual({ events: 0, by_kind: {} });
  });
});
