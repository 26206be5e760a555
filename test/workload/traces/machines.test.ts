import { describe, expect, it } from 'vitest';
import { buildWorldSpec } from '../../../src/build.js';
import { randomSource } from '../../../src/core/random.js';
import { InputError } from '../../../src/errors.js';
import { MemoryTable } from '../../../src/metrics/sinks.js';
import { ResourceSpace } from '../../../src/model/resources.js';
import { runScenario } from '../../../src/run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { traceMachines } from '../../../src/workload/traces/machines.js';
import { FIXTURES, tempFile } from './support.js';

const space = new ResourceSpace(['cpus', 'mem']);
const spec = { format: 'google2011' as const, file: ['google-machine_events.csv'], machine: { cpus: 32, mem: 1000 } };

describe('Google 2011 machine_events as agents', () => {
  it('adds, removes and replaces agents as machines join, leave and change', () => {
    const m = traceMachines(spec, space, FIXTURES);
    expect(m.agents.map((a) => [a.name, a.registerAt, [...a.total]])).toEqual([
      ['m1', 0, [16_000, 250_000]],
      ['m2', 0, [32_000, 1_000_000]],
      ['m1.2', 10, [8000, 250_000]],
      ['m2.2', 20, [32_000, 1_000_000]],
    ]);
    expect(m.timeline).toEqual([
      { at: 5, kind: 'agent-remove', agent: 1 },
      { at: 10, kind: 'agent-remove', agent: 0 },
    ]);
    expect(m.report).toEqual({
      rows: 8, added: 3, removed: 1, updated: 1,
      skipped: { missing_capacity: 1, remove_of_unknown_machine: 1, time_after_trace_end: 1 },
    });
  });

  it('starts the clock at window.start and stops past window.end', () => {
    const m = traceMachines({ ...spec, window: { start: 5, end: 12 } }, space, FIXTURES);
    // m2 is removed at the start (5 - 5 = 0), so it never registers; m1 changes at 10 - 5.
    expect(m.agents.map((a) => [a.name, a.registerAt])).toEqual([['m1', 0], ['m2', null], ['m1.2', 5]]);
    expect(m.timeline).toEqual([{ at: 5, kind: 'agent-remove', agent: 0 }]);
  });

  it('reports a malformed row with file:line', () => {
    const bad = tempFile('m.csv', '0,1,0,p,0.5,0.25\n0,2,7,p,1,1\n');
    expect(() => traceMachines({ ...spec, file: [bad] }, space, undefined)).toThrow(new InputError(`${bad}:2: malformed row: event type must be 0, 1 or 2 (got 7)`));
  });

  it('gives a scenario its cluster from the trace, and runs', () => {
    const scenario = tempFile('s.yaml', `
name: machines
cluster:
  agents: []
  trace_machines: { format: google2011, file: ${FIXTURES}/google-machine_events.csv, machine: { cpus: 32, mem: 1000 } }
frameworks:
  - name: f
    workload: { jobs: [{ submit: 30, tasks: 2, resources: { cpus: 20, mem: 100 }, duration: 10 }] }
`);
    const s = loadScenario(scenario);
    const world = buildWorldSpec(s, randomSource(1));
    expect(world.agents.map((a) => a.name)).toEqual(['m1', 'm2', 'm1.2', 'm2.2']);
    const tasks = new MemoryTable();
    const summary = runScenario(s, { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { wallClock: false });
    // At 30 s only m1.2 (8 cpus) and m2.2 (32 cpus) are up: one 20-cpu task at a time, on m2.2.
    expect(summary.simulated.end_reason).toBe('drained');
    expect(tasks.records().map((r) => r.agent)).toEqual(['m2.2', 'm2.2']);
    expect(summary.trace_machines).toMatchObject({ rows: 8, added: 3, removed: 1, updated: 1 });
  });
});
