/**
 * The Standard Workload Format of the Parallel Workloads Archive: `;` header
 * comments (`; Key: value`, keys may repeat, continuation lines), then one job
 * per line of 18 whitespace-separated numeric fields, `-1` for unknown.
 *
 * Each job becomes a rigid gang job of N one-CPU tasks (N processors), each
 * running the recorded run time. See docs/traces.md for every field.
 *
 * @module
 */
import { MIN_DURATION } from '../synthetic.js';
import { ShardedLines } from './line-reader.js';
import { shownCell } from '../data-file.js';
import { lineRows, malformed, skipRow, type TraceJob, type TraceReader, type TraceRow } from './common.js';
import { notOwn } from './saved.js';
import { FieldCursor, isSpace } from './field-cursor.js';

export interface SwfOptions {
  /** Which processor count a job asks for: allocated (field 5, else 8) or requested (field 8, else 5). */
  readonly processors: 'allocated' | 'requested';
  /** Gang (rigid) jobs: all processors at once. */
  readonly gang: boolean;
}

/** Field numbers (1-based, as in the format's definition). */
const F = {
  job: 1, submit: 2, wait: 3, run: 4, allocated: 5, cpuUsed: 6, memUsed: 7, requested: 8,
  requestedTime: 9, requestedMemory: 10, status: 11, user: 12, group: 13, executable: 14,
  queue: 15, partition: 16, preceding: 17, think: 18,
} as const;

/** The fields kept as attributes, in this order. */
const ATTRIBUTES = ['user', 'group', 'executable', 'queue', 'partition', 'status'] as const;

/** True for a header comment line: `;` after optional white space (as `/^\s*;/`). */
function isHeaderLine(text: string): boolean {
  let at = 0;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return text.charCodeAt(at) === 59;
}

/** Status codes the format defines: unknown, failed, completed, partial executions (2, 3, 4) and cancelled. */
const STATUSES: ReadonlySet<number> = new Set([-1, 0, 1, 2, 3, 4, 5]);

/** The header: every `; Key: value`, repeated keys in order; continuation lines appended. */
export type SwfHeader = Map<string, string[]>;

/** A header number (e.g. MaxProcs), or undefined when absent or not a plain number. */
export function headerNumber(header: SwfHeader, key: string): number | undefined {
  const text = header.get(key)?.[0]?.trim().split(/\s+/)[0];
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function swfReader(files: readonly string[], options: SwfOptions): TraceReader {
  const lines = new ShardedLines(files);
  const header: SwfHeader = new Map();
  let lastKey: string | undefined;
  let maxProcs: number | undefined;

  const readHeader = (text: string): void => {
    const body = text.replace(/^\s*;/, '');
    const m = /^\s*([A-Za-z][A-Za-z0-9 ]*?)\s*:\s?(.*)$/.exec(body);
    if (m !== null && !body.startsWith('     ')) {
      lastKey = m[1]!;
      const list = header.get(lastKey) ?? [];
      list.push(m[2]!.trim());
      header.set(lastKey, list);
      if (lastKey === 'MaxProcs' || lastKey === 'MaxNodes') maxProcs = headerNumber(header, 'MaxProcs') ?? headerNumber(header, 'MaxNodes');
    } else if (lastKey !== undefined && body.trim() !== '') {
      const list = header.get(lastKey)!;
      list[list.length - 1] = `${list[list.length - 1]} ${body.trim()}`;
    } else {
      lastKey = undefined;
    }
  };

  // The row being read: one cursor and one array of its 18 values, reused for every row.
  const cursor = new FieldCursor();
  const v = new Float64Array(18);
  const field = (n: number): number => v[n - 1]!;
  const known = (n: number): number | undefined => (v[n - 1] === -1 ? undefined : v[n - 1]);
  const [first, second] = options.processors === 'allocated' ? [F.allocated, F.requested] : [F.requested, F.allocated];
  /** The resources of a task without a memory figure: shared by every such job. */
  const oneCpu: Readonly<Record<string, number>> = Object.freeze({ cpus: 1 });

  const parse = (text: string): TraceRow => {
    const count = cursor.setWords(text);
    if (count !== 18) throw malformed(lines.where, `expected 18 whitespace-separated fields, got ${count}`);
    for (let i = 0; i < 18; i++) {
      const n = cursor.decimal(i);
      if (!Number.isFinite(n)) throw malformed(lines.where, `field ${i + 1} is not a decimal number (got ${shownCell(cursor.text(i))})`);
      v[i] = n;
    }

    const status = field(F.status);
    if (!STATUSES.has(status)) throw malformed(lines.where, `field 11 (status) must be -1, 0, 1, 2, 3, 4 or 5 (got ${status})`);
    // Partial executions (checkpointing/swapping): the job's summary line is replayed instead.
    if (status === 2 || status === 3 || status === 4) return skipRow('partial_execution_record');
    const run = known(F.run);
    if (status === 5 && (run === undefined || run <= 0)) return skipRow('cancelled_before_start');
    const submit = known(F.submit);
    if (submit === undefined || submit < 0) return skipRow('missing_submit_time');
    if (run === undefined || run < 0) return skipRow('missing_run_time');
    const procs = known(first) ?? known(second);
    if (procs === undefined || procs <= 0) return skipRow('missing_processors');
    if (!Number.isInteger(procs)) throw malformed(lines.where, `processors must be a whole number (got ${procs})`);
    if (maxProcs !== undefined && procs > maxProcs) return skipRow('more_processors_than_machine');

    const memoryKb = known(F.requestedMemory) ?? known(F.memUsed);
    const resources = memoryKb !== undefined && memoryKb > 0 ? { cpus: 1, mem: memoryKb / 1024 } : oneCpu;
    const attributes: Record<string, string> = {};
    for (const key of ATTRIBUTES) {
      const value = known(F[key]);
      if (value !== undefined) attributes[key] = String(value);
    }
    const wait = known(F.wait);
    const estimate = known(F.requestedTime);
    const job: { -readonly [K in keyof TraceJob]: TraceJob[K] } = {
      id: String(field(F.job)),
      submit,
      tasks: [{ count: procs, resources, duration: Math.max(run, MIN_DURATION) }],
      gang: options.gang,
      attributes,
    };
    if (wait !== undefined && wait >= 0) job.recordedWait = wait;
    if (estimate !== undefined && estimate > 0) job.estimate = estimate;
    return { job };
  };

  const row = (text: string): TraceRow | undefined => {
    if (!isHeaderLine(text)) return parse(text);
    readHeader(text);
    return undefined;
  };

  const info = (): Record<string, unknown> => {
    const pick = ['Computer', 'Installation', 'MaxJobs', 'MaxRecords', 'MaxNodes', 'MaxProcs', 'UnixStartTime', 'TimeZoneString', 'Preemption'];
    const out: Record<string, string> = {};
    for (const key of pick) {
      const value = header.get(key)?.[0];
      if (value !== undefined) out[key] = value;
    }
    return { header: out };
  };
  // Kept between rows: the header read so far (`maxProcs` follows from it) and the key a continuation line extends.
  const kept = {
    save: () => ({ header, lastKey }),
    load(saved: unknown): void {
      const s = saved as { header?: unknown; lastKey?: unknown } | undefined;
      const h = s?.header;
      if (!(h instanceof Map) || ![...h].every(([k, v]) => typeof k === 'string' && Array.isArray(v) && v.every((x) => typeof x === 'string'))) notOwn('an SWF header other than lists of text by key');
      if (s!.lastKey !== undefined && !(typeof s!.lastKey === 'string' && h.has(s!.lastKey))) notOwn('an SWF header key it does not have');
      header.clear();
      for (const [k, v] of h as SwfHeader) header.set(k, [...v]);
      lastKey = s!.lastKey as string | undefined;
      maxProcs = headerNumber(header, 'MaxProcs') ?? headerNumber(header, 'MaxNodes');
    },
  };
  return lineRows(lines, row, { kind: 'swf reader', info, kept });
}
