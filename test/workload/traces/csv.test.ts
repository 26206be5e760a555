import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { splitCsvLine } from '../../../src/workload/traces/csv.js';
import { jobsOf, spec, tempFile } from './support.js';

describe('the project CSV trace format', () => {
  it('reads ids, submit, tasks, durations, resources, gang, recorded wait, estimate and attributes', () => {
    const { jobs } = jobsOf(spec('csv', 'small.csv'));
    expect(jobs.map((j) => j.id)).toEqual(['a', 'b', 'f']);
    const [a, b, f] = jobs;
    expect(a).toMatchObject({ submit: 0, gang: true, recordedWait: 5, estimate: 300, attributes: { user: 'alice', queue: 'batch' } });
    expect(a!.tasks).toHaveLength(2);
    expect([...a!.tasks[0]!.resources]).toEqual([1000, 2_048_000]);
    expect(a!.tasks[0]!.duration).toBe(100);
    expect(b).toMatchObject({ submit: 10, gang: false, attributes: { user: 'bob', queue: 'inter,active' } });
    expect(b!.tasks[0]!.duration).toBe(Infinity);
    expect([...b!.tasks[0]!.resources]).toEqual([500, 0]);
    expect(b!.recordedWait).toBeUndefined();
    expect(f).toMatchObject({ submit: 40, gang: false, recordedWait: 0 });
    expect(f!.tasks.map((t) => t.duration)).toEqual([7.5, 7.5, 7.5]);
  });

  it('counts unusable rows by reason and names resources the cluster lacks', () => {
    const report = jobsOf(spec('csv', 'small.csv')).source.report();
    expect(report.rows).toBe(6);
    expect(report.skipped).toEqual({ missing_submit_time: 1, no_tasks: 1, missing_duration: 1 });
    expect(report.ignored_resources).toEqual(['fpga']);
  });

  it('names jobs without an id by their row', () => {
    const file = tempFile('noid.csv', 'submit,duration\n0,1\n3,1\n');
    expect(jobsOf(spec('csv', file)).jobs.map((j) => j.id)).toEqual(['job-1', 'job-2']);
  });

  it('reports malformed rows and headers as one line with file:line', () => {
    const cases: [string, string][] = [
      ['submit,duration\n0,1\n1,2,3\n', ':3: malformed row: expected 2 fields as in the header, got 3'],
      ['submit,duration\n-1,1\n', ':2: malformed row: submit must be a decimal number >= 0 (got "-1")'],
      ['submit,duration\n0x10,1\n', ':2: malformed row: submit must be a decimal number >= 0 (got "0x10")'],
      ['submit,duration,gang\n0,1,yes\n', ':2: malformed row: gang must be true, false, 1 or 0 (got text of 3 characters)'],
      ['submit,duration,tasks\n0,1,1.5\n', ':2: malformed row: tasks must be a whole number (got "1.5")'],
      ['a,0,1\nb,5,1\n', ':1: malformed row: the first line looks like data, not a header (expected a header row naming the columns, e.g. id,submit,duration,cpus)'],
      ['# c\nsubmit,tasks\n0,1\n', ":2: malformed row: the header has no 'duration' column (expected at least submit,duration)"],
    ];
    for (const [text, message] of cases) {
      const file = tempFile('bad.csv', text);
      expect(() => jobsOf(spec('csv', file))).toThrow(new InputError(`${file}${message}`));
    }
  });

  it('reports a file without a header row, rather than reading it as no jobs', () => {
    for (const text of ['', '# only a comment\n']) {
      const file = tempFile('empty.csv', text);
      expect(() => jobsOf(spec('csv', file))).toThrow(new InputError(`${file}:1: no header row (expected a first line, other than comments, naming the columns: at least submit,duration)`));
    }
  });

  it('skips a job whose id was used before, counting it, so that no two tasks share an id', () => {
    const file = tempFile('dup.csv', 'id,submit,duration\na,0,1\na,5,1\nb,6,1\n');
    const { jobs, source } = jobsOf(spec('csv', file));
    expect(jobs.map((j) => j.id)).toEqual(['a', 'b']);
    expect(source.report().skipped).toEqual({ duplicate_id: 1 });
  });

  it('skips rows whose times, durations or task counts are past the limits, counting them', () => {
    const file = tempFile('huge.csv', 'id,submit,duration,tasks\na,0,1e308,1\nb,1e308,1,1\nc,2,1,2000000\nd,3,forever,1\n');
    const { jobs, source } = jobsOf(spec('csv', file));
    expect(jobs.map((j) => j.id)).toEqual(['d']);
    expect(source.report().skipped).toEqual({ beyond_time_limit: 2, too_many_tasks: 1 });
  });

  it('splits quoted fields', () => {
    expect(splitCsvLine('a,"b,c",d')).toEqual(['a', 'b,c', 'd']);
    expect(splitCsvLine('"say ""hi""",x')).toEqual(['say "hi"', 'x']);
    expect(splitCsvLine('a,,b')).toEqual(['a', '', 'b']);
  });

  it('reads shards one after the other, skipping a repeated header', () => {
    const one = tempFile('one.csv', 'id,submit,duration\nx,0,1\n');
    const two = tempFile('two.csv', 'id,submit,duration\ny,5,1\n');
    const { jobs } = jobsOf({ ...spec('csv', one), file: [one, two] });
    expect(jobs.map((j) => [j.id, j.submit])).toEqual([['x', 0], ['y', 5]]);
  });
});
