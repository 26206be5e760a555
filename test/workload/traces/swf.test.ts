import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { ResourceSpace } from '../../../src/model/resources.js';
import { FIXTURES, jobsOf, spec, tempFile } from './support.js';

const swf = (more = {}) => spec('swf', 'small.swf', more);

describe('SWF reader', () => {
  it('reads every field of a job: processors, run time, estimate, recorded wait, ids', () => {
    const { jobs } = jobsOf(swf());
    expect(jobs.map((j) => j.id)).toEqual(['1', '2', '7']);
    const [first] = jobs;
    // Time 0 is the first usable job's submit time (100).
    expect(first!.submit).toBe(0);
    expect(first!.gang).toBe(true);
    expect(first!.tasks).toHaveLength(2); // allocated processors (field 5)
    expect([...first!.tasks[0]!.resources]).toEqual([1000, 0]);
    expect(first!.tasks[0]!.duration).toBe(50);
    expect(first!.estimate).toBe(60);
    expect(first!.recordedWait).toBe(10);
    expect(first!.attributes).toEqual({ user: '3', group: '1', queue: '0', partition: '1', status: '1' });
  });

  it('falls back to requested processors, reads memory per processor in MB, and treats -1 as unknown', () => {
    const { jobs } = jobsOf(swf());
    const second = jobs[1]!;
    expect(second.submit).toBe(10);
    expect(second.tasks).toHaveLength(4); // allocated is -1: requested (field 8)
    expect([...second.tasks[0]!.resources]).toEqual([1000, 2000]); // 2048 KB = 2 MB = 2000 milli-MB
    expect(second.recordedWait).toBeUndefined();
    expect(second.estimate).toBeUndefined();
    expect(second.attributes.status).toBe('0'); // a failed job is replayed: it held its processors
  });

  it('uses requested processors first when asked', () => {
    const { jobs } = jobsOf(swf({ processors: 'requested' }));
    expect(jobs[0]!.tasks).toHaveLength(3);
  });

  it('counts every unusable row by reason, and reports the header', () => {
    const { source } = jobsOf(swf());
    const report = source.report();
    expect(report.rows).toBe(8);
    expect(report.jobs).toBe(3);
    expect(report.tasks).toBe(2 + 4 + 1);
    expect(report.skipped).toEqual({
      missing_run_time: 1,
      more_processors_than_machine: 1,
      cancelled_before_start: 1,
      partial_execution_record: 1,
      missing_processors: 1,
    });
    expect(report.header).toMatchObject({ Computer: 'Test machine', MaxProcs: '8', MaxNodes: '8' });
    expect(report.origin).toBe(100);
  });

  it('reports a malformed row as one line with file:line', () => {
    const text = readFileSync(join(FIXTURES, 'small.swf'), 'utf8').replace('    7   160   20  100', '    7   160   20');
    const file = tempFile('bad.swf', text);
    expect(() => jobsOf(swf({ file: [file] }))).toThrow(new InputError(`${file}:16: malformed row: expected 18 whitespace-separated fields, got 17`));
    const word = tempFile('word.swf', '1 0 0 10 x -1 -1 1 10 -1 1 1 1 -1 1 1 -1 -1\n');
    expect(() => jobsOf(swf({ file: [word] }))).toThrow(`${word}:1: malformed row: field 5 is not a decimal number (got text of 1 character)`);
    const status = tempFile('status.swf', '1 0 0 10 1 -1 -1 1 10 -1 9 1 1 -1 1 1 -1 -1\n');
    expect(() => jobsOf(swf({ file: [status] }))).toThrow(`${status}:1: malformed row: field 11 (status) must be -1, 0, 1, 2, 3, 4 or 5 (got 9)`);
    const hex = tempFile('hex.swf', '1 0x10 0 10 1 -1 -1 1 10 -1 1 1 1 -1 1 1 -1 -1\n');
    expect(() => jobsOf(swf({ file: [hex] }))).toThrow(`${hex}:1: malformed row: field 2 is not a decimal number (got "0x10")`);
  });

  it('reads a gzipped file (found by its magic bytes) as the same jobs as the plain one', () => {
    const gz = tempFile('small-copy.swf', gzipSync(readFileSync(join(FIXTURES, 'small.swf'))));
    const plain = jobsOf(swf()).jobs;
    const zipped = jobsOf(swf({ file: [gz] })).jobs;
    expect(zipped).toEqual(plain);
    expect(zipped).toHaveLength(3);
  });

  it('reads the KTH SP2 log: 28,476 jobs, one without processors', () => {
    const { jobs, source } = jobsOf(spec('swf', '../../../traces/swf/KTH-SP2-1996-2.1-cln.swf'), new ResourceSpace(['cpus']));
    const report = source.report();
    expect(report.rows).toBe(28_476);
    expect(report.skipped).toEqual({ missing_processors: 1 });
    expect(jobs).toHaveLength(28_475);
    expect(jobs[0]).toMatchObject({ id: '15', submit: 0, recordedWait: 192_180, estimate: 53_940 });
    expect(jobs[0]!.tasks).toHaveLength(4);
    expect(jobs[0]!.tasks[0]!.duration).toBe(3477);
    expect(report.header).toMatchObject({ MaxProcs: '100', MaxNodes: '100', Computer: 'IBM SP2' });
    expect(Math.max(...jobs.map((j) => j.tasks.length))).toBeLessThanOrEqual(100);
  });
});

describe('SWF reader on the shipped NASA and LCG logs', () => {
  it('reads NASA iPSC, which records no waits', () => {
    const { jobs, source } = jobsOf(spec('swf', '../../../traces/swf/NASA-iPSC-1993-3.1-cln.swf'), new ResourceSpace(['cpus']));
    expect(source.report().rows).toBe(18_239);
    expect(jobs).toHaveLength(18_239);
    expect(jobs.every((j) => j.recordedWait === undefined)).toBe(true);
    expect(source.report().header).toMatchObject({ MaxProcs: '128' });
  });

  it('reads the LCG head: 10,000 one-processor jobs, and partitions as attributes', () => {
    const { jobs, source } = jobsOf(spec('swf', '../../../traces/swf/LCG-2005-head10000.swf'), new ResourceSpace(['cpus']));
    expect(source.report().rows).toBe(10_000);
    expect(jobs.length + Object.values(source.report().skipped).reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(jobs.every((j) => j.tasks.length === 1)).toBe(true);
    expect(new Set(jobs.map((j) => j.attributes.partition)).size).toBeGreaterThan(100);
  });
});
