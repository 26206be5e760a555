/**
 * sim merge, sim report (and a resumed sim sweep, and sim bench's baseline)
 * read folders and files that may have been edited or forged: anything
 * malformed stops them with exit 2 and one line naming the file and field,
 * nothing is written, and no written path leaves --out.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { simBatch } from '../helpers/sim-batch.js';
import { tinyInputs } from '../helpers/tiny.js';

// Command lines run in one process (helpers/sim-batch.ts).
const sim = simBatch();

let work: string;
let scenario: string;
let sweepFile: string;
let runDir: string;
let sweepDir: string;

beforeAll(async () => {
  work = tempDir('sim-untrusted-');
  ({ scenario, sweepFile } = tinyInputs(work));
  runDir = join(work, 'a-run');
  sweepDir = join(work, 'a-sweep');
  for (const args of [
    ['run', scenario, '--out', runDir],
    ['sweep', sweepFile, '--workers', '1', '--out', sweepDir],
  ]) {
    const r = await sim(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
});

/** A copy of `from` named `name`, changed by `edit` (given the copy's path). */
function forged(from: string, name: string, edit: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(from, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Exit 2, exactly one line matching `line`, no stack trace, and `out` not created. */
function expectRejected(r: { code: number | null; stderr: string }, line: RegExp, out: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toEqual([expect.stringMatching(line)]);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(existsSync(out)).toBe(false);
}

const cellKey = (dir: string) => readdirSync(join(dir, 'cells'))[0]!.replace('.json', '');

describe('a forged sweep folder', () => {
  it('an empty sweep.json ({}) stops merge and report with one line', async () => {
    const dir = forged(sweepDir, 'empty-meta', (d) => writeFileSync(join(d, 'sweep.json'), '{}'));
    const out = join(work, 'out-empty');
    const file = join(dir, 'sweep.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expectRejected(await sim('merge', dir, '--out', out), new RegExp(`^${file}:1:1: sweep: required field missing .*; 7 more problems; not a sweep\\.json written by sim sweep or sim merge$`), out);
    expectRejected(await sim('report', dir, '--out', out), new RegExp(`^${file}:1:1: sweep: required field missing`), out);
  });

  it('a sweep.json that is not JSON', async () => {
    const dir = forged(sweepDir, 'broken-meta', (d) => writeFileSync(join(d, 'sweep.json'), '{"sweep": '));
    expectRejected(await sim('merge', dir, '--out', join(work, 'out-broken')), /sweep\.json: not JSON \(.*\) \(expected a sweep\.json written by sim sweep or sim merge\)$/, join(work, 'out-broken'));
  });

  it("a sweep.json naming neither 'scenario' nor 'from' (nor both) is refused", async () => {
    const edit = (name: string, change: (meta: Record<string, unknown>) => void): string =>
      forged(sweepDir, name, (d) => {
        const meta = JSON.parse(readFileSync(join(d, 'sweep.json'), 'utf8')) as Record<string, unknown>;
        change(meta);
        writeFileSync(join(d, 'sweep.json'), JSON.stringify(meta));
      });
    const neither = edit('no-origin', (meta) => delete meta.scenario);
    expectRejected(await sim('merge', neither, '--out', join(work, 'out-no-origin')), /sweep\.json:1:1: scenario: required field missing \(expected one of 'scenario' .* or 'from' .*\); not a sweep\.json written by sim sweep or sim merge$/, join(work, 'out-no-origin'));
    const both = edit('two-origins', (meta) => (meta.from = 'checkpoint-300.json'));
    expectRejected(await sim('report', both, '--out', join(work, 'out-two-origins')), /sweep\.json:1:\d+: scenario: both 'scenario' and 'from'/, join(work, 'out-two-origins'));
  });

  it('a cell key that climbs out of the folder writes nothing outside --out', async () => {
    const dir = forged(sweepDir, 'climbing', (d) => {
      const meta = JSON.parse(readFileSync(join(d, 'sweep.json'), 'utf8'));
      meta.cells = ['../../../escaped'];
      writeFileSync(join(d, 'sweep.json'), JSON.stringify(meta));
    });
    const out = join(work, 'deep', 'er', 'out-climbing');
    mkdirSync(join(work, 'deep', 'er'), { recursive: true });
    expectRejected(await sim('merge', dir, '--out', out), /sweep\.json:1:\d+: cells\.0: not in the allowed format \(expected a cell key of 32 hexadecimal digits, got "\.\.\/\.\.\/\.\.\/escaped"\)/, out);
    expectRejected(await sim('report', dir, '--out', out), /cells\.0: not in the allowed format/, out);
    expect(readdirSync(work).filter((f) => f.startsWith('escaped'))).toEqual([]);
    expect(readdirSync(join(work, 'deep'))).toEqual(['er']);
  });

  it('a cell whose summary lacks what the tables need, or whose key is not its own, stops merge, report and a resumed sweep', async () => {
    const hollow = forged(sweepDir, 'hollow-cell', (d) => {
      const file = join(d, 'cells', `${cellKey(d)}.json`);
      const cell = JSON.parse(readFileSync(file, 'utf8'));
      delete cell.summary.wait_time;
      writeFileSync(file, JSON.stringify(cell));
    });
    const out = join(work, 'out-hollow');
    const line = /cells\/[0-9a-f]{32}\.json:1:\d+: summary\.wait_time: required field missing \(expected .*\); not a sweep cell written by sim sweep \(delete it to run the cell again\)$/;
    expectRejected(await sim('merge', hollow, '--out', out), line, out);
    expectRejected(await sim('report', hollow, '--out', out), line, out);
    const resumed = await sim('sweep', sweepFile, '--workers', '1', '--out', hollow);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
    const swapped = forged(sweepDir, 'swapped-cell', (d) => {
      const file = join(d, 'cells', `${cellKey(d)}.json`);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"key":"[0-9a-f]{32}"/, `"key":"${'0'.repeat(32)}"`));
    });
    expectRejected(await sim('merge', swapped, '--out', out), /key: '0{32}' is not the cell's key/, out);
  });
});

describe('a forged run folder given to sim report', () => {
  it('an empty summary.json', async () => {
    const dir = forged(runDir, 'empty-summary', (d) => writeFileSync(join(d, 'summary.json'), '{}\n'));
    const out = join(work, 'rep-empty');
    expectRejected(await sim('report', dir, '--out', out), /summary\.json:1:1: scenario: required field missing .*; not a summary\.json written by sim run$/, out);
  });

  it('a resource name that would climb out of the report folder', async () => {
    const dir = forged(runDir, 'climbing-resource', (d) => {
      const file = join(d, 'utilization.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/,cpus,/, ',../../pwned,'));
    });
    const out = join(work, 'rep-climb');
    expectRejected(await sim('report', dir, '--out', out), /utilization\.csv:2: resource: not a resource name \(expected .*, got "\.\.\/\.\.\/pwned"\)$/, out);
    expect(existsSync(join(work, 'pwned.svg'))).toBe(false);
  });

  it('a cell that is not a number, and a missing column, named by file, line and column', async () => {
    const text = forged(runDir, 'text-cell', (d) => {
      const file = join(d, 'tasks.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      const start = lines[0]!.split(',').indexOf('start_time');
      const cells = lines[3]!.split(',');
      cells[start] = 'soon';
      lines[3] = cells.join(',');
      writeFileSync(file, lines.join('\n'));
    });
    expectRejected(await sim('report', text, '--out', join(work, 'rep-text')), /tasks\.csv:4: start_time: not a number \(expected a finite number, got "soon"\)$/, join(work, 'rep-text'));
    const headless = forged(runDir, 'no-column', (d) => {
      const file = join(d, 'jobs.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace('completion_time', 'finish'));
    });
    expectRejected(await sim('report', headless, '--out', join(work, 'rep-col')), /jobs\.csv:1: no column 'completion_time'/, join(work, 'rep-col'));
  });

  it('a file among the policy folders of a compare folder is passed over', async () => {
    const compare = join(work, 'a-compare');
    mkdirSync(join(compare, 'runs', 'drf'), { recursive: true });
    cpSync(runDir, join(compare, 'runs', 'drf', 'seed-1'), { recursive: true });
    writeFileSync(join(compare, 'runs', 'notes.txt'), 'mine\n');
    writeFileSync(join(compare, 'runs', 'drf', 'seed-2'), 'not a folder\n');
    const r = await sim('report', compare, '--out', join(work, 'rep-compare'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/report\.html \(\d+ charts/);
  });
});

describe('sim bench --update-baseline', () => {
  it('never overwrites a file that is not a baseline', async () => {
    const suite = join(work, 'suite.yaml');
    writeFileSync(suite, ['suite: tiny', 'runs:', `  - scenario: ${scenario}`, '    allocators: [drf]', '    seeds: 1', ''].join('\n'));
    const notes = join(work, 'notes.json');
    const text = JSON.stringify({ name: 'my project', version: '1.0.0' }, null, 2);
    writeFileSync(notes, text);
    const r = await sim('bench', suite, '--baseline', notes, '--update-baseline', '--no-timing');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/notes\.json:\d+:\d+: .*; not a baseline written by sim bench --update-baseline$/)]);
    expect(readFileSync(notes, 'utf8')).toBe(text);
    const onSuite = await sim('bench', suite, '--baseline', suite, '--update-baseline', '--no-timing');
    expect(onSuite.code).toBe(2);
    expect(readFileSync(suite, 'utf8')).toMatch(/^suite: tiny/);
  });
});
