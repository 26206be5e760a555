/**
 * Trace sources saved mid-file and restored (a checkpoint that holds the
 * state, docs/checkpoints.md): a source made again from the same scenario
 * that takes the saved state, passed through the checkpoint's codec as a
 * restore does, hands out exactly the jobs the uninterrupted source hands
 * out after that point, and reports the same figures at the end, for every
 * reader, plain and gzipped; it reopens the file at the saved offset
 * without reading the rows before it. A state that is not the source's own
 * is refused.
 */
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from '../../../src/checkpoint/snapshot.js';
import type { TraceSource } from '../../../src/workload/traces/common.js';
import { traceSource, type TraceWorkloadSpec } from '../../../src/workload/traces/index.js';
import { heldBytes, type LineState } from '../../../src/workload/traces/line-reader.js';
import { generateTraceFile, type GeneratedFormat } from '../../../perf/traces/generate.js';
import { PROPERTY_SEED, runs, SOAK } from '../../helpers/property.js';
import { tempDir } from '../../helpers/temp.js';
import { readAll, space, spec } from './support.js';

/** A state as a restore gets it: encoded into the checkpoint's graph, through JSON, and decoded. */
const throughCheckpoint = (state: unknown): unknown => decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(state, { built: [] }))), { built: [] });

const source = (w: TraceWorkloadSpec): TraceSource => traceSource(w, space, 'fw');

/** The position of the file being read in a source's state (the line reader's). */
function position(state: unknown): LineState | undefined {
  const reader = (state as { reader: { lines: { reader?: LineState } } }).reader;
  return reader.lines.reader;
}

const dir = tempDir('sim-trace-snap-');

/** A generated trace file of `rows` rows (about 50-120 bytes each: several 64 KiB chunks). */
function generated(format: GeneratedFormat, rows: number): string {
  const file = join(dir, `${format}-${rows}`);
  generateTraceFile(format, rows, 7, file);
  return file;
}

/**
 * A Google 2011 task_events file of `jobs` jobs of 1-3 tasks, a job every
 * 10 s, each task running 15-75 s (so that several jobs are open at once), with
 * rows each kind of note or skip counts: updates, a duplicate SUBMIT, a
 * missing request, a task never scheduled, a job ID submitted again.
 */
function googleTaskEvents(jobs = 1500): string {
  const events: [number, string][] = [];
  const us = (t: number): number => 600_000_000 + t * 1_000_000;
  for (let j = 0; j < jobs; j++) {
    const t = 10 * j;
    const id = 6_000_000 + (j % 97 === 5 ? j - 1 : j); // now and then an ID submitted again: a batch `<id>.2`
    for (let k = 0; k < 1 + (j % 3); k++) {
      const request = j % 211 === 7 ? ',,' : `${0.01 * (1 + (j % 5))},${0.02 * (1 + (k % 2))},0.0001`;
      events.push([us(t), `${us(t)},,${id},${k},,0,user${j % 13},${j % 4},${j % 10},${request},0`]);
      if (j % 101 === 3) events.push([us(t), `${us(t)},,${id},${k},,0,user${j % 13},${j % 4},${j % 10},${request},0`]);
      if (j % 89 === 11 && k === 0) {
        events.push([us(t + 5), `${us(t + 5)},,${id},${k},,5,user${j % 13},${j % 4},${j % 10},,,,`]); // killed before it was scheduled
        continue;
      }
      events.push([us(t + 1), `${us(t + 1)},,${id},${k},${100 + k},1,user${j % 13},${j % 4},${j % 10},,,,`]);
      if (k === 1) events.push([us(t + 2), `${us(t + 2)},,${id},${k},${100 + k},8,user${j % 13},${j % 4},${j % 10},,,,`]);
      events.push([us(t + 15 + ((j * 7 + k * 13) % 61)), `${us(t + 15 + ((j * 7 + k * 13) % 61))},,${id},${k},${100 + k},${4 - (j % 3)},user${j % 13},${j % 4},${j % 10},,,,`]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  const file = join(dir, `google-task_events-${jobs}.csv`);
  writeFileSync(file, events.map((e) => `${e[1]}\n`).join(''));
  return file;
}

function gzipped(file: string): string {
  const out = `${file}.gz`;
  writeFileSync(out, gzipSync(readFileSync(file)));
  return out;
}

/**
 * Checks the restore at several cuts: the jobs after the cut, and the report
 * at the end, are the uninterrupted source's. Returns the states saved.
 */
/** Where the cuts are, as fractions of the jobs (the second: after the first job): at the start, after the first job, in the middle and at the end; under SOAK=1 three more inside. */
const FRACTIONS = SOAK ? [0, 1, 0.1, 0.37, 0.5, 0.83, 1] : [0, 1, 0.5, 1];
/** The cut in the middle of the file. */
const MIDDLE = FRACTIONS.indexOf(0.5);

function checkCuts(w: TraceWorkloadSpec): unknown[] {
  const whole = source(w);
  const jobs = readAll(whole);
  const report = whole.report();
  expect(jobs.length).toBeGreaterThan(100);
  const cuts = FRACTIONS.map((f, i) => (i === 1 ? 1 : Math.round(f * jobs.length)));
  const states: unknown[] = [];
  for (const cut of cuts) {
    const first = source(w);
    for (let i = 0; i < cut; i++) expect(first.next()?.id).toBe(jobs[i]!.id);
    const saved = first.saveState!();
    states.push(saved);
    const again = source(w);
    again.loadState!(throughCheckpoint(saved));
    const rest = readAll(again);
    expect(rest.length, `after ${cut} jobs`).toBe(jobs.length - cut);
    expect(JSON.stringify(rest), `after ${cut} jobs`).toBe(JSON.stringify(jobs.slice(cut)));
    expect(again.report(), `after ${cut} jobs`).toEqual(report);
  }
  return states;
}

describe('trace sources saved mid-file and restored', () => {
  const cases: [string, () => TraceWorkloadSpec][] = [
    ['swf', () => spec('swf', generated('swf', 4000))],
    ['csv, with a window, sampling and a match', () => spec('csv', generated('csv', 4000), { window: { start: 500 }, sample: 2, exclude: { user: ['u7'] } })],
    ['alibaba2018 batch_task', () => spec('alibaba2018', generated('alibaba-task', 4000), { machine: { mem: 1024 } })],
    ['alibaba2018 batch_task with group_jobs', () => spec('alibaba2018', generated('alibaba-task', 4000), { machine: { mem: 1024 }, group_jobs: true })],
    ['alibaba2018 batch_instance', () => spec('alibaba2018', generated('alibaba-instance', 4000), { table: 'batch_instance', machine: { mem: 1024 } })],
    ['google2011 task_events', () => spec('google2011', googleTaskEvents(), { table: 'task_events', machine: { cpus: 32, mem: 65536 } })],
  ];
  it.each(cases)('%s: the jobs after each cut and the report at the end are the uninterrupted read’s', (_, make) => {
    const states = checkCuts(make());
    // Cut in the middle of the file, holding a partial line read ahead.
    const middle = position(states[MIDDLE]);
    expect(middle!.offset).toBeGreaterThan(65_536);
    expect(middle!.rest.length).toBeGreaterThan(0);
  });

  it('a gzipped file is inflated again up to the saved offset, and goes on from there', () => {
    const states = checkCuts(spec('swf', gzipped(generated('swf', 4000))));
    expect(position(states[MIDDLE])!.offset).toBeGreaterThan(2 * 65_536);
  });

  it('a Google 2011 reader keeps its open tasks and unfinished jobs: each one object again after the restore', () => {
    const w = spec('google2011', googleTaskEvents(), { table: 'task_events', machine: { cpus: 32, mem: 65536 } });
    const first = source(w);
    for (let i = 0; i < 700; i++) first.next();
    const state = throughCheckpoint(first.saveState!()) as { reader: { kept: { tasks: Map<unknown, { job: unknown }>; queue: unknown[] } } };
    const { tasks, queue } = state.reader.kept;
    expect(tasks.size).toBeGreaterThan(0);
    for (const t of tasks.values()) expect(queue).toContain(t.job);
    // The file has a row of every kind the reader notes or skips.
    readAll(first);
    const report = first.report();
    expect(Object.keys(report.notes as object).sort()).toEqual(['duplicate_submits_ignored', 'tasks_never_scheduled', 'updates_ignored']);
    expect(Object.keys(report.skipped).sort()).toEqual(['event_without_submit', 'missing_resource_request', 'never_scheduled', 'schedule_without_submit']);
  });

  it('reopens a plain file at the saved offset: the rows before it are not read again', () => {
    const file = join(dir, 'overwritten.swf');
    writeFileSync(file, readFileSync(generated('swf', 4000)));
    const w = spec('swf', file);
    const whole = readAll(source(w));
    const first = source(w);
    for (let i = 0; i < 1500; i++) first.next();
    const saved = throughCheckpoint(first.saveState!());
    const at = position(saved)!;
    // Garbage over every byte before what the reader holds: read again, it would be a malformed row.
    const before = at.offset - Buffer.byteLength(at.rest) - at.held.length;
    expect(before).toBeGreaterThan(65_536);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(before, 'x'), 0, before, 0);
    closeSync(fd);
    expect(() => readAll(source(w))).toThrow(/malformed row/);
    const again = source(w);
    again.loadState!(saved);
    expect(JSON.stringify(readAll(again))).toBe(JSON.stringify(whole.slice(1500)));
  });

  it('characters cut between two chunks are decoded whole after a restore at any line', () => {
    // Users of 4-byte characters; the first line padded so that the first chunk (65,536 bytes) ends inside one.
    const rows = Array.from({ length: 3000 }, (_, i) => `j${i},${i},1,10,1,u${i}${'🙂'.repeat(1 + (i % 9))}`);
    const content = (pad: number): Buffer => Buffer.from(`${'#'.repeat(pad + 1)}\nid,submit,tasks,duration,cpus,user\n${rows.join('\n')}\n`);
    const pad = [0, 1, 2, 3].find((p) => (content(p)[65_535]! & 0xc0) === 0xf0 || (content(p)[65_536]! & 0xc0) === 0x80)!;
    const file = join(dir, 'utf8.csv');
    writeFileSync(file, content(pad));
    const w = spec('csv', file);
    const whole = readAll(source(w));
    const first = source(w);
    let held = 0;
    for (let i = 0; i < whole.length; i++) {
      const saved = first.saveState!();
      const at = position(saved);
      // A restore wherever the decoder holds part of a character (checking the next jobs; all of them the first time), and every 500 jobs.
      const holding = at !== undefined && at.held.length > 0;
      if (holding || i % 500 === 0) {
        const again = source(w);
        again.loadState!(throughCheckpoint(saved));
        const next = held === 0 || !holding ? readAll(again) : [again.next(), again.next(), again.next()];
        expect(JSON.stringify(next)).toBe(JSON.stringify(whole.slice(i, i + next.length)));
        if (holding) held++;
      }
      first.next();
    }
    expect(held).toBeGreaterThan(0);
  });
});

describe('the bytes a UTF-8 decoder holds at a chunk end', () => {
  it('are the ones a fresh decoder needs: text so far + a fresh decode from them on = the whole text', () => {
    // Bytes drawn mostly from lead and continuation bytes, so that cut characters, valid or not, are common.
    const byte = fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.constantFrom(0x0a, 0x41));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), fc.nat(), (bytes, at) => {
        const all = Uint8Array.from(bytes);
        const cut = at % (all.length + 1);
        const decoder = new TextDecoder('utf-8');
        const before = decoder.decode(all.subarray(0, cut), { stream: true });
        const held = heldBytes([...all.subarray(Math.max(0, cut - 3), cut)]);
        expect(before + new TextDecoder('utf-8').decode(all.subarray(cut - held))).toBe(new TextDecoder('utf-8').decode(all));
      }),
      { seed: PROPERTY_SEED, numRuns: runs(2000, 20000) },
    );
  });
});

describe('a trace source refuses a state that is not its own', () => {
  const file = generated('swf', 4000);
  const saved = (w: TraceWorkloadSpec, jobs = 1000): unknown => {
    const s = source(w);
    for (let i = 0; i < jobs; i++) s.next();
    return throughCheckpoint(s.saveState!());
  };

  it('another format’s, another framework’s, or not a state at all', () => {
    const csv = saved(spec('csv', generated('csv', 4000)), 10);
    expect(() => source(spec('swf', file)).loadState!(csv)).toThrow('the state of a csv trace of framework fw (expected the state of a swf trace of framework fw)');
    const other = traceSource(spec('swf', file), space, 'other');
    expect(() => other.loadState!(saved(spec('swf', file)))).toThrow('expected the state of a swf trace of framework other');
    expect(() => source(spec('swf', file)).loadState!(42)).toThrow('the state of no reader');
  });

  it('a state with a field of the wrong kind, naming the field', () => {
    const s = saved(spec('swf', file)) as Record<string, unknown>;
    expect(() => source(spec('swf', file)).loadState!({ ...s, lastSubmit: 'soon' })).toThrow('swf trace of framework fw field lastSubmit is "soon" (expected a number)');
    const reader = s.reader as Record<string, unknown>;
    expect(() => source(spec('swf', file)).loadState!({ ...s, reader: { ...reader, kind: 'csv reader' } })).toThrow('the state of a csv reader (expected the state of a swf reader)');
    const lines = reader.lines as Record<string, unknown>;
    expect(() => source(spec('swf', file)).loadState!({ ...s, reader: { ...reader, lines: { ...lines, files: 2 } } })).toThrow('2 trace files (expected 1)');
  });

  it('a file whose size changed since the state was saved', () => {
    const copy = join(dir, 'changed.swf');
    writeFileSync(copy, readFileSync(file));
    const s = saved(spec('swf', copy));
    writeFileSync(copy, `${readFileSync(file, 'utf8')}; one more line\n`);
    expect(() => source(spec('swf', copy)).loadState!(s)).toThrow(`${copy}: the trace file is ${statSync(copy).size} bytes, ${statSync(file).size} when the run was saved (expected the same file)`);
  });
});
