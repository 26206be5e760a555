/**
 * The output rule of every writing command (src/cli/output-guard.ts), in
 * process: each kind of target, for each command, with and without --force.
 * A refused target is named with the reason, and the user's file in it is
 * untouched (the check never writes). End to end through the commands:
 * output-safety.test.ts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioInputs } from '../../src/cli/inputs.js';
import { checkOutput, MARKER, markerText, WRITING_COMMANDS, type WritingCommand } from '../../src/cli/output-guard.js';
import { InputError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

let work: string;
let home: string;
const savedHome = process.env.HOME;

/** A folder holding one file of the user's. */
function userFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'mine.txt'), 'mine\n');
  return path;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sim-guard-'));
  home = userFolder(join(work, 'home'));
  process.env.HOME = home;
});
afterAll(() => {
  process.env.HOME = savedHome;
  rmSync(work, { recursive: true, force: true });
});

/** Each kind of target that is refused: how to make it, the reason, and whether --force gets past. */
const refused: { kind: string; make: (dir: string) => { target: string; inputs?: string[]; userFile?: string }; why: RegExp; forced: boolean }[] = [
  { kind: 'a non-empty folder without the marker', make: (d) => ({ target: userFolder(join(d, 'out')), userFile: join(d, 'out', 'mine.txt') }), why: /a folder that sim did not write \(no \.mesos-sim\.json in it\) and not empty/, forced: true },
  { kind: 'an empty path', make: () => ({ target: '' }), why: /an empty path/, forced: false },
  {
    kind: 'a symbolic link',
    make: (d) => {
      const linked = userFolder(join(d, 'linked'));
      writeFileSync(join(linked, MARKER), markerText('run'));
      symlinkSync(linked, join(d, 'link'));
      return { target: join(d, 'link'), userFile: join(linked, 'mine.txt') };
    },
    why: /a symbolic link/,
    forced: false,
  },
  {
    kind: 'a file',
    make: (d) => {
      userFolder(d);
      return { target: join(d, 'mine.txt'), userFile: join(d, 'mine.txt') };
    },
    why: /a file, not a folder/,
    forced: false,
  },
  { kind: 'a device', make: () => ({ target: '/dev/null' }), why: /a device or special file/, forced: false },
  { kind: 'the filesystem root', make: () => ({ target: '/' }), why: /the filesystem root/, forced: false },
  { kind: 'the working folder', make: () => ({ target: process.cwd() }), why: /the working folder/, forced: false },
  { kind: 'a folder containing the working folder', make: () => ({ target: dirname(process.cwd()) }), why: /a folder containing the working folder/, forced: false },
  { kind: 'the home folder', make: () => ({ target: home, userFile: join(home, 'mine.txt') }), why: /the home folder/, forced: false },
  { kind: 'a folder containing the home folder', make: () => ({ target: work }), why: /a folder containing the home folder/, forced: false },
  {
    kind: 'an input of the command',
    make: (d) => {
      userFolder(d);
      return { target: join(d, 'mine.txt'), inputs: [join(d, 'mine.txt')], userFile: join(d, 'mine.txt') };
    },
    why: /an input of sim /,
    forced: false,
  },
  {
    kind: 'a folder containing an input',
    make: (d) => ({ target: userFolder(d), inputs: [join(d, 'mine.txt')], userFile: join(d, 'mine.txt') }),
    why: /a folder containing an input of sim /,
    forced: false,
  },
];

let n = 0;
describe.each(WRITING_COMMANDS.map((command) => ({ command })))('sim $command', ({ command }) => {
  describe.each(refused)('$kind', ({ make, why, forced }) => {
    it.each([false, true])('--force %s: refused unless --force overrides it; the user file is untouched', (force) => {
      const dir = join(work, `case-${n++}`);
      const { target, inputs = [], userFile } = make(dir);
      const check = () => checkOutput(target, { command, inputs, force });
      if (force && forced) expect(check().state).toBe(command === 'sweep' ? 'write-into' : 'replace');
      else expect(check).toThrow(new RegExp(`^output folder '${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': ${why.source}.*; nothing was written$`));
      if (userFile !== undefined) expect(readFileSync(userFile, 'utf8')).toBe('mine\n');
    });
  });

  it('accepts a new path and an empty folder; a marked folder is replaced, or (sim sweep) resumed when it is a sweep', () => {
    const dir = join(work, `accept-${command}`);
    expect(checkOutput(join(dir, 'new'), { command, inputs: [], force: false }).state).toBe('new');
    mkdirSync(join(dir, 'empty'), { recursive: true });
    expect(checkOutput(join(dir, 'empty'), { command, inputs: [], force: false }).state).toBe('empty');
    for (const by of WRITING_COMMANDS) {
      const marked = userFolder(join(dir, `by-${by}`));
      writeFileSync(join(marked, MARKER), markerText(by));
      const check = () => checkOutput(marked, { command, inputs: [], force: false });
      if (command !== 'sweep') expect(check().state).toBe('replace');
      else if (by === 'sweep' || by === 'merge') expect(check().state).toBe('write-into');
      else expect(check).toThrow(new RegExp(`a folder of sim ${by}, not of a sweep`));
      expect(readdirSync(marked).sort()).toEqual([MARKER, 'mine.txt']);
    }
  });
});

describe('the marker', () => {
  it("names the tool, the command and the package's version, and nothing that changes between runs", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const c of WRITING_COMMANDS) expect(JSON.parse(markerText(c))).toEqual({ tool: 'mesos-sim', command: c, version: pkg.version });
  });

  it("must be sim's marker to count: another file of that name does not make a folder replaceable", () => {
    const dir = userFolder(join(work, 'fake-marker'));
    writeFileSync(join(dir, MARKER), JSON.stringify({ tool: 'something else', command: 'run', version: '1' }));
    expect(() => checkOutput(dir, { command: 'run', inputs: [], force: false })).toThrow(InputError);
  });
});

describe('scenarioInputs', () => {
  it('lists the scenario, every file it names (traces, trace machines, empirical distributions) and its plug-in', () => {
    const dir = join(work, 'inputs');
    mkdirSync(dir);
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      [
        'name: s',
        'cluster:',
        '  agents: []',
        '  trace_machines: { format: google2011, file: [m1.csv, m2.csv], machine: { cpus: 1, mem: 1 } }',
        'frameworks:',
        '  - name: a',
        '    workload: { trace: { format: csv, file: jobs.csv } }',
        '  - name: b',
        '    workload:',
        '      synthetic:',
        '        arrival: { process: poisson, rate: 1 }',
        '        end: 10',
        '        duration: { dist: empirical, file: ../shared/durations.csv, column: d }',
        '        resources: { cpus: 1 }',
        '',
      ].join('\n'),
    );
    const inputs = scenarioInputs(loadScenario(file), file, { name: './mine.js', base: '/plugins' });
    expect(inputs.sort()).toEqual([file, join(dir, 'm1.csv'), join(dir, 'm2.csv'), join(dir, 'jobs.csv'), join(work, 'shared', 'durations.csv'), '/plugins/mine.js'].sort());
  });
});
