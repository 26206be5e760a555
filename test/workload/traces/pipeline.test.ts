import { describe, expect, it } from 'vitest';
import { jobsOf, spec, tempFile } from './support.js';
import { traceSource } from '../../../src/workload/traces/index.js';
import { space } from './support.js';

// small.swf's usable jobs: 1 (submit 100, user 3, queue 0), 2 (110, user 4, queue 1), 7 (160, user 3, queue 1).
const swf = (more = {}) => spec('swf', 'small.swf', more);

describe('trace selection (every reader)', () => {
  it('keeps the jobs of a window, starting simulated time at window.start, and stops reading at its end', () => {
    const { jobs, source } = jobsOf(swf({ window: { start: 105, end: 150 } }));
    expect(jobs.map((j) => [j.id, j.submit])).toEqual([['2', 5]]);
    const report = source.report();
    expect(report.left_out.before_window).toBe(1);
    expect(report.stopped_at_window_end).toBe(true);
    expect(report.origin).toBe(105);
    // Job 8's row (after job 7, past the end) is never read.
    expect(report.rows).toBe(7);
  });

  it('samples one job in k: the 1st, the (k+1)th, ...', () => {
    const { jobs, source } = jobsOf(swf({ sample: 2 }));
    expect(jobs.map((j) => j.id)).toEqual(['1', '7']);
    expect(source.report().left_out.sampled_out).toBe(1);
  });

  it('divides inter-arrival times by the load factor', () => {
    expect(jobsOf(swf({ load: 2 })).jobs.map((j) => j.submit)).toEqual([0, 5, 30]);
    expect(jobsOf(swf({ load: 0.5 })).jobs.map((j) => j.submit)).toEqual([0, 20, 120]);
  });

  it('selects a framework’s jobs by attribute with match and exclude, keeping the trace clock shared', () => {
    const q1 = jobsOf(swf({ match: { queue: ['1'] } }));
    expect(q1.jobs.map((j) => [j.id, j.submit])).toEqual([['2', 10], ['7', 60]]); // origin is still job 1's submit
    expect(q1.source.report().left_out.not_matched).toBe(1);
    expect(jobsOf(swf({ exclude: { user: ['4'] } })).jobs.map((j) => j.id)).toEqual(['1', '7']);
    expect(jobsOf(swf({ match: { queue: ['1'], group: ['2'] } })).jobs.map((j) => j.id)).toEqual(['7']);
    expect(jobsOf(swf({ match: { nosuch: ['1'] } })).jobs).toEqual([]);
  });

  it('applies the window, then the selection, then sampling', () => {
    const { jobs } = jobsOf(swf({ window: { start: 100 }, match: { user: ['3'] }, sample: 2 }));
    expect(jobs.map((j) => j.id)).toEqual(['1']); // user 3: jobs 1 and 7; keep the 1st of every 2
  });

  it('skips a job submitted before the previous one, counting it', () => {
    const file = tempFile('order.csv', 'submit,duration\n10,1\n5,1\n20,1\n');
    const { jobs, source } = jobsOf(spec('csv', file));
    expect(jobs.map((j) => j.submit)).toEqual([0, 10]);
    expect(source.report().skipped).toEqual({ out_of_order: 1 });
  });

  it('opens the file when built, so that a missing file is reported before the run', () => {
    expect(() => traceSource(spec('swf', 'no-such.swf'), space, 'fw')).toThrow(/no-such\.swf: cannot read the trace file/);
  });
});
