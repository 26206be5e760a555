/**
 * No code runs from a file without --allow-plugins (src/cli/plugins.ts): a
 * plug-in module named by a scenario, a sweep file or a bench suite is never
 * loaded without the flag, and `sim validate` never loads one at all. The
 * module here writes a mark file as soon as it is loaded, so a test sees
 * whether any of its code ran.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { sim } from '../helpers/cli.js';
import { tinyInputs } from '../helpers/tiny.js';

let work: string;
let mark: string;
let plugin: string;
let scenario: string;

/** A file in `work` with these lines; returns its path. */
function file(name: string, lines: readonly string[]): string {
  const path = join(work, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
const ran = () => existsSync(mark);

beforeAll(() => {
  work = tempDir('sim-plugin-safety-');
  mark = join(work, 'plugin-ran');
  mkdirSync(join(work, 'files'));
  // Loading the module writes the mark: any code of it that runs leaves a trace.
  plugin = join(work, 'files', 'evil.js');
  writeFileSync(
    plugin,
    [
      "import { appendFileSync } from 'node:fs';",
      `appendFileSync(${JSON.stringify(mark)}, 'loaded\\n');`,
      "export default { description: 'grants nothing', create() { return { name: 'evil', allocate() { return []; } }; } };",
    ].join('\n'),
  );
  ({ scenario } = tinyInputs(work));
});
beforeEach(() => rmSync(mark, { force: true }));

/** A sweep file in files/ (next to the module) whose policies are `allocators`. */
const sweepNaming = (name: string, allocators: string) =>
  file(join('files', name), [`sweep: ${name.replace('.yaml', '')}`, `scenario: ${scenario}`, 'matrix:', `  allocator: ${allocators}`, 'seeds: 1']);
const suiteNaming = (name: string, allocators: string) =>
  file(join('files', name), ['suite: s', 'runs:', `  - scenario: ${scenario}`, `    allocators: ${allocators}`, '    seeds: 1']);
/** A scenario in files/ whose own master.allocator is the module, by a path relative to it. */
const scenarioNaming = () => file(join('files', 'names-plugin.yaml'), [readFileSync(scenario, 'utf8').replace('allocator: drf', 'allocator: ./evil.js')]);

describe('sim validate', () => {
  it('never loads a module named by a sweep file, a bench suite or a scenario', () => {
    const sweep = sweepNaming('v-sweep.yaml', `[drf, ${plugin}]`);
    const suite = suiteNaming('v-suite.yaml', '[./evil.js]');
    const named = scenarioNaming();
    const r = sim('validate', sweep, suite, named);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${sweep}: ok (sweep v-sweep: 2 cells)`,
      `${suite}: ok (bench suite s: 1 runs)`,
      `${named}: ok (quickstart: 1 agent groups, 3 frameworks)`,
    ]);
    expect(ran()).toBe(false);
  });

  it('reports a module file that does not exist, without loading anything', () => {
    const sweep = sweepNaming('v-missing.yaml', `[drf, ./nowhere.js]`);
    const r = sim('validate', sweep);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/:\d+:\d+: matrix\.allocator: point allocator="\.\/nowhere\.js": .*matrix\.allocator: plug-in module '\.\/nowhere\.js' not found/)]);
  });
});

describe('without --allow-plugins', () => {
  it('sim sweep refuses a module named by the sweep file or by its scenario, running nothing and writing nothing', () => {
    const out = join(work, 'sweep-out');
    const byMatrix = sim('sweep', sweepNaming('s1.yaml', `[drf, ${plugin}]`), '--workers', '1', '--out', out);
    expect(byMatrix.code).toBe(2);
    expect(byMatrix.stderr.trim().split('\n')).toEqual([expect.stringMatching(/matrix\.allocator: '.*evil\.js' is a plug-in module; a sweep file alone never loads code \(expected --allow-plugins to run it\)$/)]);
    const byScenario = sim('sweep', file('s2.yaml', ['sweep: s2', `scenario: ${scenarioNaming()}`, 'matrix:', '  until: [10, 20]', 'seeds: 1']), '--workers', '1', '--out', out);
    expect(byScenario.code).toBe(2);
    expect(byScenario.stderr).toMatch(/master\.allocator: '\.\/evil\.js' is a plug-in module; a scenario file alone never loads code/);
    expect(ran()).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('sim bench refuses a module named by the suite, and writes no baseline', () => {
    const baseline = join(work, 'bench-baseline.json');
    const r = sim('bench', suiteNaming('b1.yaml', `[drf, ${plugin}]`), '--baseline', baseline, '--update-baseline', '--no-timing');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/b1\.yaml:\d+:\d+: runs\.0\.allocators\.1: '.*evil\.js' is a plug-in module; a bench suite alone never loads code \(expected --allow-plugins to run it\)$/)]);
    expect(ran()).toBe(false);
    expect(existsSync(baseline)).toBe(false);
  });

  it('sim run refuses a module named by the scenario', () => {
    const r = sim('run', scenarioNaming(), '--out', join(work, 'run-out'));
    expect(r.code).toBe(2);
    expect(ran()).toBe(false);
  });
});

describe('with --allow-plugins, or named on the command line', () => {
  it('sim sweep loads a module named by the sweep file, relative to that file', () => {
    const r = sim('sweep', sweepNaming('s3.yaml', '[./evil.js]'), '--workers', '1', '--out', join(work, 'allowed-sweep'), '--allow-plugins');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 cells; ran 1, skipped 0 already done, 0 failed');
    expect(ran()).toBe(true);
  });

  it('sim bench loads a module named by the suite, relative to that file', () => {
    const baseline = join(work, 'allowed-baseline.json');
    const r = sim('bench', suiteNaming('b2.yaml', '[./evil.js]'), '--baseline', baseline, '--update-baseline', '--no-timing', '--allow-plugins');
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(baseline, 'utf8')).entries)).toEqual([`${scenario} | ./evil.js`]);
    expect(ran()).toBe(true);
  });

  it('sim compare loads a module named in --allocators (the user chose it), keeping its runs inside the results', () => {
    const out = join(work, 'compare-out');
    const r = sim('compare', scenario, '--allocators', `drf,${plugin}`, '--seeds', '1', '--out', out, '--no-tables');
    expect(r.code, r.stderr).toBe(0);
    expect(ran()).toBe(true);
    expect(existsSync(join(out, 'runs', plugin.replace(/\//g, '%2F'), 'seed-1', 'summary.json'))).toBe(true);
  });
});
