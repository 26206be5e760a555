import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import { buildWorldSpec } from '../../src/build.js';
import { InputErrors } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

/** A valid scenario (two groups, racks r1 and r2) followed by `faults` lines. */
function scenario(...faults: string[]): string {
  return [
    'name: t',
    'cluster:',
    '  agents:',
    '    - { name: a, count: 2, resources: { cpus: 4 }, attributes: { rack: r1 } }',
    '    - { name: b, count: 2, resources: { cpus: 4 }, attributes: { rack: r2 } }',
    'frameworks: [{ name: f, workload: { jobs: [] } }]',
    ...faults,
  ].join('\n');
}

function problems(text: string): readonly string[] {
  try {
    parseScenario(text, 'x.yaml');
  } catch (e) {
    if (e instanceof InputErrors) return e.problems;
    throw e;
  }
  throw new Error('expected InputErrors, but the scenario is valid');
}

/** The error building the world from a valid file (checks that need every agent's attributes). */
function buildError(text: string): string {
  const s = parseScenario(text, 'x.yaml');
  try {
    buildWorldSpec(s, randomSource(1));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error building the world');
}

describe('faults.agents and faults.partitions: valid entries', () => {
  it('normalises selectors and distributions: a group name becomes a list, mtbf and a plain mttr are exponential means, repair_after defaults to never', () => {
    const s = parseScenario(
      scenario(
        'faults:',
        '  agents:',
        '    - { at: 300, group: a }',
        '    - { at: 400, agents: [b-1], repair_after: 60 }',
        '    - { group: [a, b], mtbf: 86400, mttr: 600, correlated_by: rack }',
        '    - { attribute: { rack: r2 }, time_to_failure: { dist: uniform, min: 10, max: 20 }, mttr: { dist: constant, value: 5 } }',
        '  partitions:',
        '    - { at: 10, duration: 100, attribute: { rack: r1 } }',
      ),
      'x.yaml',
    );
    expect(s.faults.agents).toEqual([
      { at: 300, group: ['a'], repair_after: 'never' },
      { at: 400, agents: ['b-1'], repair_after: 60 },
      { group: ['a', 'b'], time_to_failure: { dist: 'exponential', mean: 86400 }, mttr: { dist: 'exponential', mean: 600 }, correlated_by: 'rack' },
      { attribute: { rack: 'r2' }, time_to_failure: { dist: 'uniform', min: 10, max: 20 }, mttr: { dist: 'constant', value: 5 }, correlated_by: undefined },
    ]);
    expect(s.faults.partitions).toEqual([{ at: 10, duration: 100, attribute: { rack: 'r1' } }]);
    expect(s.master).toMatchObject({ agent_ping_timeout: 15, max_agent_ping_timeouts: 5 });
  });

  it('resolves them to agents: groups, attributes, units per rack, and every agent when a random process names none', () => {
    const s = parseScenario(
      scenario(
        'faults:',
        '  agents:',
        '    - { at: 300, group: a }',
        '    - { group: [a, b], mtbf: 86400, mttr: 600, correlated_by: rack }',
        '  partitions:',
        '    - { at: 10, duration: 100, attribute: { rack: r2 } }',
      ),
      'x.yaml',
    );
    const f = buildWorldSpec(s, randomSource(1)).agentFaults!;
    expect(f.scripted).toEqual([{ at: 300, agents: [0, 1], repairAfter: null }]);
    expect(f.processes[0]!.units).toEqual([
      { name: 'rack=r1', agents: [0, 1], correlated: true },
      { name: 'rack=r2', agents: [2, 3], correlated: true },
    ]);
    expect(f.partitions).toEqual([{ at: 10, duration: 100, agents: [2, 3] }]);
    const all = parseScenario(scenario('faults: { agents: [{ mtbf: 10, mttr: 1 }] }'), 'x.yaml');
    expect(buildWorldSpec(all, randomSource(1)).agentFaults!.processes[0]!.units.map((u) => u.name)).toEqual(['a-0', 'a-1', 'b-0', 'b-1']);
  });

  it('leaves the world without agent faults when there are none', () => {
    expect(buildWorldSpec(parseScenario(scenario(), 'x.yaml'), randomSource(1)).agentFaults).toBeUndefined();
  });
});

describe('faults.agents and faults.partitions: one-line problems', () => {
  it('names an unknown agent or group, with the known ones', () => {
    expect(problems(scenario('faults: { agents: [{ at: 1, agents: [a-0, c-3] }], partitions: [{ at: 1, duration: 5, group: [a, z] }] }'))).toEqual([
      "x.yaml:7:43: faults.agents.0.agents.1: no such agent 'c-3' (expected an agent named <group>-<k>: a-0..1, b-0..1)",
      "x.yaml:7:98: faults.partitions.0.group.1: no such agent group 'z' (expected a group of cluster.agents or of a timeline add_agents: a, b)",
    ]);
  });

  it('asks for exactly one selector', () => {
    expect(problems(scenario('faults: { agents: [{ at: 1, agents: [a-0], group: b }] }'))).toEqual([
      "x.yaml:7:51: faults.agents.0.group: cannot be combined with 'agents' (expected exactly one of 'agents' (agent names), 'group' (a group name or a list of them) or 'attribute' (e.g. { rack: r1 }))",
    ]);
    expect(problems(scenario('faults: { partitions: [{ at: 1, duration: 5 }] }'))).toEqual([
      "x.yaml:7:24: faults.partitions.0.agents: required field missing (expected exactly one of 'agents' (agent names), 'group' (a group name or a list of them) or 'attribute' (e.g. { rack: r1 }))",
    ]);
  });

  it('tells scripted failures and random processes apart', () => {
    expect(problems(scenario('faults: { agents: [{ at: 1, group: a, mtbf: 10 }] }'))[0]).toMatch(
      /faults\.agents\.0\.mtbf: 'mtbf' belongs to a random failure process, not a scripted failure/,
    );
    expect(problems(scenario('faults: { agents: [{ group: a, repair_after: 10 }] }'))[0]).toMatch(/faults\.agents\.0\.repair_after: 'repair_after' needs 'at'/);
    expect(problems(scenario('faults: { agents: [{ group: a, mtbf: 10 }] }'))[0]).toMatch(/faults\.agents\.0\.mttr: required field missing/);
    expect(problems(scenario('faults: { agents: [{ group: a, mttr: 10 }] }'))[0]).toMatch(/faults\.agents\.0\.mtbf: required field missing \(expected exactly one of 'mtbf'/);
    expect(problems(scenario('faults: { agents: [{ group: a, mtbf: 5, time_to_failure: 5, mttr: 1 }] }'))[0]).toMatch(
      /faults\.agents\.0\.time_to_failure: cannot be combined with 'mtbf'/,
    );
  });

  it('checks the numbers: a partition lasts > 0 s, repair_after is seconds or never, ping settings within Mesos bounds', () => {
    expect(problems(scenario('faults: { partitions: [{ at: 1, duration: 0, group: a }] }'))[0]).toMatch(/faults\.partitions\.0\.duration: .*expected a number of seconds > 0/);
    expect(problems(scenario('faults: { agents: [{ at: 1, group: a, repair_after: soon }] }'))[0]).toMatch(
      /faults\.agents\.0\.repair_after: .*expected a number of seconds >= 0, or "never"/,
    );
    expect(problems(scenario('master: { agent_ping_timeout: 0.5, max_agent_ping_timeouts: 0 }'))).toEqual([
      'x.yaml:7:31: master.agent_ping_timeout: must be >= 1 (expected a number of seconds from 1 to 900, got 0.5)',
      'x.yaml:7:61: master.max_agent_ping_timeouts: must be >= 1 (expected an integer >= 1, got 0)',
    ]);
  });

  it('when the world is built: an attribute no agent has, an agent in two random processes, up-times always 0, an agent without the correlated_by attribute', () => {
    expect(buildError(scenario('faults: { partitions: [{ at: 1, duration: 5, attribute: { rack: r9 } }] }'))).toBe(
      'faults.partitions.0.attribute: no agent has rack=r9 (expected attributes of some agent group)',
    );
    expect(buildError(scenario('faults: { agents: [{ group: a, mtbf: 5, mttr: 1 }, { agents: [b-0, a-1], mtbf: 5, mttr: 1 }] }'))).toBe(
      'faults.agents.1: agent a-1 is already in the random failure process faults.agents.0 (expected each agent in at most one)',
    );
    expect(buildError(scenario('faults: { agents: [{ group: a, time_to_failure: 0, mttr: 1 }] }'))).toMatch(
      /^faults\.agents\.0\.time_to_failure: every draw is 0 \(expected a distribution with a mean > 0/,
    );
    expect(buildError(scenario('faults: { agents: [{ group: a, mtbf: 5, mttr: 1, correlated_by: zone }] }'))).toBe(
      "faults.agents.0.correlated_by: agent a-0 has no attribute 'zone' (expected every agent of the process to have it)",
    );
  });
});
