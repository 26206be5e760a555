/**
 * Hostile scenarios written by hand, one per class of problem that issue 12
 * (item 4) reproduced: YAML bombs and deep nesting, numbers that make a count
 * or a rate unbounded, files that are not files, plug-ins that misbehave,
 * names that are not safe path components or touch a prototype, and flags
 * without values. Each expects exit 2 with a short message naming the field
 * (and, where there is a file, its place in it).
 */
import { stringify } from 'yaml';
import type { Expectation, HostileCase } from './cases.js';

type Doc = Record<string, unknown>;

/** A small valid scenario: one agent group, one framework with one job. */
export function baseDoc(): Doc {
  return {
    name: 'h',
    cluster: { agents: [{ name: 'g', count: 2, resources: { cpus: 4, mem: 4096 } }] },
    frameworks: [{ name: 'f', workload: { jobs: [{ submit: 0, tasks: 2, resources: { cpus: 1, mem: 512 }, duration: 10 }] } }],
  };
}

/** `baseDoc()` with `edit` applied. */
function doc(edit: (d: Doc & { cluster: Doc; frameworks: Doc[] }) => void): string {
  const d = baseDoc() as Doc & { cluster: Doc; frameworks: Doc[] };
  edit(d);
  return stringify(d, { lineWidth: 0 });
}

const BASE = stringify(baseDoc(), { lineWidth: 0 });
const RUN = ['run', 's.yaml', '--out', '{out}', '--no-wall-clock'];
const VALIDATE = ['validate', 's.yaml'];
/** An input error located in the scenario file, naming `field`. */
const at = (field: string, ...more: string[]): Expectation => ({ exit: 'input', mentions: [`: ${field}: `, ...more], maxLines: 3 });
/** An input error starting with `s.yaml:LINE:COL:` (a YAML problem). */
const yamlError = (...words: string[]): Expectation => ({ exit: 'input', mentions: ['s.yaml:', ...words], maxLines: 3 });

function scenario(id: string, text: string, expect: Expectation, args: readonly string[] = VALIDATE, files: Record<string, string | Buffer> = {}): HostileCase {
  return { id, files: { 's.yaml': text, ...files }, args, expect };
}

function yamlCases(): HostileCase[] {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [k, prev] of [...'bcdefghi'].map((c, i) => [c, 'abcdefgh'[i]!])) laughs.push(`${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`);
  const fan = ['x: &x [1,2,3,4,5,6,7,8,9,10]', `y: &y [${Array(10).fill('*x').join(',')}]`, `z: [${Array(10).fill('*y').join(',')}]`];
  const deepBlock = Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n');
  return [
    scenario('yaml: billion laughs', `${laughs.join('\n')}\n${BASE}`, yamlError('too many alias expansions')),
    scenario('yaml: billion laughs, run', `${laughs.join('\n')}\n${BASE}`, yamlError('too many alias expansions'), RUN),
    scenario('yaml: 10x10x10 alias fan-out', `${fan.join('\n')}\n${BASE}`, yamlError('too many alias expansions')),
    scenario('yaml: fan-out under allocator_options', BASE + `master:\n  allocator_options:\n    ${fan.join('\n    ')}\n`, yamlError('too many alias expansions')),
    scenario('yaml: undefined alias', `${BASE}description: *nope\n`, yamlError("alias '*nope' names no anchor")),
    scenario('yaml: alias inside its own anchor', `${BASE}master:\n  allocator_options: &x { a: [*x] }\n`, yamlError("alias '*x' is inside its own anchor")),
    scenario('yaml: merge of an undefined anchor', `${BASE}master:\n  <<: *m\n`, yamlError("alias '*m' names no anchor")),
    scenario('yaml: 5,000-deep flow nesting', `${BASE}description: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, yamlError('nesting too deep')),
    scenario('yaml: 5,000-deep block nesting', `${BASE}description:\n${deepBlock}\n`, yamlError('nesting too deep')),
    scenario('yaml: 100-deep nesting in allocator options', `${BASE}master:\n  allocator_options: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`, yamlError('nesting too deep')),
    scenario('yaml: binary bytes', '', yamlError(), VALIDATE, { 's.yaml': Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256)) }),
    scenario('yaml: empty file', '', { exit: 'input', maxLines: 3 }),
    scenario('yaml: a list, not a mapping', '- 1\n- 2\n', { exit: 'input', maxLines: 3 }),
    scenario('yaml: tab indentation', BASE.replace('cluster:\n  ', 'cluster:\n\t'), yamlError()),
    scenario('yaml: duplicate key', `${BASE}name: again\n`, yamlError()),
    scenario('yaml: two documents', `${BASE}---\n${BASE}`, yamlError()),
    { id: 'yaml: --set seed=*a', files: { 's.yaml': BASE }, args: [...VALIDATE, '--set', 'seed=*a'], expect: { exit: 'input', mentions: ['--set seed: ', "alias '*a' names no anchor"], maxLines: 2 } },
    { id: 'yaml: --set with a billion laughs value', files: { 's.yaml': BASE }, args: [...VALIDATE, '--set', `description=${'['.repeat(300)}`], expect: { exit: 'input', mentions: ['--set description: '], maxLines: 2 } },
  ];
}

function numberCases(): HostileCase[] {
  const synthetic = (more: Doc): string =>
    doc((d) => {
      d.frameworks[0]!.workload = { synthetic: { arrival: { process: 'poisson', rate: 1 }, end: 600, duration: 10, resources: { cpus: 1 }, ...more } };
    });
  return [
    scenario('numbers: rate 1e308', synthetic({ arrival: { process: 'poisson', rate: 1e308 } }), at('frameworks.0.workload.synthetic.arrival.rate'), RUN),
    scenario('numbers: tasks 1e9', doc((d) => ((d.frameworks[0]!.workload as { jobs: Doc[] }).jobs[0]!.tasks = 1e9)), at('frameworks.0.workload.jobs.0.tasks'), RUN),
    scenario('numbers: agent count 1e7', doc((d) => ((d.cluster.agents as Doc[])[0]!.count = 1e7)), at('cluster.agents.0.count'), RUN),
    scenario('numbers: sample_interval 1e-300', doc((d) => (d.metrics = { sample_interval: 1e-300 })), at('metrics.sample_interval'), RUN),
    scenario('numbers: allocation_interval 1e-300', doc((d) => (d.master = { allocation_interval: 1e-300 })), at('master.allocation_interval'), RUN),
    scenario('numbers: until 1e308 with a service that never drains', doc((d) => {
      d.until = 1e308;
      d.frameworks[0]!.workload = { jobs: [{ submit: 0, tasks: 1, resources: { cpus: 1 }, duration: 'forever', service: true }] };
    }), at('until'), RUN),
    scenario('numbers: until / sample_interval too many samples', doc((d) => ((d.until = 1e9), (d.metrics = { sample_interval: 1 }))), at('metrics.sample_interval', 'metric samples'), RUN),
    scenario('numbers: synthetic end 1e9 at rate 1', synthetic({ end: 1e9 }), at('frameworks.0.workload.synthetic', 'synthetic jobs'), RUN),
    scenario('numbers: constant arrivals every 1e-300 s', synthetic({ arrival: { process: 'constant', interval: 1e-300 } }), at('frameworks.0.workload.synthetic', 'synthetic jobs'), RUN),
    scenario('numbers: framework count 1e6', doc((d) => (d.frameworks[0]!.count = 1e6)), at('frameworks.0.count'), RUN),
    scenario('numbers: 200 groups of 1,000 agents', doc((d) => (d.cluster.agents = Array.from({ length: 200 }, (_, i) => ({ name: `g${i}`, count: 1000, resources: { cpus: 1 } })))), at('cluster.agents.0.count', '200,000 agents'), RUN),
    scenario('numbers: 20 jobs of a million tasks', doc((d) => ((d.frameworks[0]!.workload as { jobs: Doc[] }).jobs = Array.from({ length: 20 }, (_, i) => ({ submit: i, tasks: 1e6, resources: { cpus: 1 }, duration: 1 })))), at('frameworks.0.workload.jobs', 'tasks of explicit jobs'), RUN),
    scenario('numbers: submit 1e308', doc((d) => ((d.frameworks[0]!.workload as { jobs: Doc[] }).jobs[0]!.submit = 1e308)), at('frameworks.0.workload.jobs.0.submit'), RUN),
    scenario('numbers: resources .nan', BASE.replace('cpus: 1,', 'cpus: .nan,').replace('cpus: 1\n', 'cpus: .nan\n'), { exit: 'input', mentions: ['cpus'], maxLines: 3 }, RUN),
    scenario('numbers: duration .inf', BASE.replace('duration: 10', 'duration: .inf'), at('frameworks.0.workload.jobs.0.duration'), RUN),
    scenario('numbers: resource 1e308', BASE.replace('mem: 4096', 'mem: 1e308'), at('cluster.agents.0.resources.mem'), RUN),
    scenario('numbers: seed 1e308', `${BASE}seed: 1e308\n`, at('seed'), RUN),
    scenario('numbers: weight 1e308', `${BASE}roles:\n  x: { weight: 1e308 }\n`, at('roles.x.weight'), RUN),
    scenario('numbers: lookahead 1e300', doc((d) => (d.frameworks[0]!.lookahead = 1e300)), at('frameworks.0.lookahead'), RUN),
    scenario('numbers: tasks_per_job drawn past the limit', synthetic({ jobs: 5, tasks_per_job: { dist: 'lognormal', mu: 40, sigma: 1 } }), at('frameworks.0.workload.synthetic.tasks_per_job', 'drew'), RUN),
    scenario('numbers: a duration drawn past the limit', synthetic({ jobs: 5, duration: { dist: 'pareto', alpha: 0.01, scale: 1 } }), at('frameworks.0.workload.synthetic.duration', 'drew'), RUN),
    scenario('numbers: arrivals past the time limit', synthetic({ end: undefined, jobs: 3, arrival: { process: 'poisson', rate: 1e-12 } }), at('frameworks.0.workload.synthetic.arrival', 'past the limit'), RUN),
    scenario(
      'numbers: a run stopped at limits.events',
      doc((d) => {
        d.master = { allocation_interval: 0.001 };
        d.until = 1e6;
        (d.frameworks[0]!.workload as { jobs: Doc[] }).jobs[0]!.resources = { cpus: 100 };
        d.limits = { events: 100_000 };
      }),
      at('limits.events', 'stopped after'),
      RUN,
    ),
  ];
}

function fileCases(): HostileCase[] {
  const trace = (file: string): string => doc((d) => (d.frameworks[0]!.workload = { trace: { format: 'csv', file } }));
  const empirical = (file: string, column = 'v'): string =>
    doc((d) => {
      d.frameworks[0]!.workload = { synthetic: { arrival: { process: 'poisson', rate: 1 }, jobs: 3, duration: { dist: 'empirical', file, column }, resources: { cpus: 1 } } };
    });
  const secret = 'root:$6$salt$hash:19000:0:99999:7:::\nuser:hunter2\n';
  return [
    scenario('files: trace path is a folder', trace('dir'), at('frameworks.0.workload.trace.file', 'it is a folder'), RUN, { 'dir/x': '' }),
    scenario('files: trace file missing', trace('nope.csv'), at('frameworks.0.workload.trace.file', 'no such file'), RUN),
    scenario('files: trace file is a device', trace('/dev/zero'), at('frameworks.0.workload.trace.file', 'a device'), RUN),
    scenario('files: trace with a line longer than 1 MiB', trace('long.csv'), { exit: 'input', mentions: ['long.csv:2: malformed row: a line longer than 1 MiB'], maxLines: 2 }, RUN, { 'long.csv': `submit,duration\n${'1'.repeat(3 << 20)}` }),
    scenario('files: trace_machines file is a folder', doc((d) => (d.cluster.trace_machines = { format: 'google2011', file: 'dir', machine: { cpus: 4 } })), at('cluster.trace_machines.file', 'it is a folder'), RUN, { 'dir/x': '' }),
    scenario('files: empirical file is a folder', empirical('dir'), at('frameworks.0.workload.synthetic.duration.file', 'it is a folder'), VALIDATE, { 'dir/x': '' }),
    scenario('files: empirical file missing', empirical('nope.csv'), at('frameworks.0.workload.synthetic.duration.file', 'no such file'), RUN),
    scenario('files: empirical file of a secret, no such column', empirical('secret'), { ...at('frameworks.0.workload.synthetic.duration.file'), never: ['hunter2', '$6$salt'] }, VALIDATE, { secret }),
    scenario('files: empirical file of a secret, its first line as column', empirical('secret', 'root:$6$salt$hash:19000:0:99999:7:::'), { ...at('frameworks.0.workload.synthetic.duration.file'), never: ['hunter2'] }, RUN, { secret }),
    scenario('files: empirical file with a hexadecimal cell', empirical('v.csv'), at('frameworks.0.workload.synthetic.duration.file', 'not a decimal number (got "0x10")'), VALIDATE, { 'v.csv': 'v\n1\n0x10\n' }),
    { id: 'files: scenario path is a folder', files: { 'dir/x': '' }, args: ['validate', 'dir'], expect: { exit: 'input', mentions: ['dir: cannot read'], maxLines: 1, located: false } },
    { id: 'files: scenario file missing', files: {}, args: ['run', 'nope.yaml', '--out', '{out}'], expect: { exit: 'input', mentions: ['nope.yaml: cannot read'], maxLines: 1, located: false } },
  ];
}

function pluginCases(): HostileCase[] {
  const plugin = (body: string): string => `export default { description: 'x', create: () => ({ name: 'x', ${body} }) };\n`;
  const grantAll = "allocate(view, candidates) { return candidates.map((a) => ({ framework: 0, agent: a.index, resources: RES })); }";
  const run = ['run', 's.yaml', '--out', '{out}', '--allocator', './x.js'];
  const byPlugin = (...words: string[]): Expectation => ({ exit: 'input', mentions: ['allocator ./x.js: ', ...words], maxLines: 2, located: false });
  const cases: [string, string, Expectation][] = [
    ['grants more than an agent has', plugin(grantAll.replace('RES', 'a.total.map((v) => v * 2)')), byPlugin('made an invalid grant', 'which has only')],
    ['grants NaN', plugin(grantAll.replace('RES', 'a.total.map(() => NaN)')), byPlugin('not a resource vector')],
    ['grants a plain list', plugin(grantAll.replace('RES', '[1000, 0]')), byPlugin('not a resource vector')],
    ['grants to an unknown framework', plugin("allocate(view, candidates) { return candidates.map((a) => ({ framework: 'constructor', agent: a.index, resources: a.total })); }"), byPlugin('unknown framework')],
    ['throws inside allocate', plugin("allocate() { throw new TypeError('boom'); }"), byPlugin('allocate() threw TypeError: boom')],
    ['throws a string', plugin("allocate() { throw 'just a string'; }"), byPlugin('allocate() threw just a string')],
    ['returns no list', plugin('allocate() { return 42; }'), byPlugin('allocate() returned number')],
    ['throws in create', "export default { create: () => { throw new Error('nope'); } };\n", byPlugin('create() threw Error: nope')],
  ];
  return [
    ...cases.map(([what, module, expect]): HostileCase => ({ id: `plug-in: ${what}`, files: { 's.yaml': BASE, 'x.js': module }, args: run, expect })),
    { id: 'plug-in: fails to load', files: { 's.yaml': BASE, 'x.js': 'throw new Error("at import");\n' }, args: run, expect: { exit: 'input', mentions: ['failed to load'], maxLines: 2 } },
    { id: 'plug-in: named by the file without --allow-plugins', files: { 's.yaml': `${BASE}master: { allocator: ./x.js }\n`, 'x.js': plugin(grantAll) }, args: RUN, expect: at('master.allocator', 'never loads code') },
  ];
}

function nameCases(): HostileCase[] {
  const bad = ['..', '.', '', 'a/b', '-x', '__proto__', 'constructor', 'x'.repeat(300)];
  const cases: HostileCase[] = [];
  for (const [i, n] of bad.entries()) {
    const show = JSON.stringify(n.length > 20 ? `${n.slice(0, 8)}...` : n);
    cases.push(scenario(`names: scenario name ${show}`, doc((d) => (d.name = n)), at('name'), RUN));
    cases.push(scenario(`names: framework name ${show}`, doc((d) => (d.frameworks[0]!.name = n)), at('frameworks.0.name'), RUN));
    cases.push(scenario(`names: group name ${show}`, doc((d) => ((d.cluster.agents as Doc[])[0]!.name = n)), at('cluster.agents.0.name'), VALIDATE));
    if (i < 5) {
      cases.push(scenario(`names: pool name ${show}`, doc((d) => (d.pools = Object.defineProperty({}, n, { value: { capacity: { cpus: 1 } }, enumerable: true }))), { exit: 'input', mentions: ['pools'], maxLines: 3 }, VALIDATE));
    }
  }
  for (const role of ['-x', '__proto__', 'a/../b', 'constructor/x']) {
    cases.push(scenario(`names: role ${JSON.stringify(role)}`, doc((d) => (d.frameworks[0]!.role = role)), at('frameworks.0.role'), VALIDATE));
  }
  cases.push(scenario('names: roles key __proto__', `${BASE}roles:\n  __proto__: { weight: 2 }\n`, { exit: 'input', mentions: ['roles'], maxLines: 3 }, VALIDATE));
  cases.push(scenario('names: resource constructor', BASE.replace('mem: 4096', 'constructor: 4096'), { exit: 'input', mentions: ['constructor'], maxLines: 3 }, VALIDATE));
  cases.push(scenario('names: attribute __proto__', doc((d) => ((d.cluster.agents as Doc[])[0]!.attributes = JSON.parse('{"__proto__": "x"}') as Doc)), { exit: 'input', mentions: ['attributes'], maxLines: 3 }, VALIDATE));
  return cases;
}

function flagAndReferenceCases(): HostileCase[] {
  const flag = (id: string, extra: readonly string[], ...words: string[]): HostileCase => ({ id, files: { 's.yaml': BASE }, args: [...RUN, ...extra], expect: { exit: 'input', mentions: words, maxLines: 2 } });
  return [
    { id: 'flags: --seed without a value', files: { 's.yaml': BASE }, args: ['run', 's.yaml', '--out', '{out}', '--seed'], expect: { exit: 'input', mentions: ['seed'], maxLines: 2 } },
    flag('flags: --seed -1', ['--seed', '-1'], '--seed'),
    flag('flags: --seed abc', ['--seed', 'abc'], '--seed'),
    flag('flags: --seed 1.5', ['--seed', '1.5'], '--seed'),
    flag('flags: --set __proto__.x=1', ['--set', '__proto__.x=1'], "--set __proto__.x: '__proto__' is not a field"),
    flag('flags: --set constructor.prototype.x=1', ['--set', 'constructor.prototype.x=1'], "'constructor' is not a field"),
    flag('flags: --set frameworks.0.__proto__.x=1', ['--set', 'frameworks.0.__proto__.x=1'], "'__proto__' is not a field"),
    flag('flags: --set without =', ['--set', 'seed'], '--set'),
    flag('flags: unknown flag', ['--bogus'], 'sim: Unknown argument'),
    flag('flags: --allocator constructor', ['--allocator', 'constructor'], "--set master.allocator: unknown allocator 'constructor'"),
    scenario('references: unknown pool', doc((d) => (d.frameworks[0]!.pool = 'nope')), at('frameworks.0.pool', "unknown pool 'nope'")),
    scenario('references: unknown pool of a group', doc((d) => ((d.cluster.agents as Doc[])[0]!.pool = 'nope')), at('cluster.agents.0.pool', "unknown pool 'nope'")),
    scenario('references: unknown allocator', `${BASE}master: { allocator: nope }\n`, at('master.allocator', "unknown allocator 'nope'")),
    scenario('references: a preferred agent that does not exist', doc((d) => ((d.frameworks[0]!.workload as { jobs: Doc[] }).jobs[0]!.prefer = ['g-9'])), at('frameworks.0.workload.jobs.0.prefer.0', "no such agent 'g-9'")),
    scenario('references: duplicate job ids', doc((d) => ((d.frameworks[0]!.workload as { jobs: Doc[] }).jobs = [{ submit: 0, name: 'a', resources: { cpus: 1 }, duration: 1 }, { submit: 1, name: 'a', resources: { cpus: 1 }, duration: 1 }])), at('frameworks.0.workload.jobs.1.name', "duplicate job id 'a'")),
    scenario('references: bad allocator options', `${BASE}master: { allocator: pools, allocator_options: { nonsense: 1 } }\npools: { p: { capacity: { cpus: 1 } } }\n`, { exit: 'input', mentions: ['master.allocator_options'], maxLines: 3 }, RUN),
  ];
}

/** Every crafted case. */
export function craftedCases(): HostileCase[] {
  return [...yamlCases(), ...numberCases(), ...fileCases(), ...pluginCases(), ...nameCases(), ...flagAndReferenceCases()];
}
