import { describe, expect, it } from 'vitest';
import { applyOverrides, parseSet } from '../../src/scenario/overrides.js';

describe('parseSet', () => {
  it('parses the value as YAML', () => {
    expect(parseSet('a.b=5')).toEqual({ path: ['a', 'b'], value: 5 });
    expect(parseSet('x=true')).toEqual({ path: ['x'], value: true });
    expect(parseSet('until=drained')).toEqual({ path: ['until'], value: 'drained' });
    expect(parseSet('r={cpus: 1, mem: 2}')).toEqual({ path: ['r'], value: { cpus: 1, mem: 2 } });
    expect(parseSet('l=[1, 2]')).toEqual({ path: ['l'], value: [1, 2] });
    expect(parseSet('e=')).toEqual({ path: ['e'], value: null });
    expect(parseSet('s=a=b')).toEqual({ path: ['s'], value: 'a=b' });
  });

  it('rejects a set without = or with an empty path segment', () => {
    expect(parseSet('xyz')).toEqual({ problem: "--set 'xyz': expected PATH=VALUE" });
    expect(parseSet('=1')).toEqual({ problem: "--set '=1': expected PATH=VALUE" });
    expect(parseSet('a..b=1')).toEqual({ problem: "--set 'a..b=1': expected PATH=VALUE" });
  });

  it('reports a value that is not valid YAML', () => {
    const r = parseSet('a={b: 1');
    expect('problem' in r && r.problem).toMatch(/^--set a: cannot parse value "\{b: 1" \(expected a YAML value: .+\)$/);
  });
});

describe('applyOverrides', () => {
  it('sets values, creates missing mappings, indexes lists, and leaves the input alone', () => {
    const input = { master: null, frameworks: [{ name: 'a' }, { name: 'b' }] };
    const r = applyOverrides(input, ['master.latency.master_to_agent=0.5', 'frameworks.1.count=3', 'seed=7']);
    expect(r.problems).toEqual([]);
    expect(r.data).toEqual({
      master: { latency: { master_to_agent: 0.5 } },
      frameworks: [{ name: 'a' }, { name: 'b', count: 3 }],
      seed: 7,
    });
    expect(r.paths).toEqual([['master', 'latency', 'master_to_agent'], ['frameworks', 1, 'count'], ['seed']]);
    expect(input).toEqual({ master: null, frameworks: [{ name: 'a' }, { name: 'b' }] });
  });

  it('starts from an empty mapping for an empty file', () => {
    expect(applyOverrides(null, ['name=x']).data).toEqual({ name: 'x' });
  });

  it('reports every override that cannot be applied, and applies the others', () => {
    const r = applyOverrides({ seed: 1, frameworks: [{}, {}] }, ['frameworks.2=1', 'frameworks.x=1', 'seed.a=1', 'oops', 'quick=true']);
    expect(r.problems).toEqual([
      '--set frameworks.2: no such element (the list has 2)',
      '--set frameworks.x: frameworks is a list (expected a numeric index, got "x")',
      '--set seed.a: seed is 1 (expected a mapping or a list to set a field in)',
      "--set 'oops': expected PATH=VALUE",
    ]);
    expect(r.data).toEqual({ seed: 1, frameworks: [{}, {}], quick: true });
  });
});
