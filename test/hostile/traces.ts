/**
 * Hostile traces: the rows issue 12 (item 5) found changed or dropped
 * silently, written by hand, and rows of the test fixtures with one cell
 * mutated, drawn from a seeded stream. A row either stops the run with one
 * line naming the trace file and line (exit 2), or is skipped and counted by
 * reason in summary.json (exit 0): `files` checks the count.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { stringify } from 'yaml';
import type { Expectation, HostileCase } from './cases.js';
import { baseDoc } from './crafted.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'traces');

type Trace = Record<string, unknown>;

/** A scenario whose one framework replays `trace` (file t.csv), with a cluster that fits every fixture. */
function withTrace(trace: Trace, machines?: Trace): string {
  const d = baseDoc() as { cluster: Record<string, unknown>; frameworks: Record<string, unknown>[] };
  d.cluster = { agents: [{ name: 'g', count: 4, resources: { cpus: 64, mem: 131072, disk: 100000 } }], ...(machines !== undefined ? { trace_machines: machines } : {}) };
  d.frameworks[0]!.workload = { trace: { file: 't.csv', ...trace } };
  return stringify(d, { lineWidth: 0 });
}

/** The formats, each with its fixture and the options it needs. */
const FORMATS: readonly { name: string; fixture: string; trace: Trace; separator: RegExp }[] = [
  { name: 'csv', fixture: 'small.csv', trace: { format: 'csv' }, separator: /,/ },
  { name: 'swf', fixture: 'small.swf', trace: { format: 'swf' }, separator: /\s+/ },
  { name: 'google2011', fixture: 'google-task_events.csv', trace: { format: 'google2011', machine: { cpus: 32, mem: 65536 } }, separator: /,/ },
  { name: 'alibaba2018 batch_task', fixture: 'alibaba-batch_task.csv', trace: { format: 'alibaba2018', machine: { mem: 65536 } }, separator: /,/ },
  { name: 'alibaba2018 batch_instance', fixture: 'alibaba-batch_instance.csv', trace: { format: 'alibaba2018', table: 'batch_instance', machine: { mem: 65536 } }, separator: /,/ },
];

const RUN = ['run', 's.yaml', '--out', '{out}', '--no-wall-clock'];
const skipped = (reason: string, n = 1): Expectation => ({ exit: 0, files: { 'out/summary.json': new RegExp(`"${reason}": ${n}\\b`) } });
const malformed = (line: number, ...words: string[]): Expectation => ({ exit: 'input', mentions: [`t.csv:${line}: malformed row: `, ...words], maxLines: 1 });

function trace(id: string, format: Trace, rows: string, expect: Expectation): HostileCase {
  return { id: `trace: ${id}`, files: { 's.yaml': withTrace(format), 't.csv': rows }, args: RUN, expect };
}

/** The reproducers of issue 12, item 5, and the limits of times, durations and task counts. */
export function craftedTraceCases(): HostileCase[] {
  const csv = { format: 'csv' };
  const alibaba = { format: 'alibaba2018', machine: { mem: 65536 } };
  const google = { format: 'google2011', machine: { cpus: 32, mem: 65536 } };
  const swf = { format: 'swf' };
  const swfRow = (submit: string, run: string, status = '1'): string => `1 ${submit} 0 ${run} 2 -1 -1 2 60 -1 ${status} 1 1 -1 1 1 -1 -1`;
  return [
    trace('alibaba plan_mem negative', alibaba, 'M1,1,j_1,1,Terminated,10,20,100,-5\nM2,1,j_2,1,Terminated,11,20,100,5\n', skipped('invalid_plan_mem')),
    trace('alibaba plan_mem empty', alibaba, 'M1,1,j_1,1,Terminated,10,20,100,\nM2,1,j_2,1,Terminated,11,20,100,5\n', skipped('missing_plan_mem')),
    trace('alibaba plan_mem above any machine', alibaba, 'M1,1,j_1,1,Terminated,10,20,100,250\nM2,1,j_2,1,Terminated,11,20,100,5\n', skipped('invalid_plan_mem')),
    trace('alibaba start 1e308', alibaba, 'M1,1,j_1,1,Terminated,10,20,100,5\nM2,1,j_2,1,Terminated,1e308,1e308,100,5\n', skipped('beyond_time_limit')),
    trace('alibaba 1e9 instances', alibaba, 'M1,1000000000,j_1,1,Terminated,10,20,100,5\nM2,1,j_2,1,Terminated,11,20,100,5\n', skipped('too_many_tasks')),
    trace('google negative CPU request', google, '0,,100,0,,0,u1,2,9,-0.5,0.25,,0\n0,,100,0,5,1,u1,2,9,,,,\n0,,200,0,,0,u1,2,9,0.5,0.25,,0\n0,,200,0,5,1,u1,2,9,,,,\n1000000000,,200,0,5,4,u1,2,9,,,,\n', skipped('negative_resource_request')),
    // Both jobs: the one at 1e302 s, and the first, whose task runs until the trace's last event.
    trace('google time 1e308', google, '0,,200,0,,0,u1,2,9,0.5,0.25,,0\n0,,200,0,5,1,u1,2,9,,,,\n1e308,,300,0,,0,u1,2,9,0.5,0.25,,0\n1e308,,300,0,5,1,u1,2,9,,,,\n', skipped('beyond_time_limit', 2)),
    trace('csv duplicate id', csv, 'id,submit,duration,cpus\na,0,10,1\na,5,10,1\nb,6,10,1\n', skipped('duplicate_id')),
    trace('csv without a header', csv, 'a,0,10,1\nb,5,10,1\n', malformed(1, 'looks like data, not a header')),
    trace('csv only comments', csv, '# nothing here\n', { exit: 'input', mentions: ['t.csv:1: no header row'], maxLines: 1 }),
    trace('csv hexadecimal submit', csv, 'id,submit,duration\na,0x10,10\n', malformed(2, 'got "0x10"')),
    trace('csv duration 1e308', csv, 'id,submit,duration\na,0,1e308\nb,1,10\n', skipped('beyond_time_limit')),
    trace('csv submit 1e308', csv, 'id,submit,duration\na,0,10\nb,1e308,10\n', skipped('beyond_time_limit')),
    trace('csv 1e9 tasks', csv, 'id,submit,duration,tasks\na,0,10,1000000000\nb,1,10,1\n', skipped('too_many_tasks')),
    trace('csv negative cpus', csv, 'id,submit,duration,cpus\na,0,10,-1\n', malformed(2, 'cpus must be a decimal number >= 0')),
    trace('csv Infinity', csv, 'id,submit,duration\na,Infinity,10\n', malformed(2, 'got "Infinity"')),
    trace('csv text echoed only by its length', csv, 'id,submit,duration\na,hunter2,10\n', { ...malformed(2, 'got text of 7 characters'), never: ['hunter2'] }),
    trace('swf status 9', swf, `${swfRow('0', '10', '9')}\n`, malformed(1, 'status', 'got 9')),
    trace('swf run time 1e308', swf, `${swfRow('0', '10')}\n${swfRow('5', '1e308')}\n`, skipped('beyond_time_limit')),
    trace('swf submit 1e308', swf, `${swfRow('0', '10')}\n${swfRow('1e308', '10')}\n`, skipped('beyond_time_limit')),
    trace('swf 1e9 processors', swf, `${swfRow('0', '10').replace(' 2 -1 -1 2 ', ' 1000000000 -1 -1 2 ')}\n${swfRow('5', '10')}\n`, skipped('too_many_tasks')),
    {
      id: 'trace: machine events at 1e308 and with negative capacity',
      files: {
        's.yaml': withTrace(google, { format: 'google2011', file: 'm.csv', machine: { cpus: 32, mem: 65536 } }),
        't.csv': '0,,200,0,,0,u1,2,9,0.5,0.25,,0\n0,,200,0,5,1,u1,2,9,,,,\n',
        'm.csv': '0,1,0,p,0.5,0.5\n0,2,0,p,-1,0.5\n1e308,3,0,p,0.5,0.5\n',
      },
      args: RUN,
      expect: { exit: 0, files: { 'out/summary.json': /"invalid_capacity": 1[^]*"beyond_time_limit": 1/ } },
    },
  ];
}

/** Fixture rows with one cell replaced by a hostile value, drawn from a seeded stream. */
export function traceMutations(seed: string): (n: number) => HostileCase[] {
  const rng = seedrandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rng() * a.length)]!;
  const VALUES = ['-1', '', '0x10', '1e308', '-1e308', 'NaN', 'Infinity', '1e-300', 'x', '9223372036854775807', '1.5', '99999999999', ' ', '"', '\u0000', 'é'];
  return (n) =>
    Array.from({ length: n }, (_, i) => {
      const f = pick(FORMATS);
      const lines = readFileSync(join(FIXTURES, f.fixture), 'utf8').split('\n');
      const data = lines.map((l, k) => [l, k] as const).filter(([l]) => l.trim() !== '' && !l.startsWith(';') && !l.startsWith('#'));
      const [line, k] = pick(data);
      const cells = line.trim().split(f.separator);
      const c = Math.floor(rng() * cells.length);
      const value = pick(VALUES);
      cells[c] = value;
      lines[k] = cells.join(f.name === 'swf' ? ' ' : ',');
      return {
        id: `trace mutation ${i}: ${f.name} line ${k + 1} field ${c + 1} = ${JSON.stringify(value)}`,
        files: { 's.yaml': withTrace(f.trace), 't.csv': lines.join('\n') },
        args: RUN,
        expect: { exit: 'either', maxLines: 2 },
      };
    });
}
