/**
 * Empirical distributions' CSV files are read when the scenario is loaded
 * (scenario/data-files.ts: a problem is one line at the field naming the
 * file), or, for a scenario parsed without loadScenario, when it is built
 * (scenario/empirical-files.ts), relative to the scenario file, whatever field
 * names them; the world gets tables of values and reads no file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorldSpec } from '../../src/build.js';
import { randomSource } from '../../src/core/random.js';
import { EmpiricalFiles } from '../../src/scenario/empirical-files.js';
import { loadScenario } from '../../src/scenario/load.js';
import { inputError } from '../helpers/problems.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('empirical-files-');
mkdirSync(join(dir, 'data'));
const TABLE = join(dir, 'data', 't.csv');
writeFileSync(TABLE, 'a,b,bad\n3,30,x\n1,10,\n2,20,\n');

/** `text` as a regular expression that matches it literally. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const fromFile = (column: string) => ({ dist: 'empirical', file: 'data/t.csv', column, interpolate: false }) as const;

describe('EmpiricalFiles', () => {
  it('reads a file relative to its folder into the values of the column, in file order', () => {
    expect(new EmpiricalFiles(dir).distribution(fromFile('a'), 'x')).toEqual({ dist: 'empirical', values: [3, 1, 2], interpolate: false });
    const absolute = { dist: 'empirical', file: TABLE, column: 'b', interpolate: true } as const;
    expect(new EmpiricalFiles(join(dir, 'data')).distribution(absolute, 'x')).toEqual({ dist: 'empirical', values: [30, 10, 20], interpolate: true });
  });

  it('gives every other spec back as it is', () => {
    const files = new EmpiricalFiles(dir);
    const exponential = { dist: 'exponential', mean: 4 } as const;
    const values = { dist: 'empirical', values: [1, 2], interpolate: false } as const;
    expect(files.distribution(exponential, 'x')).toBe(exponential);
    expect(files.distribution(values, 'x')).toBe(values);
    expect(files.distribution(7, 'x')).toBe(7);
  });

  it('reads each file and column once', () => {
    const file = join(dir, 'once.csv');
    writeFileSync(file, 'v,w\n1,5\n');
    const files = new EmpiricalFiles(dir);
    const v = { dist: 'empirical', file: 'once.csv', column: 'v', interpolate: false } as const;
    expect(files.distribution(v, 'x')).toMatchObject({ values: [1] });
    writeFileSync(file, 'v,w\n2,6\n');
    expect(files.distribution(v, 'y')).toMatchObject({ values: [1] });
    expect(files.distribution({ ...v, column: 'w' }, 'z')).toMatchObject({ values: [6] });
  });

  it('maps each entry of a mapping, naming it in errors', () => {
    const files = new EmpiricalFiles(dir);
    expect(files.record({ cpus: fromFile('a'), mem: 2, gpus: undefined }, 'r')).toEqual({
      cpus: { dist: 'empirical', values: [3, 1, 2], interpolate: false },
      mem: 2,
      gpus: undefined,
    });
    expect(inputError(() => files.record({ cpus: 1, mem: fromFile('c') }, 'jobs.0.usage'))).toBe(
      `jobs.0.usage.mem: ${TABLE}: no column 'c' (expected a header row, the file's first, that names it; this one has 3 columns)`,
    );
  });

  it('reports a bad file in one line: the field, then the file (and line)', () => {
    const files = new EmpiricalFiles(dir);
    expect(inputError(() => files.distribution(fromFile('bad'), 'master.latency.master_to_agent'))).toMatch(
      new RegExp(`^master\\.latency\\.master_to_agent: ${TABLE}:2[:\\s]`),
    );
    const missing = { dist: 'empirical', file: 'none.csv', column: 'c', interpolate: false } as const;
    expect(inputError(() => files.distribution(missing, 'faults.master.election'))).toMatch(
      new RegExp(`^faults\\.master\\.election: ${join(dir, 'none.csv')}: cannot read the CSV file \\(no such file\\)$`),
    );
  });
});

describe('every distribution field of a scenario reads its file when the scenario is loaded', () => {
  /** A scenario naming the column `column` of data/t.csv in the field at `at`, else only constants. */
  const scenario = (at: string, column: string) => {
    const d = (here: string, otherwise: string) => (here === at ? `{ dist: empirical, file: data/t.csv, column: ${column} }` : otherwise);
    const file = join(dir, `s-${at}-${column}.yaml`);
    writeFileSync(
      file,
      [
        'name: e',
        `master: { latency: { master_to_agent: ${d('latency', '0.1')}, messages: { subscribe: ${d('messages', '0.2')} } } }`,
        'cluster: { agents: [ { name: a, count: 2, resources: { cpus: 4, mem: 1024 } } ] }',
        'frameworks:',
        '  - name: web',
        `    usage: { cpus: ${d('usage', '1')} }`,
        '    workload:',
        '      synthetic:',
        '        arrival: { process: poisson, rate: 1 }',
        '        jobs: 30',
        `        tasks_per_job: ${d('tasks_per_job', '1')}`,
        `        duration: ${d('duration', '10')}`,
        `        resources: { cpus: ${d('resources', '1')} }`,
        '  - name: batch',
        `    workload: { jobs: [ { submit: 0, resources: { cpus: 1 }, duration: 5, usage: { mem: ${d('job-usage', '1')} } } ] }`,
        'faults:',
        '  isolation: { mode: none }',
        `  agents: [ { group: [a], time_to_failure: ${d('time_to_failure', '100')}, mttr: ${d('mttr', '5')} } ]`,
        `  master: { failures: [50], election: ${d('election', '1')}, repair: ${d('repair', '60')} }`,
        '',
      ].join('\n'),
    );
    return loadScenario(file);
  };
  const TABLE_A = { dist: 'empirical', values: [3, 1, 2], interpolate: false };

  /** Each field: where the built world holds it, and the field path its errors name. */
  const FIELDS = [
    { at: 'latency', where: 'master.latency.master_to_agent', line: 2, get: (w: World) => w.master.latency.masterToAgent },
    { at: 'messages', where: 'master.latency.messages.subscribe', line: 2, get: (w: World) => w.master.latency.messages?.subscribe },
    { at: 'usage', where: 'frameworks.0.usage.cpus', line: 6, get: (w: World) => w.taskFaults?.frameworks[0]?.usage?.cpus },
    { at: 'job-usage', where: 'frameworks.1.workload.jobs.0.usage.mem', line: 15, get: (w: World) => w.frameworks[1]!.jobs.next()?.faults?.usage?.mem },
    { at: 'time_to_failure', where: 'faults.agents.0.time_to_failure', line: 18, get: (w: World) => w.agentFaults?.processes[0]?.timeToFailure },
    { at: 'mttr', where: 'faults.agents.0.mttr', line: 18, get: (w: World) => w.agentFaults?.processes[0]?.repair },
    { at: 'election', where: 'faults.master.election', line: 19, get: (w: World) => w.failover?.election },
    { at: 'repair', where: 'faults.master.repair', line: 19, get: (w: World) => w.failover?.repair },
  ];
  type World = ReturnType<typeof buildWorldSpec>;

  it.each(FIELDS)('$where', ({ at, where, line, get }) => {
    expect(get(buildWorldSpec(scenario(at, 'a'), randomSource(1)))).toEqual(TABLE_A);
    const file = join(dir, `s-${at}-c.yaml`);
    expect(inputError(() => scenario(at, 'c'))).toMatch(new RegExp(`^${escape(file)}:${line}:\\d+: ${escape(where)}\\.file: ${escape(TABLE)}: ${escape("no column 'c' (expected a header row, the file's first, that names it; this one has 3 columns)")}$`));
  });

  it.each(['tasks_per_job', 'duration', 'resources'])('framework web: workload.synthetic.%s', (at) => {
    const world = buildWorldSpec(scenario(at, 'a'), randomSource(1));
    const drawn = new Set<number>();
    for (let j = world.frameworks[0]!.jobs.next(); j !== undefined; j = world.frameworks[0]!.jobs.next()) {
      for (const t of j.tasks) drawn.add(at === 'tasks_per_job' ? j.tasks.length : at === 'duration' ? t.duration : t.resources[0]! / 1000);
    }
    expect([...drawn].sort()).toEqual([1, 2, 3]);
    const field = at === 'resources' ? 'resources.cpus' : at;
    const file = join(dir, `s-${at}-c.yaml`);
    expect(inputError(() => scenario(at, 'c'))).toMatch(
      new RegExp(`^${escape(file)}:\\d+:\\d+: frameworks\\.0\\.workload\\.synthetic\\.${escape(field)}\\.file: ${escape(TABLE)}: ${escape("no column 'c' (expected a header row, the file's first, that names it; this one has 3 columns)")}$`),
    );
  });
});
