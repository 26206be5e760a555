import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../../src/errors.js';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadScenario, parseScenario } from '../../../src/scenario/load.js';
import { buildWorldSpec } from '../../../src/build.js';
import { randomSource } from '../../../src/core/random.js';
import { FIXTURES, tempFile } from './support.js';

const scenario = (trace: string) => `
name: t
cluster: { agents: [{ resources: { cpus: 1 } }] }
frameworks:
  - name: f
    workload:
      trace: ${trace}
`;

function problems(yaml: string): string[] {
  try {
    parseScenario(yaml, 'x.yaml');
  } catch (e) {
    return (e as InputErrors).problems as string[];
  }
  return [];
}

describe('workload.trace in a scenario', () => {
  it('applies the defaults and reads files relative to the scenario file', () => {
    // The scenario and its trace in a folder of their own, away from the working folder.
    const file = tempFile('s.yaml', scenario('{ format: swf, file: small.swf, match: { queue: [1] } }'));
    copyFileSync(join(FIXTURES, 'small.swf'), join(dirname(file), 'small.swf'));
    const s = loadScenario(file);
    const w = s.frameworks[0]!.workload;
    expect('trace' in w && w.trace).toEqual({
      format: 'swf', file: ['small.swf'], sample: 1, load: 1, match: { queue: ['1'] }, exclude: {}, processors: 'allocated',
    });
    const spec = buildWorldSpec(s, randomSource(1));
    expect(spec.frameworks[0]!.jobs.next()!.id).toBe('2');
  });

  it('reports bad trace settings as one line each', () => {
    expect(problems(scenario('{ format: pwa, file: a.swf }'))).toEqual([
      'x.yaml:7:24: frameworks.0.workload.trace.format: not an allowed value (expected one of: swf, csv, google2011, alibaba2018, got "pwa")',
    ]);
    expect(problems(scenario('{ format: swf, file: a.swf, window: { start: 10, end: 5 } }'))).toEqual([
      'x.yaml:7:68: frameworks.0.workload.trace.window.end: must be > window.start (expected a number of seconds > 10, got 5)',
    ]);
    expect(problems(scenario('{ format: swf, file: a.swf, sample: 0, table: job_events }'))).toEqual([
      'x.yaml:7:50: frameworks.0.workload.trace.sample: must be >= 1 (expected an integer >= 1, got 0)',
    ]);
    expect(problems(scenario('{ format: swf, file: a.swf, table: job_events }'))).toEqual([
      "x.yaml:7:49: frameworks.0.workload.trace.table: only for formats google2011 and alibaba2018 (expected no 'table' with format swf, got \"job_events\")",
    ]);
    expect(problems(scenario('{ format: google2011, file: a.csv }'))).toEqual([
      'x.yaml:7:14: frameworks.0.workload.trace.machine: required field missing (expected the resources of a machine of normalized capacity 1, e.g. { cpus: 32, mem: 131072 })',
    ]);
  });
});
