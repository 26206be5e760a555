import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problems } from '../helpers/problems.js';

/** A scenario whose only framework has this one job (YAML flow mapping). */
const withJob = (job: string): string =>
  ['name: t', 'cluster:', '  agents:', '    - { name: n, count: 2, resources: { cpus: 4, mem: 1024 } }', 'frameworks:', '  - name: f', '    workload:', '      jobs:', `        - ${job}`, ''].join('\n');

const jobOf = (text: string) => {
  const w = parseScenario(text, 'x.yaml').frameworks[0]!.workload;
  return 'jobs' in w ? w.jobs[0]! : undefined;
};

describe('scenario format: staged jobs', () => {
  it('mapreduce is two stages, reduce after map', () => {
    const j = jobOf(withJob('{ submit: 0, mapreduce: { map: { tasks: 3, resources: { cpus: 1 }, duration: 5 }, reduce: { resources: { cpus: 2 }, duration: 9 } } }'));
    expect(j).toMatchObject({
      stages: [
        { name: 'map', tasks: 3, resources: { cpus: 1 }, duration: 5, after: [] },
        { name: 'reduce', tasks: 1, resources: { cpus: 2 }, duration: 9, after: ['map'] },
      ],
    });
  });

  it('stages may name only earlier stages, once each', () => {
    const p = problems(withJob('{ submit: 0, stages: [{ name: a, resources: { cpus: 1 }, duration: 1, after: [b] }, { name: b, resources: { cpus: 1 }, duration: 1 }, { name: b, resources: { cpus: 1 }, duration: 1 }] }'));
    expect(p).toHaveLength(2);
    expect(p[0]).toContain("no earlier stage 'b'");
    expect(p[1]).toContain("duplicate stage name 'b'");
  });

  it('one job form at a time', () => {
    const p = problems(withJob('{ submit: 0, duration: 3, mapreduce: { map: { resources: { cpus: 1 }, duration: 5 }, reduce: { resources: { cpus: 2 }, duration: 9 } } }'));
    expect(p).toHaveLength(1);
    expect(p[0]).toContain("cannot be combined with 'duration'");
  });

  it('prefer: agent names or { random: k }', () => {
    expect(jobOf(withJob('{ submit: 0, resources: { cpus: 1 }, duration: 1, prefer: [n-0] }'))).toMatchObject({ prefer: ['n-0'] });
    expect(jobOf(withJob('{ submit: 0, resources: { cpus: 1 }, duration: 1, prefer: { random: 2 } }'))).toMatchObject({ prefer: { random: 2 } });
    expect(problems(withJob('{ submit: 0, resources: { cpus: 1 }, duration: 1, prefer: { random: 0 } }'))[0]).toContain('prefer');
  });
});
