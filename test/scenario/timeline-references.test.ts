import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problems } from '../helpers/problems.js';

/** Two frameworks: marathon (role web) runs service `web` and a plain job; spark (role batch/{i}, two of them) runs generated jobs. */
const withTimeline = (...entries: string[]): string =>
  [
    'name: t', //                                                                                       1
    'cluster:', //                                                                                      2
    '  agents:', //                                                                                     3
    '    - { name: n, count: 2, resources: { cpus: 4, mem: 1024 } }', //                                4
    'frameworks:', //                                                                                   5
    '  - name: marathon', //                                                                            6
    '    role: web', //                                                                                 7
    '    workload:', //                                                                                 8
    '      jobs:', //                                                                                   9
    '        - { name: web, submit: 0, service: true, tasks: 2, resources: { cpus: 1 }, duration: forever }', // 10
    '        - { submit: 0, resources: { cpus: 1 }, duration: 5 }', //                                 11
    '  - { name: spark, count: 2, role: "batch/{i}", workload: { synthetic: { arrival: { process: constant, interval: 1 }, jobs: 1, duration: 1, resources: { cpus: 1 } } } }', // 12
    'timeline:', //                                                                                     13
    ...entries.map((e) => `  - ${e}`), //                                                               14...
    '',
  ].join('\n');

describe('timeline: scale_service names a service of the framework', () => {
  it('accepts a service by its job name', () => {
    const s = parseScenario(withTimeline('{ at: 5, scale_service: { framework: marathon, service: web, instances: 4 } }'), 'x.yaml');
    expect(s.timeline).toEqual([{ at: 5, scale_service: { framework: 'marathon', service: 'web', instances: 4 } }]);
  });

  it('an unknown service is a located error listing the services', () => {
    expect(problems(withTimeline('{ at: 5, scale_service: { framework: marathon, service: wbe, instances: 4 } }'))).toEqual([
      "x.yaml:14:61: timeline.0.scale_service.service: no such service 'wbe' (expected the name of a 'service: true' job of framework 'marathon': web)",
    ]);
  });

  it('a job that is not a service is named as such (job-2: the unnamed second job)', () => {
    expect(problems(withTimeline('{ at: 5, scale_service: { framework: marathon, service: job-2, instances: 4 } }'))).toEqual([
      "x.yaml:14:61: timeline.0.scale_service.service: job 'job-2' of framework 'marathon' is not a service (expected the name of a 'service: true' job of framework 'marathon': web)",
    ]);
  });

  it('a framework without explicit jobs has no services; an unknown framework is reported alone', () => {
    expect(problems(withTimeline('{ at: 5, scale_service: { framework: spark-1, service: web, instances: 4 } }'))).toEqual([
      "x.yaml:14:60: timeline.0.scale_service.service: no such service 'web' (expected the name of a 'service: true' job of framework 'spark-1': (there are none))",
    ]);
    expect(problems(withTimeline('{ at: 5, scale_service: { framework: spark, service: web, instances: 4 } }'))).toEqual([
      "x.yaml:14:42: timeline.0.scale_service.framework: no such framework 'spark' (expected a framework name after \"{i}\" expansion: marathon, spark-1, spark-2)",
    ]);
  });
});

describe('timeline: suppress and revive name a framework and, optionally, its roles', () => {
  it('parses both, with and without roles', () => {
    const s = parseScenario(withTimeline('{ at: 5, suppress: { framework: marathon } }', '{ at: 9, revive: { framework: spark-2, roles: [batch/2] } }'), 'x.yaml');
    expect(s.timeline).toEqual([
      { at: 5, suppress: { framework: 'marathon' } },
      { at: 9, revive: { framework: 'spark-2', roles: ['batch/2'] } },
    ]);
  });

  it('an unknown framework, or a role the framework does not have, is a located error', () => {
    expect(problems(withTimeline('{ at: 5, suppress: { framework: spark } }', '{ at: 9, revive: { framework: spark-2, roles: [batch/2, batch/1] } }'))).toEqual([
      "x.yaml:14:37: timeline.0.suppress.framework: no such framework 'spark' (expected a framework name after \"{i}\" expansion: marathon, spark-1, spark-2)",
      "x.yaml:15:61: timeline.1.revive.roles.1: framework 'spark-2' has no role 'batch/1' (expected a role of framework 'spark-2': batch/2)",
    ]);
  });

  it('the shape is checked: a mapping, a non-empty list of valid roles, no other field', () => {
    expect(problems(withTimeline('{ at: 5, suppress: marathon }'))).toEqual([
      "x.yaml:14:24: timeline.0.suppress: not a mapping (expected a mapping with 'framework' and optionally 'roles', got \"marathon\")",
    ]);
    expect(problems(withTimeline('{ at: 5, revive: { framework: marathon, roles: [] } }'))).toEqual([
      'x.yaml:14:52: timeline.0.revive.roles: must have at least 1 entry (expected a non-empty list of roles, got a list)',
    ]);
    expect(problems(withTimeline('{ at: 5, revive: { framework: marathon, role: web } }'))).toEqual([
      "x.yaml:14:45: timeline.0.revive: unknown field 'role' (expected one of: framework, roles)",
    ]);
  });
});
