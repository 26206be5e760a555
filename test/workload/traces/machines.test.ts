import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

describe('Alibaba 2018 machine_meta as agents', () => {
  const ali = { format: 'alibaba2018' as const, file: ['alibaba-machine_meta.csv'], machine: { mem: 1000 } };

  it('adds a machine when it is USING, replaces it when its capacity changes, removes it when it is not', () => {
    const m = traceMachines(ali, space, FIXTURES);
    // cpus are cpu_num; mem_size 100 is machine.mem (1000 MB); m_1's second row changes nothing.
    expect(m.agents.map((a) => [a.name, a.registerAt, [...a.total]])).toEqual([
      ['m_1', 0, [96_000, 1_000_000]],
      ['m_1.2', 100, [96_000, 500_000]],
      ['m_2', 30, [64_000, 1_000_000]],
    ]);
    expect(m.agents[0]!.attributes).toEqual({ machine: 'm_1', failure_domain_1: '219', failure_domain_2: '17' });
    expect(m.agents[2]!.attributes).toEqual({ machine: 'm_2', failure_domain_1: '220' });
    expect(m.timeline).toEqual([
      { at: 100, kind: 'agent-remove', agent: 0 },
      { at: 200, kind: 'agent-remove', agent: 2 },
    ]);
    expect(m.report).toEqual({
      rows: 8, added: 2, removed: 1, updated: 1,
      skipped: { status_import_installing: 1, invalid_cpu_num: 1, invalid_mem_size: 1 },
    });
  });

  it('starts the clock at window.start and skips rows past window.end', () => {
    const m = traceMachines({ ...ali, window: { start: 50, end: 150 } }, space, FIXTURES);
    expect(m.agents.map((a) => [a.name, a.registerAt])).toEqual([['m_1', 0], ['m_1.2', 50], ['m_2', 0]]);
    expect(m.timeline).toEqual([{ at: 50, kind: 'agent-remove', agent: 0 }]);
    expect(m.report.skipped).toMatchObject({ time_after_window_end: 1 });
  });

  it('reads a gzipped file the same', () => {
    const gz = tempFile('mm.csv.gz', gzipSync(readFileSync(`${FIXTURES}/alibaba-machine_meta.csv`)));
    expect(traceMachines({ ...ali, file: [gz] }, space, undefined)).toEqual(traceMachines(ali, space, FIXTURES));
  });

  it('reports malformed rows with file:line', () => {
    const few = tempFile('m.csv', 'm_1,0,1,2,96,100,USING\nm_1,0,1,2,96,100\n');
    expect(() => traceMachines({ ...ali, file: [few] }, space, undefined)).toThrow(new InputError(`${few}:2: malformed row: expected 7 comma-separated fields (machine_meta), got 6`));
    const back = tempFile('m.csv', 'm_1,10,1,2,96,100,USING\nm_1,5,1,2,96,100,USING\n');
    expect(() => traceMachines({ ...ali, file: [back] }, space, undefined)).toThrow(`${back}:2: malformed row: time goes back for machine m_1 (5 s after 10 s)`);
  });

  it('gives a scenario its cluster, and replays batch_instance on it', () => {
    const scenario = tempFile('s.yaml', `
name: alibaba
cluster:
  agents: []
  trace_machines: { format: alibaba2018, file: ${FIXTURES}/alibaba-machine_meta.csv, machine: { mem: 1000 } }
frameworks:
  - name: ali
    workload: { trace: { format: alibaba2018, table: batch_instance, file: ${FIXTURES}/alibaba-batch_instance.csv, machine: { mem: 1000 }, window: { start: 0 } } }
`);
    const s = loadScenario(scenario);
    expect(buildWorldSpec(s, randomSource(1)).agents.map((a) => a.name)).toEqual(['m_1', 'm_1.2', 'm_2']);
    const tasks = new MemoryTable();
    const summary = runScenario(s, { tasks, offers: new MemoryTable(), utilization: new MemoryTable() }, { wallClock: false });
    expect(summary.simulated.end_reason).toBe('drained');
    // m_1 is replaced at 100 (m_1.2) and m_2 leaves at 200: R2_1, on m_2 from 170, is lost then and rerun on m_1.2.
    expect(tasks.records().map((r) => [r.task_id, r.agent, r.state, r.start_time, r.end_time])).toEqual([
      ['ali/j_1/M1/ins_2/0', 'm_1.2', 'finished', 105, 145],
      ['ali/j_1/M1/ins_1/0', 'm_2', 'finished', 100, 160],
      ['ali/j_2/task_Nzg3ODAw/ins_3/0', 'm_2', 'finished', 180, 181],
      ['ali/j_1/R2_1/ins_1.2/0', 'm_2', 'lost', 170, 200],
      ['ali/j_1/R2_1/ins_1.2/0', 'm_1.2', 'finished', 200, 230],
    ]);
    expect(summary.trace_machines).toMatchObject({ rows: 8, added: 2, removed: 1, updated: 1 });
  });
});
