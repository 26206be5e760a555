import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINES, MAX_DURATION, TASKS_AT_SCALE_1, TRACE_DAYS } from '../../perf/google2011/assumptions.js';
import { generateTrace } from '../../perf/google2011/cli.js';
import { fitShard } from '../../perf/google2011/fit.js';
import { machineEvents, TaskEvents } from '../../perf/google2011/generate.js';
import { ResourceSpace } from '../../src/model/resources.js';
import { traceSource } from '../../src/workload/traces/index.js';
import { tempDir } from '../helpers/temp.js';

const fit = fitShard('traces/google2011/job_events-part-00000-of-00500.csv');
const SCALE = 0.002;

function rows(seed: number, scale = SCALE): string[] {
  const events = new TaskEvents(fit, { seed, scale, users: true });
  const out: string[] = [];
  for (let line = events.next(); line !== undefined; line = events.next()) out.push(line);
  return out;
}

describe('Google 2011 generator', () => {
  it('fits the bundled shard: its 914 jobs submitted after time 0, and run times with censoring', () => {
    expect(fit.jobs).toBe(914);
    expect(fit.durationsSeen + fit.durationsCensored).toBe(908); // the jobs scheduled after time 0
    expect(fit.interarrivalMean).toBeCloseTo((4998.884349 - 4.046279) / 913, 6);
    expect(fit.classes.map((c) => c.value)).toEqual([0, 1, 2, 3]);
  });

  it('gives the same rows for the same seed, other rows for another', () => {
    const a = rows(1);
    expect(rows(1)).toEqual(a);
    expect(rows(2).slice(0, 100)).not.toEqual(a.slice(0, 100));
  });

  it('writes rows in time order, each task submitted, scheduled and ended once, at the expected rate', () => {
    const lines = rows(3);
    const seen = new Map<string, number[]>();
    let backwards = 0;
    let last = 0;
    for (const line of lines) {
      const f = line.split(',');
      if (f.length !== 13) throw new Error(`not 13 fields: ${line}`);
      const time = Number(f[0]);
      if (time < last) backwards++;
      last = time;
      const key = `${f[2]}/${f[3]}`;
      const events = seen.get(key) ?? [];
      events.push(Number(f[5]), time);
      seen.set(key, events);
    }
    expect(backwards).toBe(0);
    // Per task: [SUBMIT, t, SCHEDULE, t', end type, t''] with t <= t' and t'' - t' <= MAX_DURATION.
    const bad = [...seen.values()].filter(
      ([type0, submit, type1, start, end, stop]) => type0 !== 0 || type1 !== 1 || !(end! >= 2 && end! <= 6) || start! < submit! || stop! - start! > MAX_DURATION * 1e6,
    );
    expect(bad).toEqual([]);
    expect(lines).toHaveLength(3 * seen.size);
    const expectedTasks = TASKS_AT_SCALE_1 * SCALE;
    expect(seen.size).toBeGreaterThan(expectedTasks * 0.6);
    expect(seen.size).toBeLessThan(expectedTasks * 1.6);
    const jobs = new Set(lines.map((l) => l.split(',')[2])).size;
    const expectedJobs = (SCALE * TRACE_DAYS * 86_400) / fit.interarrivalMean;
    expect(jobs).toBeGreaterThan(expectedJobs * 0.8);
    expect(jobs).toBeLessThan(expectedJobs * 1.2);
  });

  it('writes files the Google 2011 reader reads whole: every job and task, nothing skipped', () => {
    const dir = tempDir('sim-google-gen-');
    const made = generateTrace(dir, { seed: 4, scale: 0.0005, users: false });
    expect(readFileSync(join(dir, 'machine_events.csv'), 'utf8').trim().split('\n')).toHaveLength(MACHINES);
    expect([...machineEvents()]).toHaveLength(MACHINES);
    const source = traceSource(
      { format: 'google2011', table: 'task_events', file: [join(dir, 'task_events.csv')], sample: 1, load: 1, match: {}, exclude: {}, processors: 'allocated', machine: { cpus: 32, mem: 131072 } },
      new ResourceSpace(['cpus', 'mem']),
      'fw',
    );
    for (let job = source.next(); job !== undefined; job = source.next());
    const report = source.report();
    expect(report.rows).toBe(made.rows);
    expect([report.jobs, report.tasks]).toEqual([made.jobs, made.tasks]);
    expect(report.skipped).toEqual({});
    expect(report.notes).toEqual({});
  });
});
