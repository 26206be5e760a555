import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorldSpec } from '../../src/build.js';
import { randomSource } from '../../src/core/random.js';
import { loadScenario } from '../../src/scenario/load.js';
import { inputError } from '../helpers/problems.js';
import { readCsvColumn } from '../../src/workload/csv-column.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('empirical-');
const csv = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('readCsvColumn', () => {
  it('reads one column by its header, skipping empty cells, quoted and spaced values allowed', () => {
    const file = csv('ok.csv', 'job,runtime,cpus\na,12.5,1\nb, 3 ,2\nc,,4\n\nd,"7e1",1\n');
    expect(readCsvColumn(file, 'runtime')).toEqual([12.5, 3, 70]);
    expect(readCsvColumn(file, 'cpus')).toEqual([1, 2, 4, 1]);
  });

  it('reports each problem in one line: missing file, missing column, non-number at file:line, empty column', () => {
    const missing = join(dir, 'nope.csv');
    expect(inputError(() => readCsvColumn(missing, 'x'))).toBe(`${missing}: cannot read the CSV file (no such file)`);
    expect(inputError(() => readCsvColumn(dir, 'x'))).toBe(`${dir}: cannot read the CSV file (it is a folder; expected a regular file)`);
    const file = csv('bad.csv', 'job,runtime,note\na,1,\nb,abc,\nc,,\n');
    expect(inputError(() => readCsvColumn(file, 'wall'))).toBe(`${file}: no column 'wall' (expected a header row, the file's first, that names it; this one has 3 columns)`);
    expect(inputError(() => readCsvColumn(file, 'runtime'))).toBe(`${file}:3: column 'runtime': not a decimal number (got text of 3 characters)`);
    expect(inputError(() => readCsvColumn(file, 'note'))).toBe(`${file}: column 'note' has no values (expected at least one number)`);
    expect(inputError(() => readCsvColumn(csv('empty.csv', ''), 'x'))).toMatch(/empty CSV file/);
    for (const m of [inputError(() => readCsvColumn(file, 'runtime'))]) expect(m).not.toContain('\n');
  });
});

describe('empirical distributions in a scenario', () => {
  const scenarioDir = join(dir, 'scenarios');
  mkdirSync(join(scenarioDir, 'data'), { recursive: true });
  writeFileSync(join(scenarioDir, 'data', 'runtimes.csv'), 'id,runtime\n1,10\n2,20\n3,40\n');
  const scenario = (column: string) => {
    const file = join(scenarioDir, `s-${column}.yaml`);
    writeFileSync(
      file,
      [
        'name: e',
        'cluster: { agents: [ { resources: { cpus: 4, mem: 1024 } } ] }',
        'frameworks:',
        '  - name: web',
        '    workload:',
        '      synthetic:',
        '        arrival: { process: poisson, rate: 1 }',
        '        jobs: 50',
        `        duration: { dist: empirical, file: data/runtimes.csv, column: ${column} }`,
        '        resources: { cpus: 1 }',
        '',
      ].join('\n'),
    );
    return loadScenario(file);
  };

  it('reads the file relative to the scenario file when the world is built', () => {
    const spec = buildWorldSpec(scenario('runtime'), randomSource(1));
    const durations = new Set<number>();
    for (let j = spec.frameworks[0]!.jobs.next(); j !== undefined; j = spec.frameworks[0]!.jobs.next()) durations.add(j.tasks[0]!.duration);
    expect([...durations].sort((a, b) => a - b)).toEqual([10, 20, 40]);
  });

  it('is read when the scenario is loaded: a bad column is one line at the field naming the file', () => {
    expect(inputError(() => scenario('wall'))).toBe(
      `${join(scenarioDir, 's-wall.yaml')}:9:44: frameworks.0.workload.synthetic.duration.file: ${join(scenarioDir, 'data', 'runtimes.csv')}: no column 'wall' (expected a header row, the file's first, that names it; this one has 2 columns)`,
    );
  });

  it('never echoes the content of the file it names', () => {
    writeFileSync(join(scenarioDir, 'data', 'secret.csv'), 'root:$6$salt$hash:19000:0:99999:7:::\nuser:hunter2\n');
    const file = scenario('runtime').dir + '/s-runtime.yaml';
    // The column as the scenario names it, and as the file's first line (what a guess at it would give).
    for (const column of ['runtime', 'root:$6$salt$hash:19000:0:99999:7:::']) {
      const sets = ['frameworks.0.workload.synthetic.duration.file=data/secret.csv', `frameworks.0.workload.synthetic.duration.column=${JSON.stringify(column)}`];
      const message = inputError(() => loadScenario(file, sets));
      expect(message).toMatch(/^--set frameworks\.0\.workload\.synthetic\.duration\.file: .*secret\.csv/);
      expect(message).not.toContain('hunter2');
      if (column === 'runtime') expect(message).not.toContain('$6$salt');
    }
  });

});
