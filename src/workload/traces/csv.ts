/**
 * The project's own trace format, for users' own data: a CSV file with a
 * header row, one job per line, sorted by submit time. docs/traces.md is its
 * definition.
 *
 *     # lines starting with '#' are comments
 *     id,submit,tasks,duration,cpus,mem,gang,wait,estimate,user,queue
 *     a1,0,4,120,1,2048,true,30,300,alice,batch
 *
 * Columns: `submit` and `duration` (seconds) are required; `id`, `tasks`
 * (default 1), `gang` (default false), `wait` (the recorded wait, seconds) and
 * `estimate` (seconds) are optional; `cpus`, `mem`, `disk`, `gpus` and any
 * `resource.<name>` column give each task's resources; `usage.<name>` what
 * each task actually uses (for isolation); every other column is an
 * attribute that `match` and `exclude` can select on.
 *
 * @module
 */
import { ShardedLines } from './line-reader.js';
import { InputError } from '../../errors.js';
import { shownCell } from '../data-file.js';
import { decimal, lineRows, malformed, skipRow, type TraceJob, type TraceReader, type TraceRow } from './common.js';
import { notOwn } from './saved.js';
import { FieldCursor } from './field-cursor.js';

const RESERVED = new Set(['id', 'submit', 'duration', 'tasks', 'gang', 'wait', 'estimate']);
const PLAIN_RESOURCES = new Set(['cpus', 'mem', 'disk', 'gpus']);

/** Splits one CSV line; double quotes may enclose a field ("" is a quote inside one). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

interface Columns {
  readonly names: readonly string[];
  /** Index of each reserved column; -1 when the header lacks it. */
  readonly id: number;
  readonly submit: number;
  readonly duration: number;
  readonly tasks: number;
  readonly gang: number;
  readonly wait: number;
  readonly estimate: number;
  /** [column index, resource name]. */
  readonly resources: readonly (readonly [number, string])[];
  /** [column index, attribute name]. */
  readonly attributes: readonly (readonly [number, string])[];
  /** [column index, resource name] of `usage.<name>` columns. */
  readonly usage: readonly (readonly [number, string])[];
}

function columns(header: readonly string[], where: string): Columns {
  const names = header.map((h) => h.trim());
  const index: Record<string, number> = {};
  const resources: [number, string][] = [];
  const attributes: [number, string][] = [];
  const usage: [number, string][] = [];
  if (names.some((name) => Number.isFinite(decimal(name)))) {
    throw malformed(where, 'the first line looks like data, not a header (expected a header row naming the columns, e.g. id,submit,duration,cpus)');
  }
  names.forEach((name, i) => {
    if (name === '') throw malformed(where, `header column ${i + 1} has no name`);
    if (name in index) throw malformed(where, `header names column '${name}' twice`);
    index[name] = i;
    if (PLAIN_RESOURCES.has(name)) resources.push([i, name]);
    else if (name.startsWith('resource.')) resources.push([i, name.slice('resource.'.length)]);
    else if (name.startsWith('usage.')) usage.push([i, name.slice('usage.'.length)]);
    else if (!RESERVED.has(name)) attributes.push([i, name]);
  });
  for (const required of ['submit', 'duration']) {
    if (!(required in index)) throw malformed(where, `the header has no '${required}' column (expected at least submit,duration)`);
  }
  const at = (name: string): number => index[name] ?? -1;
  return {
    names,
    id: at('id'),
    submit: at('submit'),
    duration: at('duration'),
    tasks: at('tasks'),
    gang: at('gang'),
    wait: at('wait'),
    estimate: at('estimate'),
    resources,
    attributes,
    usage,
  };
}

export function csvReader(files: readonly string[], options: { readonly gang: boolean | undefined }): TraceReader {
  const lines = new ShardedLines(files);
  let cols: Columns | undefined;
  // The row being read, through one cursor reused for every row.
  const row = new FieldCursor();

  /** True when column `i` is absent or blank in this row. */
  const missing = (i: number): boolean => i < 0 || row.isBlank(i);
  /** Column `i` (named `name`) as a number >= 0. */
  const num = (name: string, i: number): number => {
    const value = row.decimal(i);
    if (!Number.isFinite(value) || value < 0) throw malformed(lines.where, `${name} must be a decimal number >= 0 (got ${shownCell(row.text(i))})`);
    return value;
  };

  const parse = (c: Columns, n: number): TraceRow => {
    if (row.count !== c.names.length) throw malformed(lines.where, `expected ${c.names.length} fields as in the header, got ${row.count}`);
    if (missing(c.submit)) return skipRow('missing_submit_time');
    if (missing(c.duration)) return skipRow('missing_duration');
    const duration = row.trimmedEquals(c.duration, 'forever') ? Infinity : num('duration', c.duration);
    const tasks = missing(c.tasks) ? 1 : num('tasks', c.tasks);
    if (!Number.isInteger(tasks)) throw malformed(lines.where, `tasks must be a whole number (got ${shownCell(row.text(c.tasks))})`);
    if (tasks === 0) return skipRow('no_tasks');
    let gang = options.gang ?? false;
    if (!missing(c.gang)) {
      if (row.trimmedEquals(c.gang, 'true') || row.trimmedEquals(c.gang, '1')) gang = true;
      else if (row.trimmedEquals(c.gang, 'false') || row.trimmedEquals(c.gang, '0')) gang = false;
      else throw malformed(lines.where, `gang must be true, false, 1 or 0 (got ${shownCell(row.text(c.gang))})`);
    }
    const resources: Record<string, number> = {};
    for (const [i, name] of c.resources) if (!row.isBlank(i)) resources[name] = num(c.names[i]!, i);
    let usage: Record<string, number> | undefined;
    for (const [i, name] of c.usage) if (!row.isBlank(i)) (usage ??= {})[name] = num(c.names[i]!, i);
    const attributes: Record<string, string> = {};
    for (const [i, name] of c.attributes) if (!row.isBlank(i)) attributes[name] = row.trimmed(i);
    const job: { -readonly [K in keyof TraceJob]: TraceJob[K] } = {
      id: missing(c.id) ? `job-${n}` : row.trimmed(c.id),
      submit: num('submit', c.submit),
      tasks: [usage === undefined ? { count: tasks, resources, duration: Math.max(duration, 0) } : { count: tasks, resources, duration: Math.max(duration, 0), usage }],
      gang,
      attributes,
    };
    if (!missing(c.wait)) job.recordedWait = num('wait', c.wait);
    if (!missing(c.estimate)) job.estimate = num('estimate', c.estimate);
    return { job };
  };

  const reader = lineRows(lines, (text, n) => {
    if (text.startsWith('#')) return undefined;
    row.setCsv(text);
    if (cols === undefined) {
      cols = columns(Array.from({ length: row.count }, (_, i) => row.text(i)), lines.where);
      return undefined;
    }
    if (isHeader(row, cols)) return undefined; // a later shard's own header
    return parse(cols, n);
  }, {
    kind: 'csv reader',
    // Kept between rows: the header's names (its columns follow from them).
    kept: {
      save: () => cols?.names,
      load(saved: unknown): void {
        if (saved !== undefined && !(Array.isArray(saved) && saved.every((n) => typeof n === 'string'))) notOwn('a CSV header other than a list of names');
        cols = saved === undefined ? undefined : columns(saved as string[], `${files[0]} (its header, as saved)`);
      },
    },
  });
  return {
    next() {
      const next = reader.next();
      if (next === undefined && cols === undefined) {
        throw new InputError(`${files[0]}:1: no header row (expected a first line, other than comments, naming the columns: at least submit,duration)`);
      }
      return next;
    },
    close: () => reader.close(),
    get rows() {
      return reader.rows;
    },
    saveState: () => reader.saveState(),
    loadState: (saved) => reader.loadState(saved),
  };
}

/** True when the row read is the header again (each field, trimmed, the header's name). */
function isHeader(row: FieldCursor, c: Columns): boolean {
  if (row.count !== c.names.length) return false;
  for (let i = 0; i < row.count; i++) if (!row.trimmedEquals(i, c.names[i]!)) return false;
  return true;
}
