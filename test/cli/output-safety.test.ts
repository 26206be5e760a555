/**
 * sim replaces only what sim wrote (src/cli/output-guard.ts), for every
 * command that writes: run, compare, sweep, merge, bench and report. Each
 * kind of target that must be refused holds a file of the user's; the
 * command exits 2 with one line naming the path and why, and the file is
 * intact. --force overrides only the "folder without the marker" case.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { root } from '../helpers/cli.js';
import { simBatch } from '../helpers/sim-batch.js';
import { tinyInputs } from '../helpers/tiny.js';

const bin = join(root, 'dist', 'src', 'cli', 'main.js');
const MARKER = '.mesos-sim.json';
const USER_TEXT = "the user's own notes\n";

let work: string;
let scenario: string;
let sweepFile: string;
let suite: string;
let baseline: string;
let runDir: string;
let sweepDir: string;

// Command lines run in one process (helpers/sim-batch.ts); the signal tests below spawn the bin.
const sim = simBatch();
const simIn = sim.in;

/** A folder holding one file of the user's; returns the folder. */
function userFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'mine.txt'), USER_TEXT);
  return path;
}
const userFileIntact = (folder: string) => readFileSync(join(folder, 'mine.txt'), 'utf8') === USER_TEXT;
const marker = (command: string) => JSON.stringify({ tool: 'mesos-sim', command, version: '0.1.0' }, null, 2) + '\n';

beforeAll(async () => {
  work = tempDir('sim-out-safety-');
  ({ scenario, sweepFile } = tinyInputs(work));
  suite = join(work, 'tiny-suite.yaml');
  writeFileSync(suite, ['suite: tiny', 'runs:', `  - scenario: ${scenario}`, '    allocators: [drf]', '    seeds: 1', ''].join('\n'));
  baseline = join(work, 'baseline.json');
  runDir = join(work, 'a-run');
  sweepDir = join(work, 'a-sweep');
  for (const args of [
    ['bench', suite, '--baseline', baseline, '--update-baseline', '--no-timing'],
    ['run', scenario, '--out', runDir],
    ['sweep', sweepFile, '--workers', '1', '--out', sweepDir],
  ]) {
    const r = await sim(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
});

/** Each writing command, with the input that its output may not be. */
const commands: { name: string; args: (out: string) => string[]; input: () => string }[] = [
  { name: 'run', args: (out) => ['run', scenario, '--out', out], input: () => scenario },
  { name: 'compare', args: (out) => ['compare', scenario, '--allocators', 'drf', '--seeds', '1', '--out', out], input: () => scenario },
  { name: 'sweep', args: (out) => ['sweep', sweepFile, '--workers', '1', '--out', out], input: () => sweepFile },
  { name: 'merge', args: (out) => ['merge', sweepDir, '--out', out], input: () => sweepDir },
  { name: 'bench', args: (out) => ['bench', suite, '--baseline', baseline, '--no-timing', '--out', out], input: () => baseline },
  { name: 'report', args: (out) => ['report', runDir, '--out', out], input: () => runDir },
];

/** Exit 2, one line naming the path and matching `why`, no stack trace. */
function expectRefused(r: { code: number | null; stderr: string }, path: string, why: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(`output folder '${path}'`);
  expect(lines[0]).toMatch(why);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** No staging folder left in `dir`. */
const noStaging = (dir: string) => expect(readdirSync(dir).filter((f) => f.startsWith('.sim-tmp-'))).toEqual([]);

describe.each(commands)('sim $name refuses a target it did not write, before any work', ({ name, args, input }) => {
  it('a non-empty folder without the marker, a file, and its own input; the user files survive', async () => {
    const base = join(work, `${name}-refused`);
    const folder = userFolder(join(base, 'out'));
    expectRefused(await sim(...args(folder)), folder, /a folder that sim did not write \(no \.mesos-sim\.json in it\) and not empty/);
    expect(readdirSync(folder)).toEqual(['mine.txt']);
    const file = join(base, 'notes.txt');
    writeFileSync(file, USER_TEXT);
    expectRefused(await sim(...args(file)), file, /a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe(USER_TEXT);
    const path = input();
    const before = statSync(path).isDirectory() ? readdirSync(path).sort() : readFileSync(path, 'utf8');
    expectRefused(await sim(...args(path)), path, new RegExp(`an input of sim ${name}`));
    expect(statSync(path).isDirectory() ? readdirSync(path).sort() : readFileSync(path, 'utf8')).toEqual(before);
    noStaging(base);
    noStaging(work);
  });
});

// Every kind of target, end to end through one command, with and without --force; the same
// check (output-guard.ts) is run in-process for every command in output-guard.test.ts.
describe('sim run refuses every kind of target it may not replace, --force or not', () => {
  const run = (out: string, force: readonly string[]) => ['run', scenario, '--out', out, ...force];
  it.each([[[]], [['--force']]] as const)('a file, a symbolic link and a device (flags %j)', async (force) => {
    const base = join(work, `kinds${force.join('')}`);
    mkdirSync(base);
    const file = join(base, 'notes.txt');
    writeFileSync(file, USER_TEXT);
    const linked = userFolder(join(base, 'linked'));
    writeFileSync(join(linked, MARKER), marker('run')); // even a folder sim wrote is not written through a link
    const link = join(base, 'link');
    symlinkSync(linked, link);
    expectRefused(await sim(...run(file, force)), file, /a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe(USER_TEXT);
    expectRefused(await sim(...run(link, force)), link, /a symbolic link/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(userFileIntact(linked)).toBe(true);
    expectRefused(await sim(...run('/dev/null', force)), '/dev/null', /a device or special file/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    noStaging(base);
  });

  it.each([[[]], [['--force']]] as const)('the working folder, a folder containing it, the root, the home folder and an empty path (flags %j)', async (force) => {
    const base = userFolder(join(work, `places${force.join('')}`));
    const cwd = userFolder(join(base, 'cwd'));
    const home = userFolder(join(work, `home${force.join('')}`));
    expectRefused(await simIn(cwd, {}, ...run('.', force)), '.', /the working folder/);
    expectRefused(await simIn(cwd, {}, ...run('..', force)), '..', /a folder containing the working folder/);
    expectRefused(await simIn(cwd, {}, ...run('', force)), '', /an empty path/);
    expectRefused(await simIn(cwd, {}, ...run('/', force)), '/', /the filesystem root/);
    expectRefused(await simIn(cwd, { HOME: home }, ...run(home, force)), home, /the home folder/);
    expect(userFileIntact(cwd) && userFileIntact(base) && userFileIntact(home)).toBe(true);
    expect(readdirSync(cwd)).toEqual(['mine.txt']);
    expect(readdirSync(home)).toEqual(['mine.txt']);
  });

  it.each([[[]], [['--force']]] as const)('its scenario, a trace the scenario reads, and a folder containing them (flags %j)', async (force) => {
    const base = join(work, `inputs${force.join('')}`);
    mkdirSync(base);
    const trace = join(base, 'trace.csv');
    writeFileSync(trace, 'id,submit,tasks,duration,cpus,mem\nj1,0,1,10,1,1024\n');
    const traced = join(base, 'traced.yaml');
    writeFileSync(traced, ['name: traced', 'until: 30', 'cluster:', '  agents:', '    - { count: 2, resources: { cpus: 4, mem: 8192 } }', 'frameworks:', '  - name: f', '    workload:', '      trace: { format: csv, file: trace.csv }', ''].join('\n'));
    const texts = [readFileSync(trace, 'utf8'), readFileSync(traced, 'utf8')];
    expectRefused(await sim('run', traced, '--out', traced, ...force), traced, /an input of sim run/);
    expectRefused(await sim('run', traced, '--out', trace, ...force), trace, /an input of sim run/);
    expectRefused(await sim('run', traced, '--out', base, ...force), base, /a folder containing an input of sim run/);
    expect([readFileSync(trace, 'utf8'), readFileSync(traced, 'utf8')]).toEqual(texts);
    noStaging(base);
  });
});

describe('what sim may replace', () => {
  it('replaces a folder that carries its marker, and an empty folder; --force replaces a folder without the marker', async () => {
    const earlier = join(work, 'earlier');
    expect((await sim('run', scenario, '--out', earlier)).code).toBe(0);
    writeFileSync(join(earlier, 'stale.csv'), 'x\n');
    const again = await sim('run', scenario, '--out', earlier);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(earlier, 'stale.csv'))).toBe(false);
    expect(readFileSync(join(earlier, MARKER), 'utf8')).toBe(marker('run'));
    const empty = join(work, 'empty');
    mkdirSync(empty);
    expect((await sim('report', runDir, '--out', empty)).code).toBe(0);
    expect(readFileSync(join(empty, MARKER), 'utf8')).toBe(marker('report'));
    const forced = userFolder(join(work, 'forced'));
    const r = await sim('run', scenario, '--out', forced, '--force');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(forced, 'mine.txt'))).toBe(false);
    expect(readFileSync(join(forced, MARKER), 'utf8')).toBe(marker('run'));
  });

  it('sim sweep resumes only a sweep folder; --force writes into another folder and deletes nothing', async () => {
    const ran = join(work, 'was-a-run');
    expect((await sim('run', scenario, '--out', ran)).code).toBe(0);
    expectRefused(await sim('sweep', sweepFile, '--workers', '1', '--out', ran), ran, /a folder of sim run, not of a sweep/);
    expect(existsSync(join(ran, 'cells'))).toBe(false);
    const mine = userFolder(join(work, 'sweep-into'));
    expectRefused(await sim('sweep', sweepFile, '--workers', '1', '--out', mine), mine, /a folder that sim did not write/);
    expect(readdirSync(mine)).toEqual(['mine.txt']);
    const forced = await sim('sweep', sweepFile, '--workers', '1', '--out', mine, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(userFileIntact(mine)).toBe(true);
    expect(readFileSync(join(mine, MARKER), 'utf8')).toBe(marker('sweep'));
    // Resumed: a sweep folder is written into, its finished cell kept.
    const resumed = await sim('sweep', sweepFile, '--workers', '1', '--out', sweepDir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('1 cells; ran 0, skipped 1 already done');
  });

  it('removes a stale staging folder only when it carries the marker and its process is gone', async () => {
    const parent = join(work, 'stale');
    mkdirSync(parent);
    const dead = 2147483646;
    const stale = (pid: number, marked: boolean) => {
      const dir = userFolder(join(parent, `.sim-tmp-out-${pid}`));
      if (marked) writeFileSync(join(dir, MARKER), marker('run'));
      return dir;
    };
    const sims = stale(dead, true);
    const users = stale(dead - 1, false);
    const alive = stale(process.pid, true);
    expect((await sim('run', scenario, '--out', join(parent, 'out'))).code).toBe(0);
    expect(existsSync(sims)).toBe(false);
    expect(userFileIntact(users)).toBe(true);
    expect(userFileIntact(alive)).toBe(true);
  });
});

describe('interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s, removes its staging folder and exits %i, leaving the earlier results as they were', async (signal, code) => {
    const parent = join(work, `signal-${signal}`);
    mkdirSync(parent);
    const out = join(parent, 'out');
    expect((await sim('run', scenario, '--out', out)).code).toBe(0);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    // A year of arrivals: the run does not end by itself while the test waits for it.
    const year = String(365 * 86400);
    const child = spawn(process.execPath, [bin, 'run', scenario, '--out', out, '--set', `until=${year}`, '--set', `frameworks.0.workload.synthetic.end=${year}`], { cwd: root, stdio: 'ignore' });
    let ended = false;
    const exited = new Promise<number | null>((done) => child.on('exit', (c) => ((ended = true), done(c))));
    try {
      while (!ended && !readdirSync(parent).some((f) => f.startsWith('.sim-tmp-'))) await new Promise((r) => setTimeout(r, 20));
      expect(ended, 'the run ended before it was interrupted').toBe(false);
      child.kill(signal);
      expect(await exited).toBe(code);
    } finally {
      child.kill('SIGKILL');
    }
    noStaging(parent);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
  });
});
