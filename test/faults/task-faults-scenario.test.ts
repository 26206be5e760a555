import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { MemoryTable } from '../../src/metrics/sinks.js';
import { runScenario } from '../../src/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { tempDir } from '../helpers/temp.js';

const sinks = () => ({ tasks: new MemoryTable(), offers: new MemoryTable(), utilization: new MemoryTable(), events: new MemoryTable() });

/** Two agents of 2 cpus; framework f runs 4 tasks of 1 cpu and 10 s that each want 2 cpus. */
const coLocated = (mode: string) =>
  [
    'name: co-located',
    'cluster: { agents: [{ count: 2, resources: { cpus: 2, mem: 4096 } }] }',
    'master: { allocation_interval: 0 }',
    `faults: { isolation: { mode: ${mode} } }`,
    'frameworks:',
    '  - name: f',
    '    usage: { cpus: 2 }',
    '    workload: { jobs: [{ submit: 0, tasks: 4, resources: { cpus: 1, mem: 512 }, duration: 10 }] }',
  ].join('\n');

function problems(text: string): readonly string[] {
  try {
    parseScenario(text, 'x.yaml');
  } catch (e) {
    if (e instanceof InputErrors) return e.problems;
    throw e;
  }
  throw new Error('expected InputErrors, but the scenario is valid');
}

describe('task fault models in scenario files', () => {
  it('enforce: each task is throttled to its request and runs 20 s; summary.json counts them', () => {
    const out = sinks();
    const summary = runScenario(parseScenario(coLocated('enforce'), 'x.yaml'), out, { verifyEvery: 1, wallClock: false });
    expect(out.tasks.records().map((r) => r.end_time)).toEqual([20, 20, 20, 20]);
    expect(summary.faults).toEqual({
      events: 4,
      by_kind: { 'task-throttled': 4 },
      isolation: { mode: 'enforce', oom_kills: 0, oom_limit: 0, oom_agent: 0, oom_wasted_seconds: 0, throttled_tasks: 4, slowed_tasks: 0, slowed_seconds: 40 },
    });
  });

  it('none: two co-located tasks share 2 cpus: the same 20 s, reported as slowdown', () => {
    const out = sinks();
    const summary = runScenario(parseScenario(coLocated('none'), 'x.yaml'), out, { verifyEvery: 1, wallClock: false });
    expect(out.tasks.records().map((r) => r.end_time)).toEqual([20, 20, 20, 20]);
    expect(summary.faults).toMatchObject({ by_kind: { 'task-slowed': 4 }, isolation: { mode: 'none', slowed_tasks: 4, slowed_seconds: 40 } });
    expect(out.events.records()[0]).toEqual({ time: 20, kind: 'task-slowed', agent: 'group0-0', framework: 'f', task_id: 'f/job-1/0', value: 10, detail: '' });
  });

  it('failures on a framework and on a job: task-failed rows, and task_failures in summary.json', () => {
    const text = [
      'name: failing',
      'cluster: { agents: [{ count: 4, resources: { cpus: 8, mem: 8192 } }] }',
      'frameworks:',
      '  - name: f',
      '    failures: { probability: 1 }',
      '    retry: { on: [failed], limit: 1, backoff: 3 }',
      '    workload:',
      '      jobs:',
      '        - { name: doomed, submit: 0, tasks: 2, resources: { cpus: 1, mem: 512 }, duration: 10 }',
      '        - { name: safe, submit: 0, tasks: 2, resources: { cpus: 1, mem: 512 }, duration: 10, failures: { probability: 0 } }',
    ].join('\n');
    const out = sinks();
    const summary = runScenario(parseScenario(text, 'x.yaml'), out, { verifyEvery: 1, wallClock: false });
    const states = out.tasks.records().map((r) => `${r.job_id} ${r.attempt} ${r.state}`).sort();
    expect(states).toEqual(['f/doomed 0 failed', 'f/doomed 0 failed', 'f/doomed 1 failed', 'f/doomed 1 failed', 'f/safe 0 finished', 'f/safe 0 finished']);
    const rows = out.events.records();
    expect(rows.map((r) => r.kind)).toEqual(['task-failed', 'task-failed', 'task-failed', 'task-failed']);
    const wasted = rows.reduce((s, r) => s + (r.value as number), 0);
    expect(summary.faults).toEqual({ events: 4, by_kind: { 'task-failed': 4 }, task_failures: { failed: 4, probability: 4, rate: 0, wasted_seconds: wasted } });
    expect(summary.jobs).toEqual({ submitted: 2, completed: 1, unsuccessful: 1 });
  });

  it('a usage model without an isolation mode is an error naming the field', () => {
    const text = coLocated('enforce').replace('faults: { isolation: { mode: enforce } }\n', '');
    expect(problems(text)).toEqual([expect.stringMatching(/frameworks\.0\.usage: a usage model needs an isolation mode \(expected faults\.isolation\.mode/)]);
    const onJob = text.replace('    usage: { cpus: 2 }\n', '').replace('duration: 10 }', 'duration: 10, usage: { mem: 2 } }');
    expect(problems(onJob)).toEqual([expect.stringMatching(/frameworks\.0\.workload\.jobs\.0\.usage: a usage model needs an isolation mode/)]);
  });

  it('rejects a probability above 1, a negative rate, an unknown mode and an unknown usage resource', () => {
    expect(problems(coLocated('enforce').replace('usage: { cpus: 2 }', 'failures: { probability: 1.5 }'))).toEqual([
      expect.stringMatching(/frameworks\.0\.failures\.probability.*a probability from 0 to 1/),
    ]);
    expect(problems(coLocated('enforce').replace('usage: { cpus: 2 }', 'failures: { rate: -1 }'))).toEqual([
      expect.stringMatching(/frameworks\.0\.failures\.rate.*a rate in failures per second >= 0/),
    ]);
    expect(problems(coLocated('cgroups'))).toEqual([expect.stringMatching(/faults\.isolation\.mode.*enforce or none/)]);
    expect(problems(coLocated('none').replace('usage: { cpus: 2 }', 'usage: { disk: 2 }'))).toEqual([expect.stringMatching(/frameworks\.0\.usage.*disk/)]);
  });

  it('the same scenario and seed give byte-identical tables and summary', () => {
    const text = [
      'name: repeat',
      'seed: 9',
      'cluster: { agents: [{ count: 3, resources: { cpus: 4, mem: 4096 } }] }',
      'faults: { isolation: { mode: none } }',
      'frameworks:',
      '  - name: f',
      '    failures: { rate: 0.01 }',
      '    usage: { cpus: { dist: uniform, min: 0.5, max: 2.5 }, mem: { dist: uniform, min: 0.5, max: 1.5 } }',
      '    retry: { on: [failed], limit: 2 }',
      '    workload: { synthetic: { arrival: { process: poisson, rate: 0.5 }, jobs: 60, duration: { dist: exponential, mean: 30 }, resources: { cpus: 1, mem: 1024 } } }',
    ].join('\n');
    const run = () => {
      const out = sinks();
      const summary = runScenario(parseScenario(text, 'x.yaml'), out, { verifyEvery: 1, wallClock: false });
      return { summary, tasks: out.tasks.records(), events: out.events.records() };
    };
    const a = run();
    expect(a.summary.faults.by_kind['task-failed']).toBeGreaterThan(0);
    expect(a.summary.faults.by_kind['task-slowed']).toBeGreaterThan(0);
    expect(a.summary.faults.by_kind['task-oom-killed']).toBeGreaterThan(0);
    expect(run()).toEqual(a);
  });

  it("reads a CSV trace's usage.<resource> columns: a resource without a figure is used as requested", () => {
    const dir = tempDir('usage-');
    const file = join(dir, 'jobs.csv');
    writeFileSync(file, ['id,submit,tasks,duration,cpus,mem,usage.cpus,usage.mem', 'hog,0,1,10,1,1024,2,', 'leak,0,1,10,1,1024,,2048', 'calm,0,1,10,1,1024,0.5,512', 'plain,0,1,10,1,1024,,'].join('\n'));
    const text = (usage: string) =>
      [
        'name: trace-usage',
        'cluster: { agents: [{ resources: { cpus: 8, mem: 8192 } }] }',
        'faults: { isolation: { mode: enforce } }',
        'frameworks:',
        '  - name: t',
        ...(usage === '' ? [] : [`    usage: ${usage}`]),
        `    workload: { trace: { format: csv, file: ${JSON.stringify(file)} } }`,
      ].join('\n');
    const run = (usage: string) => {
      const out = sinks();
      runScenario(parseScenario(text(usage), 'x.yaml'), out, { verifyEvery: 1, wallClock: false });
      return Object.fromEntries(out.tasks.records().map((r) => [r.job_id, `${r.state} ${(r.end_time as number) - (r.start_time as number)}`]));
    };
    expect(run('')).toEqual({ 't/hog': 'finished 20', 't/leak': 'failed 0', 't/calm': 'finished 10', 't/plain': 'finished 10' });
    // A usage model replaces what the trace recorded.
    expect(run('{ cpus: 1, mem: 1 }')).toEqual({ 't/hog': 'finished 10', 't/leak': 'finished 10', 't/calm': 'finished 10', 't/plain': 'finished 10' });
  });
});
