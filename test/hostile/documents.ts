/**
 * Hostile sweep files, bench suites and command lines of the commands other
 * than `run` and `validate` of a scenario: written by hand, one per class of
 * problem, and a seeded draw of the bundled sweep files and suite with one
 * change each (scenario-mutations.ts `mutator`). Each hand-written case
 * expects exit 2 with a line naming the file and field (FILE:LINE:COL: FIELD)
 * or the flag.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import seedrandom from 'seedrandom';
import { parse, stringify } from 'yaml';
import type { Expectation, HostileCase } from './cases.js';
import { baseDoc } from './crafted.js';
import { absoluteFiles, mutated, mutator, type Json } from './scenario-mutations.js';

/** The tiny scenario every sweep and suite case points at. */
const TINY = stringify(baseDoc(), { lineWidth: 0 });
const SWEEP = ['sweep', 'w.yaml', '--out', '{out}', '--workers', '1'];
const BENCH = ['bench', 'b.yaml', '--baseline', 'base.json', '--no-timing', '--out', '{out}'];
/** An input error at `file`'s field `field` (FILE:LINE:COL: FIELD: ...). */
const at = (file: string, field: string, ...more: string[]): Expectation => ({ exit: 'input', mentions: [`${file}:`, `: ${field}: `, ...more], maxLines: 3 });

type Doc = Record<string, unknown>;

/** A sweep file of the tiny scenario, with `edit` applied. */
function sweepDoc(edit: (d: Doc) => void = () => {}): string {
  const d: Doc = { sweep: 'w', scenario: 't.yaml', matrix: { allocator: ['drf'] }, seeds: 1 };
  edit(d);
  return stringify(d, { lineWidth: 0 });
}

/** A bench suite of one run of the tiny scenario, with `edit` applied (`run` is that run). */
function suiteDoc(edit: (d: Doc, run: Doc) => void = () => {}): string {
  const run: Doc = { scenario: 't.yaml', allocators: ['drf'], seeds: 1 };
  const d: Doc = { suite: 'b', runs: [run] };
  edit(d, run);
  return stringify(d, { lineWidth: 0 });
}

function sweepCase(id: string, text: string, expect: Expectation, args: readonly string[] = SWEEP, files: Record<string, string> = {}): HostileCase {
  return { id: `sweep: ${id}`, files: { 't.yaml': TINY, 'w.yaml': text, ...files }, args, expect };
}

function sweepCases(): HostileCase[] {
  const names = ['..', '.', '', 'a/b', '-x', '__proto__', 'x'.repeat(300)];
  return [
    ...names.map((n) => sweepCase(`name ${JSON.stringify(n.slice(0, 12))}`, sweepDoc((d) => (d.sweep = n)), at('w.yaml', 'sweep'))),
    sweepCase('scenario missing', sweepDoc((d) => (d.scenario = 'nope.yaml')), at('w.yaml', 'scenario', 'nope.yaml: cannot read the scenario file (no such file)')),
    sweepCase('scenario is a folder', sweepDoc((d) => (d.scenario = 'dir')), at('w.yaml', 'scenario', 'dir: cannot read the scenario file (it is a folder'), SWEEP, { 'dir/x': '' }),
    sweepCase('scenario is a device', sweepDoc((d) => (d.scenario = '/dev/zero')), at('w.yaml', 'scenario', '/dev/zero: cannot read the scenario file (it is a device'), SWEEP),
    sweepCase('scenario empty', sweepDoc((d) => (d.scenario = '')), at('w.yaml', 'scenario')),
    sweepCase('scenario is the sweep file itself', sweepDoc((d) => (d.scenario = 'w.yaml')), { exit: 'input', mentions: ['w.yaml:', "unknown field 'sweep'"] }),
    sweepCase('scenario field missing', sweepDoc((d) => delete d.scenario), at('w.yaml', 'scenario', 'required field missing')),
    sweepCase('matrix axis with no values', sweepDoc((d) => (d.matrix = { allocator: [] })), at('w.yaml', 'matrix.allocator')),
    sweepCase('matrix axis not a path', sweepDoc((d) => (d.matrix = { 'a..b': [1] })), at('w.yaml', 'matrix.a..b')),
    sweepCase('matrix axis __proto__', `${sweepDoc((d) => delete d.matrix)}matrix:\n  __proto__: [1]\n`, at('w.yaml', 'matrix.__proto__')),
    sweepCase('matrix axis of no field', sweepDoc((d) => (d.matrix = { 'master.nope': [1] })), at('w.yaml', 'matrix.master.nope', "unknown field 'nope'")),
    sweepCase('matrix unknown allocator', sweepDoc((d) => (d.matrix = { allocator: ['drf', 'nope'] })), at('w.yaml', 'matrix.allocator', "unknown allocator 'nope'")),
    sweepCase('matrix plug-in without --allow-plugins', sweepDoc((d) => (d.matrix = { allocator: ['./x.js'] })), at('w.yaml', 'matrix.allocator', 'never loads code'), SWEEP, { 'x.js': 'process.exit(7)\n' }),
    sweepCase('matrix value out of range', sweepDoc((d) => (d.matrix = { allocator: ['drf'], 'master.allocation_interval': [1, -1] })), at('w.yaml', 'matrix', 'allocation_interval')),
    sweepCase('matrix value a mapping where a number is due', sweepDoc((d) => (d.matrix = { 'master.allocation_interval': [{ a: 1 }] })), at('w.yaml', 'matrix.master.allocation_interval')),
    sweepCase('matrix of a million cells', sweepDoc((d) => (d.matrix = Object.fromEntries(['master.allocation_interval', 'master.refuse_seconds', 'master.offer_timeout', 'until', 'stall_timeout', 'seed'].map((axis) => [axis, Array.from({ length: 10 }, (_, k) => k + 1)])))), at('w.yaml', 'matrix', '1,000,000 cells')),
    ...['5..1', '1..1000000000', 'abc', '-1', '1,,2', '1..2..3'].map((s) => sweepCase(`seeds ${s}`, sweepDoc((d) => (d.seeds = s)), at('w.yaml', 'seeds'))),
    sweepCase('seeds an empty list', sweepDoc((d) => (d.seeds = [])), at('w.yaml', 'seeds')),
    sweepCase('metrics an unknown name', sweepDoc((d) => (d.metrics = ['wait_mean', 'nope'])), at('w.yaml', 'metrics.1', 'not a metric')),
    sweepCase('metrics an empty list', sweepDoc((d) => (d.metrics = [])), at('w.yaml', 'metrics')),
    sweepCase('set of an unknown field', sweepDoc((d) => (d.set = ['nope=1'])), at('w.yaml', 'set', "unknown field 'nope'")),
    sweepCase('set out of range', sweepDoc((d) => (d.set = ['until=-4'])), at('w.yaml', 'set', '--set until: ')),
    sweepCase('set __proto__', sweepDoc((d) => (d.set = ['__proto__.x=1'])), at('w.yaml', 'set', '__proto__')),
    sweepCase('set not a list', sweepDoc((d) => (d.set = 'until=5')), at('w.yaml', 'set')),
    sweepCase('an unknown key', sweepDoc((d) => (d.matrixx = {})), at('w.yaml', '(top level)', "unknown field 'matrixx'")),
    sweepCase('billion laughs', `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n${sweepDoc()}`, { exit: 'input', mentions: ['w.yaml:', 'too many alias expansions'], maxLines: 3 }),
    ...['0/2', '3/2', 'a/b', '1/0', '1'].map((s) => sweepCase(`--shard ${s}`, sweepDoc(), { exit: 'input', mentions: ['--shard'], maxLines: 2 }, [...SWEEP, '--shard', s])),
    ...['0', '-1', 'abc', '1.5'].map((w) => sweepCase(`--workers ${w}`, sweepDoc(), { exit: 'input', mentions: ['--workers'], maxLines: 2 }, ['sweep', 'w.yaml', '--out', '{out}', '--workers', w])),
    sweepCase('--out the sweep file', sweepDoc(), { exit: 'input', mentions: ['w.yaml'], maxLines: 1, located: false }, ['sweep', 'w.yaml', '--out', 'w.yaml']),
    sweepCase('--out the scenario', sweepDoc(), { exit: 'input', mentions: ['t.yaml'], maxLines: 1, located: false }, ['sweep', 'w.yaml', '--out', 't.yaml']),
    sweepCase('--out a folder of the user', sweepDoc(), { exit: 'input', mentions: ['notes'], maxLines: 1, located: false }, ['sweep', 'w.yaml', '--out', 'notes']),
  ];
}

function suiteCase(id: string, text: string, expect: Expectation, args: readonly string[] = BENCH, files: Record<string, string> = {}): HostileCase {
  return { id: `suite: ${id}`, files: { 't.yaml': TINY, 'b.yaml': text, 'base.json': '{"suite": "b", "format": 1, "entries": {}}\n', ...files }, args, expect };
}

function suiteCases(): HostileCase[] {
  const names = ['..', '.', '', 'a/b', '-x', '__proto__'];
  const updating = ['bench', 'b.yaml', '--no-timing', '--update-baseline', '--baseline'];
  return [
    ...names.map((n) => suiteCase(`name ${JSON.stringify(n)}`, suiteDoc((d) => (d.suite = n)), at('b.yaml', 'suite'))),
    ...[0, 1, -1, 'x'].map((a) => suiteCase(`alpha ${a}`, suiteDoc((d) => (d.alpha = a)), at('b.yaml', 'alpha'))),
    suiteCase('tolerance negative', suiteDoc((d) => (d.tolerance = -0.1)), at('b.yaml', 'tolerance')),
    suiteCase('tolerances of an unknown metric', suiteDoc((d) => (d.tolerances = { wait_mean: 0.1, wait_meen: 0.2 })), at('b.yaml', 'tolerances.wait_meen', "unknown metric 'wait_meen'")),
    suiteCase('tolerances negative', suiteDoc((d) => (d.tolerances = { wait_mean: -1 })), at('b.yaml', 'tolerances.wait_mean')),
    suiteCase('metrics an unknown name', suiteDoc((d) => (d.metrics = ['wait_mean', 'nope'])), at('b.yaml', 'metrics.1', "unknown metric 'nope'")),
    ...[0, 101, 1.5].map((t) => suiteCase(`timing_repeats ${t}`, suiteDoc((d) => (d.timing_repeats = t)), at('b.yaml', 'timing_repeats'))),
    suiteCase('runs empty', suiteDoc((d) => (d.runs = [])), at('b.yaml', 'runs')),
    suiteCase('run allocators empty', suiteDoc((_, r) => (r.allocators = [])), at('b.yaml', 'runs.0.allocators')),
    suiteCase('run unknown allocator', suiteDoc((_, r) => (r.allocators = ['drf', 'nope'])), at('b.yaml', 'runs.0.allocators.1', "unknown allocator 'nope'")),
    suiteCase('run plug-in without --allow-plugins', suiteDoc((_, r) => (r.allocators = ['./x.js'])), at('b.yaml', 'runs.0.allocators.0', 'never loads code'), BENCH, { 'x.js': 'process.exit(7)\n' }),
    suiteCase('run set out of range', suiteDoc((_, r) => (r.set = ['until=-1'])), at('b.yaml', 'runs.0.set', '--set until: ')),
    suiteCase('run set of an unknown field', suiteDoc((_, r) => (r.set = ['nope=1'])), at('b.yaml', 'runs.0.set', "unknown field 'nope'")),
    suiteCase('run scenario missing', suiteDoc((_, r) => (r.scenario = 'nope.yaml')), at('b.yaml', 'runs.0.scenario', 'no such file')),
    suiteCase('run scenario a device', suiteDoc((_, r) => (r.scenario = '/dev/zero')), at('b.yaml', 'runs.0.scenario', 'it is a device')),
    suiteCase('run scenario the suite itself', suiteDoc((_, r) => (r.scenario = 'b.yaml')), { exit: 'input', mentions: ['b.yaml:'] }),
    ...['0..', '2..1', 'x'].map((s) => suiteCase(`run seeds ${s}`, suiteDoc((_, r) => (r.seeds = s)), at('b.yaml', 'runs.0.seeds'))),
    suiteCase('run quick not a boolean', suiteDoc((_, r) => (r.quick = 'yes')), at('b.yaml', 'runs.0.quick')),
    suiteCase('run an unknown key', suiteDoc((_, r) => (r.allocator = 'drf')), at('b.yaml', 'runs.0')),
    suiteCase('--quick with no quick run', suiteDoc(), at('b.yaml', 'runs', 'no run is marked quick'), [...BENCH, '--quick']),
    suiteCase('baseline not JSON', suiteDoc(), { exit: 'input', mentions: ['base.json', 'not JSON'], maxLines: 1, located: false }, BENCH, { 'base.json': '{' }),
    suiteCase('baseline of __proto__', suiteDoc(), { exit: 'input', mentions: ['base.json:1:2: __proto__'], maxLines: 1 }, BENCH, { 'base.json': '{"__proto__": {"x": 1}}' }),
    suiteCase('baseline of another suite', suiteDoc(), { exit: 'input', mentions: ["base.json: suite: the baseline of suite 'other'"], maxLines: 1, located: false }, BENCH, { 'base.json': '{"suite": "other", "format": 1, "entries": {}}\n' }),
    suiteCase('baseline missing', suiteDoc(), { exit: 'input', mentions: ['nope.json: no baseline'], maxLines: 1, located: false }, ['bench', 'b.yaml', '--baseline', 'nope.json', '--no-timing', '--out', '{out}']),
    suiteCase('baseline a folder', suiteDoc(), { exit: 'input', mentions: ['notes'], maxLines: 1, located: false }, ['bench', 'b.yaml', '--baseline', 'notes', '--no-timing', '--out', '{out}']),
    suiteCase('--update-baseline onto the suite', suiteDoc(), { exit: 'input', mentions: ['--baseline b.yaml: an input of sim bench'], maxLines: 1, located: false }, [...updating, 'b.yaml']),
    suiteCase('--update-baseline onto the scenario', suiteDoc(), { exit: 'input', mentions: ['--baseline t.yaml: an input of sim bench'], maxLines: 1, located: false }, [...updating, 't.yaml']),
    suiteCase('--update-baseline onto a user file', suiteDoc(), { exit: 'input', mentions: ['notes/mine.txt'], maxLines: 1, located: false }, [...updating, 'notes/mine.txt']),
    suiteCase('--gate-timing with --no-timing', suiteDoc(), { exit: 'input', mentions: ['--gate-timing'], maxLines: 1 }, [...BENCH, '--gate-timing']),
    suiteCase('--out the suite', suiteDoc(), { exit: 'input', mentions: ['b.yaml'], maxLines: 1, located: false }, ['bench', 'b.yaml', '--baseline', 'base.json', '--no-timing', '--out', 'b.yaml']),
  ];
}

/** The other commands' flags and arguments: compare, merge, report, validate. */
function commandCases(): HostileCase[] {
  const files = { 't.yaml': TINY };
  const cmd = (id: string, args: readonly string[], expect: Expectation, more: Record<string, string> = {}): HostileCase => ({ id: `command: ${id}`, files: { ...files, ...more }, args, expect });
  const flag = (...words: string[]): Expectation => ({ exit: 'input', mentions: words, maxLines: 2 });
  const compare = ['compare', 't.yaml', '--out', '{out}', '--allocators', 'drf'];
  const notResults = (path: string): Expectation => ({ exit: 'input', mentions: [path], maxLines: 2, located: false });
  return [
    cmd('compare --allocators empty', ['compare', 't.yaml', '--out', '{out}', '--allocators', ''], flag('--allocators')),
    cmd('compare --allocators unknown', ['compare', 't.yaml', '--out', '{out}', '--allocators', 'drf,nope'], flag("--allocators nope: unknown allocator 'nope'")),
    cmd('compare --allocators a module that is no allocator', ['compare', 't.yaml', '--out', '{out}', '--allocators', 'drf,./x.js'], flag('--allocators ./x.js: ', 'exports no allocator'), { 'x.js': 'export default 42;\n' }),
    cmd('compare --allocators a missing module', ['compare', 't.yaml', '--out', '{out}', '--allocators', './nope.js'], flag('--allocators ./nope.js: ', 'not found')),
    ...['0..-1', 'abc', '3..1', '1..1000000000'].map((s) => cmd(`compare --seeds ${s}`, [...compare, '--seeds', s], flag('--seeds'))),
    cmd('compare --set __proto__', [...compare, '--set', '__proto__.x=1'], flag('__proto__')),
    cmd('compare --out the scenario', ['compare', 't.yaml', '--allocators', 'drf', '--out', 't.yaml'], notResults('t.yaml')),
    cmd('compare --out a user folder', ['compare', 't.yaml', '--allocators', 'drf', '--out', 'notes'], notResults('notes')),
    cmd('merge of no folder', ['merge', '--out', '{out}'], { exit: 'input', maxLines: 3, located: false }),
    cmd('merge of a user folder', ['merge', 'notes', '--out', '{out}'], notResults('notes')),
    cmd('merge of a file', ['merge', 't.yaml', '--out', '{out}'], notResults('t.yaml')),
    cmd('merge of a missing folder', ['merge', 'nope', '--out', '{out}'], notResults('nope')),
    cmd('merge of a forged sweep folder', ['merge', 'fake', '--out', '{out}'], notResults('fake'), { 'fake/.mesos-sim.json': '{"tool":"mesos-sim","command":"sweep","version":"0.1.0"}\n', 'fake/sweep.json': '{' }),
    cmd('report of a user folder', ['report', 'notes', '--out', '{out}'], notResults('notes')),
    cmd('report of a file', ['report', 't.yaml', '--out', '{out}'], notResults('t.yaml')),
    cmd('report of a forged run folder', ['report', 'fake', '--out', '{out}'], notResults('fake'), { 'fake/.mesos-sim.json': '{"tool":"mesos-sim","command":"run","version":"0.1.0"}\n', 'fake/summary.json': '{"__proto__": 1}' }),
    cmd('report --out its own input', ['report', 'notes', '--out', 'notes'], notResults('notes')),
    cmd('validate of no file', ['validate'], { exit: 'input', maxLines: 3, located: false }),
    cmd('validate of a device', ['validate', '/dev/zero'], { exit: 'input', mentions: ['/dev/zero: cannot read the file (it is a device'], maxLines: 1, located: false }),
    cmd('run of a device', ['run', '/dev/zero', '--out', '{out}'], { exit: 'input', mentions: ['/dev/zero: cannot read the scenario file (it is a device'], maxLines: 1, located: false }),
    cmd('an unknown command', ['runn', 't.yaml'], { exit: 'input', maxLines: 3, located: false }),
  ];
}

/** Every hand-written case of this file. */
export function craftedDocumentCases(): HostileCase[] {
  return [...sweepCases(), ...suiteCases(), ...commandCases()];
}

/** The bundled sweep files and bench suites, their scenario paths made absolute. */
function bundledDocuments(root: string): { name: string; doc: Json }[] {
  const keys = new Set(['scenario', 'file']);
  const files = [...readdirSync(join(root, 'scenarios', 'sweeps')).map((f) => join('sweeps', f)), join('bench', 'suite.yaml')].filter((f) => f.endsWith('.yaml')).sort();
  return files.map((f) => {
    const path = join(root, 'scenarios', f);
    return { name: f, doc: absoluteFiles(parse(readFileSync(path, 'utf8')) as Json, dirname(path), keys) };
  });
}

/** A seeded generator of mutated sweep files and bench suites, checked with `sim validate`. */
export function documentMutations(root: string, seed: string): (n: number) => HostileCase[] {
  const bases = bundledDocuments(root);
  const rng = seedrandom(`${seed}/documents`);
  const mutate = mutator(rng);
  return (n) =>
    Array.from({ length: n }, (_, i) => {
      const base = bases[Math.floor(rng() * bases.length)]!;
      const m = mutated(base.doc, mutate);
      return {
        id: `document mutation ${i}: ${base.name}: ${m.what}`,
        files: { 'd.yaml': m.yaml },
        args: ['validate', 'd.yaml', ...(m.set !== undefined ? ['--set', m.set] : [])],
        expect: { exit: 'either' },
      };
    });
}
