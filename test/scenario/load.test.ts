import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { problems } from '../helpers/problems.js';
import { tempDir } from '../helpers/temp.js';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** A valid scenario, one field per line, used as a base for mistakes. */
const BASE = [
  'name: t', //                                                  1
  'cluster:', //                                                 2
  '  agents:', //                                                3
  '    - resources: { cpus: 4, mem: 1024 }', //                  4
  'frameworks:', //                                              5
  '  - name: f', //                                              6
  '    workload:', //                                            7
  '      jobs:', //                                              8
  '        - { submit: 0, resources: { cpus: 1 }, duration: 10 }', // 9
];

describe('parseScenario: valid files', () => {
  it('applies every documented default to a minimal file', () => {
    const s = parseScenario(lines(...BASE), 'x.yaml');
    expect(s).toEqual({
      name: 't',
      quick: false,
      seed: 1,
      until: 'drained',
      stall_timeout: 3600,
      cluster: {
        agents: [{ name: 'group0', count: 1, resources: { cpus: 4, mem: 1024 }, attributes: {}, register_at: 0 }],
      },
      master: {
        allocator: 'drf',
        allocator_options: {},
        allocation_interval: 1,
        refuse_seconds: 5,
        offer_timeout: null,
        policy_timeout: 60,
        min_allocatable: [{ cpus: 0.01 }, { mem: 32 }],
        latency: { master_to_framework: 0, framework_to_master: 0, master_to_agent: 0, agent_to_master: 0, messages: {} },
        agent_ping_timeout: 15,
        max_agent_ping_timeouts: 5,
      },
      roles: {},
      pools: {},
      frameworks: [
        {
          name: 'f',
          count: 1,
          role: '*',
          tasks_per_offer: 'unlimited',
          lookahead: 1000,
          decision_time: { per_job: 0, per_task: 0 },
          gpu_capable: false,
          suppress_when_idle: true,
          hold_offers: 0,
          register_at: 0,
          retry: { on: ['preempted', 'lost', 'drained'], limit: 'unlimited', backoff: 0, backoff_factor: 2, backoff_max: 300 },
          locality_wait: 0,
          rack_wait: 0,
          rack_attribute: 'rack',
          maintenance: { inverse_offers: 'accept', avoid: true, migrate: false },
          workload: { jobs: [{ submit: 0, gang: false, bid: 0, priority: 1, tasks: 1, resources: { cpus: 1 }, duration: 10 }] },
        },
      ],
      timeline: [],
      faults: { maintenance: [], agents: [], partitions: [] },
      metrics: { sample_interval: 60, warmup: 0, window: null },
      output: { offers: true },
      limits: { events: 1_000_000_000 },
    });
    expect(s.frameworks[0]?.refuse_seconds).toBeUndefined();
    expect(s.description).toBeUndefined();
  });

  it('parses a full example with every section', () => {
    const s = parseScenario(
      lines(
        'name: full.example_1',
        'description: "free text"',
        'quick: true',
        'seed: 7',
        'until: 3600',
        'stall_timeout: 100',
        'cluster:',
        '  agents:',
        '    - name: small',
        '      count: 10',
        '      resources: { cpus: 8, mem: 32768, disk: 100000, gpus: 1 }',
        '      attributes: { rack: r1, zone: 2 }',
        '      register_at: 5',
        'master:',
        '  allocator: random',
        '  allocator_options: { depth: 2 }',
        '  allocation_interval: 0',
        '  refuse_seconds: 2',
        '  offer_timeout: 30',
        '  min_allocatable: [{ cpus: 1, mem: 64 }]',
        '  latency: { master_to_agent: 0.01 }',
        'roles:',
        '  analytics: { weight: 2 }',
        '  analytics/adhoc: {}',
        'frameworks:',
        '  - name: spark-{i}',
        '    count: 2',
        '    role: analytics/team{i}',
        '    tasks_per_offer: 100',
        '    lookahead: 50',
        '    decision_time: { per_job: 0.5 }',
        '    refuse_seconds: 1',
        '    gpu_capable: true',
        '    register_at: 10',
        '    unregister_at: 500',
        '    workload:',
        '      synthetic:',
        '        arrival: { process: constant, interval: 2 }',
        '        start: 10',
        '        end: 3600',
        '        tasks_per_job: { dist: uniform, min: 1, max: 4 }',
        '        duration: { dist: exponential, mean: 60 }',
        '        resources: { cpus: 1, mem: { dist: lognormal, mu: 7, sigma: 0.5 } }',
        '        gang: true',
        '  - name: batch',
        '    workload:',
        '      jobs:',
        '        - { submit: 0, name: j1, tasks: 4, resources: { cpus: 1, mem: 1024 }, duration: forever, gang: true }',
        '        - submit: 5',
        '          task_list:',
        '            - { resources: { cpus: 1 }, duration: 10 }',
        'timeline:',
        '  - at: 100',
        '    add_agents: { name: late, count: 5, resources: { cpus: 4 } }',
        '  - { at: 200, remove_agents: [late-0, small-9] }',
        '  - { at: 300, unregister_framework: spark-2 }',
        '  - { at: 50, set_weight: { role: analytics, weight: 3 } }',
        '  - { at: 60, add_agents: { resources: { cpus: 1 } } }',
        'metrics: { sample_interval: 10 }',
        'output: { offers: false }',
      ),
      'x.yaml',
    );
    expect(s.quick).toBe(true);
    expect(s.until).toBe(3600);
    expect(s.cluster.agents[0]).toEqual({
      name: 'small',
      count: 10,
      resources: { cpus: 8, mem: 32768, disk: 100000, gpus: 1 },
      attributes: { rack: 'r1', zone: 2 },
      register_at: 5,
    });
    expect(s.master.allocator_options).toEqual({ depth: 2 });
    expect(s.master.latency).toEqual({ master_to_framework: 0, framework_to_master: 0, master_to_agent: 0.01, agent_to_master: 0, messages: {} });
    expect(s.master.min_allocatable).toEqual([{ cpus: 1, mem: 64 }]);
    expect(s.roles).toEqual({ analytics: { weight: 2 }, 'analytics/adhoc': { weight: 1 } });
    const spark = s.frameworks[0];
    expect(spark?.decision_time).toEqual({ per_job: 0.5, per_task: 0 });
    expect(spark?.refuse_seconds).toBe(1);
    expect(spark?.workload).toEqual({
      synthetic: {
        arrival: { process: 'constant', interval: 2 },
        start: 10,
        end: 3600,
        tasks_per_job: { dist: 'uniform', min: 1, max: 4 },
        duration: { dist: 'exponential', mean: 60 },
        resources: { cpus: { dist: 'constant', value: 1 }, mem: { dist: 'lognormal', mu: 7, sigma: 0.5 } },
        gang: true,
      },
    });
    expect(s.frameworks[1]?.workload).toEqual({
      jobs: [
        { submit: 0, name: 'j1', gang: true, bid: 0, priority: 1, tasks: 4, resources: { cpus: 1, mem: 1024 }, duration: 'forever' },
        { submit: 5, gang: false, bid: 0, priority: 1, task_list: [{ resources: { cpus: 1 }, duration: 10 }] },
      ],
    });
    expect(s.timeline).toEqual([
      { at: 100, add_agents: { name: 'late', count: 5, resources: { cpus: 4 }, attributes: {} } },
      { at: 200, remove_agents: ['late-0', 'small-9'] },
      { at: 300, unregister_framework: 'spark-2' },
      { at: 50, set_weight: { role: 'analytics', weight: 3 } },
      { at: 60, add_agents: { name: 'timeline4', count: 1, resources: { cpus: 1 }, attributes: {} } },
    ]);
    expect(s.metrics.sample_interval).toBe(10);
    expect(s.output.offers).toBe(false);
  });

  it('accepts lognormal given by mean and stddev', () => {
    const text = lines(
      ...BASE.slice(0, 7),
      '      synthetic:',
      '        arrival: { process: poisson, rate: 0.5 }',
      '        jobs: 3',
      '        duration: { dist: lognormal, mean: 120, stddev: 60 }',
      '        resources: { cpus: 1 }',
    );
    const w = parseScenario(text, 'x.yaml').frameworks[0]?.workload;
    expect(w !== undefined && 'synthetic' in w ? w.synthetic.duration : undefined).toEqual({ dist: 'lognormal', mean: 120, stddev: 60 });
  });

  it('accepts an empty agent list when the timeline adds agents', () => {
    const text = lines('name: t', 'cluster: { agents: [] }', ...BASE.slice(4), 'timeline: [{ at: 1, add_agents: { resources: { cpus: 1 } } }]');
    expect(parseScenario(text, 'x.yaml').cluster.agents).toEqual([]);
  });
});

describe('parseScenario: one-line problems with file:line:col', () => {
  it('reports a negative number at its value', () => {
    const text = lines('name: t', 'master:', '  allocation_interval: -1', ...BASE.slice(1));
    expect(problems(text)).toEqual([
      'x.yaml:3:24: master.allocation_interval: must be 0, or >= 0.001 (expected 0, or a number of seconds from 0.001 to 1,000,000,000, got -1)',
    ]);
  });

  it('reports a wrong type', () => {
    const text = lines(...BASE, 'seed: lots');
    expect(problems(text)).toEqual(['x.yaml:10:7: seed: not a number (expected an integer >= 0, got "lots")']);
  });

  it('reports a non-integer count', () => {
    const text = lines(...BASE.slice(0, 3), '    - { count: 1.5, resources: { cpus: 4 } }', ...BASE.slice(4));
    expect(problems(text)).toEqual([
      'x.yaml:4:16: cluster.agents.0.count: not an integer (expected an integer >= 1, got 1.5)',
    ]);
  });

  it('reports a missing required field at the enclosing mapping', () => {
    const text = lines('# a comment', '# another', 'name: t', ...BASE.slice(4));
    expect(problems(text)).toEqual(["x.yaml:3:1: cluster: required field missing (expected a mapping with 'agents')"]);
  });

  it('reports an unknown key at the key, listing the allowed ones', () => {
    const text = lines(...BASE.slice(0, 7), '      synthtic: {}');
    expect(problems(text)).toEqual([
      "x.yaml:8:7: frameworks.0.workload: unknown field 'synthtic' (expected one of: jobs, synthetic, trace)",
    ]);
  });

  it('reports both jobs and synthetic', () => {
    const text = lines(
      ...BASE,
      '      synthetic:',
      '        arrival: { process: poisson, rate: 0.5 }',
      '        jobs: 3',
      '        duration: 1',
      '        resources: { cpus: 1 }',
    );
    expect(problems(text)).toEqual([
      "x.yaml:8:7: frameworks.0.workload: both 'jobs' and 'synthetic' given (expected exactly one of: jobs, synthetic, trace)",
    ]);
  });

  it('reports bad distributions inside the mapping that is wrong', () => {
    const text = lines(
      ...BASE.slice(0, 7),
      '      synthetic:',
      '        arrival: { process: poisson, rate: 0.5 }',
      '        jobs: 3',
      '        duration: { dist: gamma, shape: 2 }',
      '        tasks_per_job: { dist: exponential, mean: -1 }',
      '        resources:',
      '          cpus: { dist: lognormal, mu: 1, mean: 2 }',
      '          mem: { dist: uniform, min: 10, max: 5 }',
      '          disk: big',
    );
    expect(problems(text)).toEqual([
      'x.yaml:11:27: frameworks.0.workload.synthetic.duration.dist: not an allowed value (expected one of: constant, exponential, uniform, lognormal, pareto, bounded_pareto, empirical, histogram, got "gamma")',
      'x.yaml:12:51: frameworks.0.workload.synthetic.tasks_per_job.mean: must be > 0 (expected a number > 0, got -1)',
      'x.yaml:14:17: frameworks.0.workload.synthetic.resources.cpus: mixes mu/sigma with mean/stddev (expected exactly one parameter pair: mu and sigma, or mean and stddev)',
      'x.yaml:15:47: frameworks.0.workload.synthetic.resources.mem.max: must be >= min (expected a number >= 10, got 5)',
      'x.yaml:16:17: frameworks.0.workload.synthetic.resources.disk: not a valid value (expected a number >= 0, or a mapping with dist: constant (value), exponential (mean), uniform (min, max), lognormal (mu, sigma or mean, stddev), pareto (alpha, scale or mean), bounded_pareto (alpha, min, max), empirical (values, or file and column) or histogram (edges or values, and weights), got "big")',
    ]);
  });

  it('reports a synthetic workload with neither jobs nor end', () => {
    const text = lines(
      ...BASE.slice(0, 7),
      '      synthetic:',
      '        arrival: { process: poisson, rate: 0.5 }',
      '        duration: 1',
      '        resources: { cpus: 1 }',
    );
    expect(problems(text)).toEqual([
      "x.yaml:9:9: frameworks.0.workload.synthetic: needs 'jobs' or 'end' (expected 'jobs' (a job count) or 'end' (seconds), or both, so that arrivals stop)",
    ]);
  });

  it('reports a YAML syntax error as FILE:LINE:COL: message', () => {
    const found = problems(lines('name: t', 'cluster: { agents: [', 'frameworks: []'));
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(p).toMatch(/^x\.yaml:\d+:\d+: [^\n]+$/);
    expect(problems(lines('name: t', 'cluster: [1'))[0]).toMatch(/^x\.yaml:3:1: /);
    expect(problems('name: t\nname: u\n')).toEqual(['x.yaml:2:1: Map keys must be unique']);
  });

  it('reports every mistake of a file, sorted by position', () => {
    const text = lines(
      'name: "has space"', //                              1
      'cluster:', //                                       2
      '  agents:', //                                      3
      '    - resources: {}', //                            4
      'roles:', //                                         5
      '  { "a//b": {}, ok: { weight: 0 } }', //            6
      'frameworks:', //                                    7
      '  - name: f', //                                    8
      '    tasks_per_offer: 0', //                         9
      '    rol: x', //                                     10
      '    workload: { jobs: [ { submit: -3, resources: { cpus: 1 }, duration: 0 } ] }', // 11
    );
    expect(problems(text)).toEqual([
      `x.yaml:1:7: name: not in the allowed format (expected a name of letters, digits, '.', '_' and '-' (not '.' or '..', not starting with '-'), got "has space")`,
      'x.yaml:4:18: cluster.agents.0.resources: no resources given (expected at least one resource, e.g. { cpus: 1, mem: 1024 })',
      `x.yaml:6:5: roles.a//b: not a valid role path (expected "*" or '/'-joined segments of letters, digits, '_', '.' and '-' (not "." or "..", not starting with '-'), got "a//b")`,
      'x.yaml:6:31: roles.ok.weight: must be > 0 (expected a number > 0, got 0)',
      'x.yaml:9:22: frameworks.0.tasks_per_offer: must be >= 1 (expected an integer >= 1, or "unlimited", got 0)',
      "x.yaml:10:5: frameworks.0: unknown field 'rol' (expected one of: name, count, role, tasks_per_offer, lookahead, decision_time, refuse_seconds, gpu_capable, suppress_when_idle, refuse_seconds_on_accept, hold_offers, register_at, unregister_at, pool, retry, budget, max_price, locality_wait, rack_wait, rack_attribute, maintenance, failures, usage, workload)",
      'x.yaml:11:35: frameworks.0.workload.jobs.0.submit: must be >= 0 (expected a number of seconds >= 0, got -3)',
      'x.yaml:11:73: frameworks.0.workload.jobs.0.duration: must be > 0 (expected a number of seconds > 0, or "forever", got 0)',
    ]);
  });

  it('reports a job mixing task_list with tasks/resources/duration', () => {
    const text = lines(...BASE.slice(0, 8), '        - { submit: 0, tasks: 2, task_list: [{ resources: { cpus: 1 }, duration: 1 }] }');
    expect(problems(text)).toEqual([
      "x.yaml:9:45: frameworks.0.workload.jobs.0.task_list: cannot be combined with 'tasks' (expected exactly one of: 'resources' and 'duration' (with optional 'tasks'), 'task_list', 'stages', 'mapreduce')",
    ]);
  });

  it('checks cross-references after the schema', () => {
    const text = lines(
      'name: t', //                                                 1
      'cluster:', //                                                2
      '  agents:', //                                               3
      '    - { name: a, count: 2, resources: { cpus: 1 } }', //     4
      'frameworks:', //                                             5
      '  - { name: f, count: 2, role: "x//{i}", workload: { jobs: [] } }', // 6
      '  - { name: f-2, workload: { jobs: [] }, register_at: 5, unregister_at: 5 }', // 7
      'timeline:', //                                               8
      '  - { at: 1, add_agents: { name: a, resources: { cpus: 1 } } }', // 9
      '  - { at: 2, remove_agents: [a-1, a-2] }', //                10
      '  - { at: 3, unregister_framework: f }', //                  11
    );
    expect(problems(text)).toEqual([
      `x.yaml:6:32: frameworks.0.role: not a valid role path (expected "*" or '/'-joined segments of letters, digits, '_', '.' and '-' (not "." or "..", not starting with '-'), may contain "{i}", got "x//{i}")`,
      'x.yaml:7:73: frameworks.1.unregister_at: must be > register_at (expected a number of seconds > register_at (5), got 5)',
    ]);
    const fixed = text.replace('x//{i}', 'x/{i}').replace('unregister_at: 5', 'unregister_at: 6');
    expect(problems(fixed)).toEqual([
      "x.yaml:7:13: frameworks.1.name: duplicate framework name 'f-2' (expected framework names unique after \"{i}\" expansion; frameworks.0 also produces 'f-2')",
      "x.yaml:9:34: timeline.0.add_agents.name: duplicate agent group name 'a' (expected agent group names unique across cluster.agents and timeline add_agents; 'a' is already used by cluster.agents.0)",
      "x.yaml:10:35: timeline.1.remove_agents.1: no such agent 'a-2' (expected an agent named <group>-<k> by cluster.agents or add_agents: a-0..1, a-0..0)",
      "x.yaml:11:36: timeline.2.unregister_framework: no such framework 'f' (expected a framework name after \"{i}\" expansion: f-1, f-2)",
    ]);
  });

  it('requires at least one agent group unless the timeline adds agents', () => {
    expect(problems(lines('name: t', 'cluster: { agents: [] }', ...BASE.slice(4)))).toEqual([
      'x.yaml:2:20: cluster.agents: no agent groups (expected at least one agent group, unless the timeline adds agents)',
    ]);
  });

  it('reports an empty file and a file that is not a mapping', () => {
    expect(problems('')).toEqual([
      "x.yaml:1:1: (top level): not a mapping (expected a mapping with 'name', 'cluster' and 'frameworks', got null)",
    ]);
    expect(problems('- a\n')).toEqual([
      "x.yaml:1:1: (top level): not a mapping (expected a mapping with 'name', 'cluster' and 'frameworks', got a list)",
    ]);
  });
});

describe('parseScenario: quota and reservations', () => {
  it('parses quota on roles, reservations on agent groups and set_quota on the timeline', () => {
    const text = lines(
      'name: t',
      'cluster:',
      '  agents:',
      '    - { resources: { cpus: 8, mem: 4096 }, reservations: { ads: { cpus: 4 }, eng/ml: { mem: 1024 } } }',
      'roles:',
      '  prod: { quota: { guarantee: { cpus: 2 }, limit: { cpus: 4, mem: 2048 } } }',
      '  ads: { weight: 2 }',
      ...BASE.slice(4),
      'timeline:',
      '  - { at: 5, set_quota: { role: prod, limit: { cpus: 3 } } }',
      '  - { at: 9, set_quota: { role: prod } }',
    );
    const s = parseScenario(text, 'x.yaml');
    expect(s.cluster.agents[0]?.reservations).toEqual({ ads: { cpus: 4 }, 'eng/ml': { mem: 1024 } });
    expect(s.roles).toEqual({ prod: { weight: 1, quota: { guarantee: { cpus: 2 }, limit: { cpus: 4, mem: 2048 } } }, ads: { weight: 2 } });
    expect(s.timeline).toEqual([
      { at: 5, set_quota: { role: 'prod', limit: { cpus: 3 } } },
      { at: 9, set_quota: { role: 'prod' } },
    ]);
  });

  it('reports quota on a nested role and a guarantee above its limit, at the field', () => {
    const text = lines(
      ...BASE,
      'roles:', //                                                                   10
      '  eng/ml: { quota: { guarantee: { cpus: 1 } } }', //                          11
      '  prod: { quota: { guarantee: { cpus: 10 }, limit: { cpus: 8 } } }', //        12
      'timeline:', //                                                                13
      '  - { at: 5, set_quota: { role: a/b, limit: { cpus: 1 } } }', //              14
    );
    expect(problems(text)).toEqual([
      `x.yaml:11:20: roles.eng/ml.quota: 'eng/ml' is not a top-level role (expected a top-level role, without '/' (its quota covers its subroles), got "eng/ml")`,
      'x.yaml:12:39: roles.prod.quota.guarantee.cpus: exceeds the limit (8) (expected a number <= limit.cpus (8), got 10)',
      `x.yaml:14:33: timeline.0.set_quota.role: 'a/b' is not a top-level role (expected a top-level role, without '/' (its quota covers its subroles), got "a/b")`,
    ]);
  });

  it("reports reservations for '*', of a resource the agents lack, and beyond the agents' resources", () => {
    const text = lines(
      ...BASE.slice(0, 3),
      "    - { resources: { cpus: 4, mem: 1024 }, reservations: { '*': { cpus: 1 }, ads: { cpus: 3, gpus: 1 }, b: { cpus: 2 } } }",
      ...BASE.slice(4),
    );
    expect(problems(text)).toEqual([
      "x.yaml:4:65: cluster.agents.0.reservations.*: '*' cannot have reservations (expected a role other than '*': unreserved resources are the '*' role's)",
      "x.yaml:4:100: cluster.agents.0.reservations.ads.gpus: the agents have no 'gpus' (expected a resource the agents have: cpus, mem)",
      "x.yaml:4:116: cluster.agents.0.reservations.b.cpus: reservations of cpus add up to 6, more than the agents' 4 (expected reservations within resources.cpus, got 2)",
    ]);
  });
});

describe('parseScenario: --set overrides', () => {
  it('applies overrides before validation', () => {
    const s = parseScenario(lines(...BASE), 'x.yaml', [
      'master.allocation_interval=0.5',
      'frameworks.0.tasks_per_offer=5',
      'seed=7',
      'until=100',
      'master.latency={master_to_agent: 2}',
    ]);
    expect(s.master.allocation_interval).toBe(0.5);
    expect(s.frameworks[0]?.tasks_per_offer).toBe(5);
    expect(s.seed).toBe(7);
    expect(s.until).toBe(100);
    expect(s.master.latency.master_to_agent).toBe(2);
  });

  it('reports values from --set as --set PATH', () => {
    const text = lines('name: t', 'master:', '  allocation_interval: 1', ...BASE.slice(1));
    expect(problems(text, ['master.allocation_interval=-1', 'metrics.every=1'])).toEqual([
      '--set master.allocation_interval: must be 0, or >= 0.001 (expected 0, or a number of seconds from 0.001 to 1,000,000,000, got -1)',
      "--set metrics: unknown field 'every' (expected one of: sample_interval, warmup, window, percentiles)",
    ]);
  });

  it('reports malformed sets and missing elements, with the file problems', () => {
    const text = lines(...BASE, 'seed: -1');
    expect(problems(text, ['xyz', '=1', 'frameworks.9.count=2', 'name.x=1'])).toEqual([
      "--set 'xyz': expected PATH=VALUE",
      "--set '=1': expected PATH=VALUE",
      '--set frameworks.9: no such element (the list has 1)',
      '--set name.x: name is "t" (expected a mapping or a list to set a field in)',
      'x.yaml:10:7: seed: must be >= 0 (expected an integer >= 0, got -1)',
    ]);
  });
});

describe('loadScenario', () => {
  it('reads the file and names it in messages', () => {
    const dir = tempDir('scenario-');
    const file = join(dir, 's.yaml');
    writeFileSync(file, lines(...BASE));
    expect(loadScenario(file, ['seed=3']).seed).toBe(3);
    writeFileSync(file, lines(...BASE, 'seed: x'));
    expect(() => loadScenario(file)).toThrow(`${file}:10:7: seed: not a number`);
    expect(() => loadScenario(join(dir, 'missing.yaml'))).toThrow(InputErrors);
  });
});

describe('parseScenario: unknown keys do not cascade', () => {
  it('reports a misspelt field once, without a missing-field echo or cross-reference checks', () => {
    const text = lines(
      ...BASE,
      'timeline:',
      '  - { at: 1, remove_agent: [nope-0] }', // 11
      '  - { at: 2, remove_agents: [nope-1] }', // 12
    );
    expect(problems(text)).toEqual([
      "x.yaml:11:14: timeline.0: unknown field 'remove_agent' (expected one of: at, add_agents, remove_agents, unregister_framework, set_weight, set_pool_capacity, set_quota, scale_service, suppress, revive)",
    ]);
  });
});

describe('synthetic arrivals with interval 0 (a backlog at start)', () => {
  const file = (extra: string) =>
    [
      'name: burst',
      'cluster: { agents: [ { resources: { cpus: 1 } } ] }',
      'frameworks:',
      '  - name: f',
      '    workload:',
      '      synthetic:',
      '        arrival: { process: constant, interval: 0 }',
      '        duration: 1',
      '        resources: { cpus: 1 }',
      extra,
    ].join('\n');

  it('is accepted with a job count', () => {
    expect(() => parseScenario(file('        jobs: 5'), 'b.yaml')).not.toThrow();
  });

  it('needs a job count, since no end time can stop it', () => {
    expect(() => parseScenario(file('        end: 10'), 'b.yaml')).toThrow(
      /b\.yaml:7:\d+: frameworks\.0\.workload\.synthetic\.arrival\.interval: 0 \(every job at start\) needs 'jobs'/,
    );
  });
});

describe('generators: Pareto, empirical, histogram and time-varying arrivals', () => {
  it('reports bad parameters one line each, with the field path', () => {
    const text = [
      'name: t',
      'cluster:',
      '  agents:',
      '    - resources: { cpus: 4, mem: 1024 }',
      'frameworks:',
      '  - name: f',
      '    workload:',
      '      synthetic:',
      '        arrival: { process: poisson, rate: 1, schedule: [{ from: 0, rate: 1 }], diurnal: { amplitude: 1.5 }, bursts: [{ from: 10, to: 5, multiplier: 2 }] }',
      '        jobs: 3',
      '        duration: { dist: pareto, alpha: 0, scale: 1 }',
      '        tasks_per_job: { dist: pareto, alpha: 0.8, mean: 10 }',
      '        bid: { dist: pareto, alpha: 2, mean: 10, scale: 3 }',
      '        resources:',
      '          cpus: { dist: histogram, edges: [0, 1, 2], weights: [1] }',
      '          mem: { dist: empirical, values: [1], column: x }',
      '          disk: { dist: histogram, edges: [0, 2, 1], weights: [1, 1] }',
      '          gpus: { dist: empirical, file: a.csv }',
      '  - name: g',
      '    workload:',
      '      synthetic:',
      '        arrival: { process: poisson, schedule: [{ from: 5, rate: 0 }, { from: 5, rate: 0 }] }',
      '        jobs: 3',
      '        duration: { dist: bounded_pareto, alpha: 1, min: 5, max: 2 }',
      '        resources: { cpus: { dist: histogram, values: [1, 2], weights: [0, 0] } }',
      '  - name: h',
      '    workload:',
      '      synthetic:',
      '        arrival: { process: poisson }',
      '        jobs: 3',
      '        duration: { dist: empirical }',
      '        resources: { cpus: 1 }',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      'x.yaml:9:103: frameworks.0.workload.synthetic.arrival.diurnal.amplitude: must be <= 1 (expected a number from 0 to 1, got 1.5)',
      'x.yaml:9:135: frameworks.0.workload.synthetic.arrival.bursts.0.to: must be > from (expected a number of seconds > 10, got 5)',
      'x.yaml:11:42: frameworks.0.workload.synthetic.duration.alpha: must be > 0 (expected a number > 0, got 0)',
      'x.yaml:12:47: frameworks.0.workload.synthetic.tasks_per_job.alpha: must be > 1 when the mean is given (the mean is infinite otherwise) (expected a number > 1, or scale instead of mean, got 0.8)',
      "x.yaml:13:46: frameworks.0.workload.synthetic.bid.mean: cannot be combined with 'scale' (expected alpha and exactly one of scale or mean)",
      'x.yaml:15:43: frameworks.0.workload.synthetic.resources.cpus.edges: has 3 entries for 1 weights (expected 2 entries)',
      "x.yaml:16:56: frameworks.0.workload.synthetic.resources.mem.column: cannot be combined with 'values' (expected either 'values', or 'file' and 'column')",
      'x.yaml:17:50: frameworks.0.workload.synthetic.resources.disk.edges.2: must be > the edge before (expected a number > 2, got 1)',
      "x.yaml:18:17: frameworks.0.workload.synthetic.resources.gpus.column: required field missing (expected either 'values', or 'file' and 'column')",
      'x.yaml:22:48: frameworks.1.workload.synthetic.arrival.schedule: all rates are 0 (expected at least one rate > 0)',
      'x.yaml:22:79: frameworks.1.workload.synthetic.arrival.schedule.1.from: must be > the step before (expected a number of seconds > 5, got 5)',
      'x.yaml:24:66: frameworks.1.workload.synthetic.duration.max: must be >= min (expected a number >= 5, got 2)',
      'x.yaml:25:72: frameworks.1.workload.synthetic.resources.cpus.weights: all weights are 0 (expected at least one weight > 0)',
      "x.yaml:29:18: frameworks.2.workload.synthetic.arrival.rate: required field missing (expected exactly one of 'rate' (jobs per second) or 'schedule' (a list of { from, rate }))",
      "x.yaml:31:19: frameworks.2.workload.synthetic.duration.values: required field missing (expected either 'values', or 'file' and 'column')",
    ]);
  });

  it('accepts the new forms and fills their defaults', () => {
    const text = lines(
      ...BASE.slice(0, 7),
      '      synthetic:',
      '        arrival: { process: poisson, rate: 0.5, diurnal: { amplitude: 0.5 }, bursts: [{ from: 0, to: 60, multiplier: 3 }] }',
      '        jobs: 3',
      '        duration: { dist: pareto, alpha: 1.5, mean: 60 }',
      '        tasks_per_job: { dist: histogram, values: [1, 8], weights: [3, 1] }',
      '        resources: { cpus: { dist: empirical, values: [1, 2] }, mem: { dist: bounded_pareto, alpha: 1, min: 64, max: 4096 } }',
    );
    const w = parseScenario(text, 'x.yaml').frameworks[0]!.workload;
    const g = 'synthetic' in w ? w.synthetic : undefined;
    expect(g?.arrival).toEqual({ process: 'poisson', rate: 0.5, diurnal: { amplitude: 0.5, period: 86_400, phase: 0 }, bursts: [{ from: 0, to: 60, multiplier: 3 }] });
    expect(g?.duration).toEqual({ dist: 'pareto', alpha: 1.5, mean: 60 });
    expect(g?.resources['cpus']).toEqual({ dist: 'empirical', values: [1, 2], interpolate: false });
  });

  it('rate and schedule together are one problem', () => {
    const text = lines(
      ...BASE.slice(0, 7),
      '      synthetic:',
      '        arrival: { process: poisson, rate: 1, schedule: [{ from: 0, rate: 1 }] }',
      '        jobs: 3',
      '        duration: 1',
      '        resources: { cpus: 1 }',
    );
    expect(problems(text)).toEqual([
      "x.yaml:9:57: frameworks.0.workload.synthetic.arrival.schedule: cannot be combined with 'rate' (expected exactly one of 'rate' (jobs per second) or 'schedule' (a list of { from, rate }))",
    ]);
  });
});
