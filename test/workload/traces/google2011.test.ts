import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { ResourceSpace } from '../../../src/model/resources.js';
import { FIXTURES, jobsOf, spec, tempFile } from './support.js';

const tasks = (more = {}) => spec('google2011', 'google-task_events.csv', { table: 'task_events', machine: { cpus: 8, mem: 1000 }, ...more });

describe('Google cluster-data 2011 reader', () => {
  it('builds jobs from task events: first SUBMIT to SCHEDULE to the first end, resources scaled by the machine', () => {
    const { jobs } = jobsOf(tasks());
    expect(jobs.map((j) => [j.id, j.submit])).toEqual([['100', 0], ['200', 1], ['200.2', 6]]);
    const [j100, j200, again] = jobs;
    // Task 0: scheduled at 0, FINISH at 604 s (trace time 4). Task 1: still running when the trace ends (at 10).
    expect(j100!.tasks.map((t) => t.duration)).toEqual([4, 10]);
    expect([...j100!.tasks[0]!.resources]).toEqual([4000, 250_000]); // 0.5 × 8 cpus, 0.25 × 1000 MB
    expect([...j100!.tasks[1]!.resources]).toEqual([2000, 125_000]);
    expect(j100!.attributes).toEqual({ user: 'u1', scheduling_class: '2', priority: '9' });
    expect(j100!.gang).toBe(false);
    // Job 200: scheduled at 2, evicted at 5; submitted again at 6, running from 7 to the end.
    expect(j200!.tasks.map((t) => t.duration)).toEqual([3]);
    expect(again!.tasks.map((t) => t.duration)).toEqual([3]);
  });

  it('counts sentinels and unusable rows by reason', () => {
    const report = jobsOf(tasks()).source.report();
    expect(report.rows).toBe(15);
    expect(report.skipped).toEqual({ missing_resource_request: 1, time_after_trace_end: 1, never_scheduled: 1 });
    expect(report.notes).toEqual({ updates_ignored: 1, tasks_running_at_end: 2, tasks_never_scheduled: 1 });
  });

  it('selects by priority, scheduling class and user', () => {
    expect(jobsOf(tasks({ match: { priority: ['9'] } })).jobs.map((j) => j.id)).toEqual(['100']);
    expect(jobsOf(tasks({ match: { scheduling_class: ['0'] } })).jobs.map((j) => j.id)).toEqual(['200', '200.2']);
    expect(jobsOf(tasks({ exclude: { user: ['u2'] } })).jobs.map((j) => j.id)).toEqual(['100']);
  });

  it('stops reading past window.end, ending the tasks still running there', () => {
    const { jobs, source } = jobsOf(tasks({ window: { end: 5 } }));
    expect(jobs.map((j) => [j.id, j.tasks.map((t) => t.duration)])).toEqual([['100', [4, 5]], ['200', [3]]]);
    expect(source.report().rows).toBe(10); // the row at 6 s is read, and reading stops there
  });

  it('skips a SUBMIT with a negative request, counting it, rather than running a task of negative size', () => {
    const rows = ['0,,100,0,,0,u1,2,9,-0.5,0.25,,0', '0,,100,0,5,1,u1,2,9,,,,', '1000000000,,100,0,5,4,u1,2,9,,,,'];
    const { jobs, source } = jobsOf(tasks({ file: [tempFile('neg.csv', rows.join('\n') + '\n')] }));
    expect(jobs).toEqual([]);
    expect(source.report().skipped).toMatchObject({ negative_resource_request: 1 });
  });

  it('reads gzipped shards as the plain file', () => {
    const gz = tempFile('part-00000.csv.gz', gzipSync(readFileSync(join(FIXTURES, 'google-task_events.csv'))));
    expect(jobsOf(tasks({ file: [gz] })).jobs).toEqual(jobsOf(tasks()).jobs);
  });

  it('reports malformed rows with file:line', () => {
    const bad = tempFile('bad.csv', '0,,100,0,,0,u1,2,9,0.5,0.25,0.01,0\n0,,100,1,,0,u1,2,9,0.5,0.25,0.01\n');
    expect(() => jobsOf(tasks({ file: [bad] }))).toThrow(new InputError(`${bad}:2: malformed row: expected 13 comma-separated fields (task_events), got 12`));
    const word = tempFile('word.csv', 'x,,100,0,,0,u1,2,9,0.5,0.25,0.01,0\n');
    expect(() => jobsOf(tasks({ file: [word] }))).toThrow(`${word}:1: malformed row: time is not a decimal number (got text of 1 character)`);
    const back = tempFile('back.csv', '602000000,,1,0,,0,u,0,0,1,1,,0\n601000000,,2,0,,0,u,0,0,1,1,,0\n');
    expect(() => jobsOf(tasks({ file: [back] }))).toThrow(`${back}:2: malformed row: time goes back (1 s after 2 s); shards must be given in order`);
  });

  it('replays the job_events sample (shard 0 of 500) as one task per job', () => {
    const w = spec('google2011', '../../../traces/google2011/job_events-part-00000-of-00500.csv', {
      table: 'job_events',
      task_resources: { cpus: 1, mem: 1024 },
    });
    const { jobs, source } = jobsOf(w);
    const report = source.report();
    // Figures from an independent count of the file: 10,704 rows; 4,900 jobs submitted, 4,892
    // of them scheduled; 3,980 still running at the last event (4,998.884349 s).
    expect(report.rows).toBe(10_704);
    expect(jobs).toHaveLength(4892);
    expect(report.skipped).toEqual({ never_scheduled: 8 });
    expect(report.notes).toMatchObject({ tasks_running_at_end: 3980 });
    expect(jobs.every((j) => j.tasks.length === 1 && j.tasks[0]!.resources[0] === 1000)).toBe(true);
    const total = jobs.reduce((sum, j) => sum + j.tasks[0]!.duration, 0);
    expect(total).toBeCloseTo(19_959_602.4588, 3);
    expect(jobs[0]!.attributes).toMatchObject({ scheduling_class: '3' });
  });

  it('keeps ids as text: job 007 and job 7, task 01 and task 1 are different tasks', () => {
    const rows = [
      '0,,7,1,,0,u,0,0,0.5,0.25,,0',
      '0,,007,1,,0,u,0,0,0.5,0.25,,0',
      '0,,7,01,,0,u,0,0,0.5,0.25,,0',
      '0,,7,1,5,1,u,0,0,,,,',
      '0,,007,1,5,1,u,0,0,,,,',
      '0,,7,01,5,1,u,0,0,,,,',
      '602000000,,7,1,5,4,u,0,0,,,,',
      '603000000,,007,1,5,4,u,0,0,,,,',
      '604000000,,7,01,5,4,u,0,0,,,,',
    ];
    const { jobs, source } = jobsOf(tasks({ file: [tempFile('ids.csv', rows.join('\n') + '\n')] }));
    expect(jobs.map((j) => [j.id, j.tasks.map((t) => t.duration)])).toEqual([['7', [2, 4]], ['007', [3]]]);
    expect(source.report().notes).toEqual({});
  });

  it('gives tasks with the same requests the same resources, and a task with other requests its own', () => {
    const rows = ['0,,9,0,,0,u,0,0,0.5,0.25,,0', '0,,9,1,,0,u,0,0,0.5,0.25,,0', '0,,9,2,,0,u,0,0,0.5,0.5,,0', '0,,9,3,,0,u,0,0,0.5,0.5,0.1,0'];
    const schedules = rows.map((_, i) => `0,,9,${i},5,1,u,0,0,,,,`);
    const { jobs } = jobsOf(tasks({ file: [tempFile('same.csv', [...rows, ...schedules].join('\n') + '\n')], machine: { cpus: 8, mem: 1000, disk: 10 } }), new ResourceSpace(['cpus', 'mem', 'disk']));
    expect(jobs[0]!.tasks.map((t) => [...t.resources])).toEqual([[4000, 250_000, 0], [4000, 250_000, 0], [4000, 500_000, 0], [4000, 500_000, 1000]]) // thousandths;
  });
});
