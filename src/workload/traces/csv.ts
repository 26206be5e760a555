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
import { decimal, lineRows, malformed, type TraceReader, type TraceRow } from './common.js';

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
  readonly index: Readonly<Record<string, number>>;
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
  return { names, index, resources, attributes, usage };
}

export function csvReader(files: readonly string[], options: { readonly gang: boolean | undefined }): TraceReader {
  const lines = new ShardedLines(files);
  let cols: Columns | undefined;
  let header: readonly string[] | undefined;

  const parse = (fields: readonly string[], c: Columns, row: number): TraceRow => {
    const where = lines.where;
    if (fields.length !== c.names.length) throw malformed(where, `expected ${c.names.length} fields as in the header, got ${fields.length}`);
    const cell = (name: string): string | undefined => {
      const i = c.index[name];
      const text = i === undefined ? undefined : fields[i]!.trim();
      return text === '' ? undefined : text;
    };
    const num = (name: string, text: string): number => {
      const value = decimal(text);
      if (!Number.isFinite(value) || value < 0) throw malformed(where, `${name} must be a decimal number >= 0 (got ${shownCell(text)})`);
      return value;
    };
    const submitText = cell('submit');
    if (submitText === undefined) return { skip: 'missing_submit_time' };
    const durationText = cell('duration');
    if (durationText === undefined) return { skip: 'missing_duration' };
    const duration = durationText === 'forever' ? Infinity : num('duration', durationText);
    const tasksText = cell('tasks');
    const tasks = tasksText === undefined ? 1 : num('tasks', tasksText);
    if (!Number.isInteger(tasks)) throw malformed(where, `tasks must be a whole number (got ${shownCell(tasksText)})`);
    if (tasks === 0) return { skip: 'no_tasks' };
    const gangText = cell('gang');
    let gang = options.gang ?? false;
    if (gangText !== undefined) {
      if (!['true', 'false', '1', '0'].includes(gangText)) throw malformed(where, `gang must be true, false, 1 or 0 (got ${shownCell(gangText)})`);
      gang = gangText === 'true' || gangText === '1';
    }
    const resources: Record<string, number> = {};
    for (const [i, name] of c.resources) {
      const text = fields[i]!.trim();
      if (text !== '') resources[name] = num(c.names[i]!, text);
    }
    const usage: Record<string, number> = {};
    for (const [i, name] of c.usage) {
      const text = fields[i]!.trim();
      if (text !== '') usage[name] = num(c.names[i]!, text);
    }
    const attributes: Record<string, string> = {};
    for (const [i, name] of c.attributes) {
      const text = fields[i]!.trim();
      if (text !== '') attributes[name] = text;
    }
    const waitText = cell('wait');
    const estimateText = cell('estimate');
    return {
      job: {
        id: cell('id') ?? `job-${row}`,
        submit: num('submit', submitText),
        tasks: [{ count: tasks, resources, duration: Math.max(duration, 0), ...(Object.keys(usage).length > 0 ? { usage } : {}) }],
        gang,
        attributes,
        ...(waitText !== undefined ? { recordedWait: num('wait', waitText) } : {}),
        ...(estimateText !== undefined ? { estimate: num('estimate', estimateText) } : {}),
      },
    };
  };

  const reader = lineRows(lines, (text, row) => {
    if (text.startsWith('#')) return undefined;
    const fields = splitCsvLine(text);
    if (cols === undefined || header === undefined) {
      cols = columns(fields, lines.where);
      header = fields;
      return undefined;
    }
    if (isSameHeader(fields, header)) return undefined; // a later shard's own header
    return parse(fields, cols, row);
  });
  return {
    next() {
      const row = reader.next();
      if (row === undefined && cols === undefined) {
        throw new InputError(`${files[0]}:1: no header row (expected a first line, other than comments, naming the columns: at least submit,duration)`);
      }
      return row;
    },
    close: () => reader.close(),
    get rows() {
      return reader.rows;
    },
  };
}

function isSameHeader(fields: readonly string[], header: readonly string[]): boolean {
  return fields.length === header.length && fields.every((f, i) => f.trim() === header[i]!.trim());
}
