import { describe, expect, it } from 'vitest';
import { expandFrameworks, expandName, expandRole } from '../../src/scenario/expand.js';
import { parseScenario } from '../../src/scenario/load.js';

describe('expandName / expandRole', () => {
  it('replaces {i}, and appends -{i} only when count > 1 and there is no {i}', () => {
    expect(expandName('spark-{i}', 3, 5)).toBe('spark-3');
    expect(expandName('a{i}b{i}', 2, 2)).toBe('a2b2');
    expect(expandName('batch', 2, 4)).toBe('batch-2');
    expect(expandName('batch', 1, 1)).toBe('batch');
    expect(expandName('one-{i}', 1, 1)).toBe('one-1');
    expect(expandRole('team{i}/adhoc', 4)).toBe('team4/adhoc');
    expect(expandRole('shared', 4)).toBe('shared');
  });
});

describe('expandFrameworks', () => {
  it('expands each entry in file order with concrete names and roles', () => {
    const s = parseScenario(
      [
        'name: t',
        'cluster: { agents: [ { resources: { cpus: 1 } } ] }',
        'frameworks:',
        '  - { name: "spark-{i}", count: 3, role: "eng/team{i}", lookahead: 7, workload: { jobs: [] } }',
        '  - { name: batch, count: 2, role: ops, workload: { jobs: [] } }',
        '  - { name: solo, workload: { jobs: [] } }',
        '',
      ].join('\n'),
      'x.yaml',
    );
    const fs = expandFrameworks(s);
    expect(fs.map((f) => [f.name, f.role, f.index, f.instance])).toEqual([
      ['spark-1', 'eng/team1', 0, 1],
      ['spark-2', 'eng/team2', 0, 2],
      ['spark-3', 'eng/team3', 0, 3],
      ['batch-1', 'ops', 1, 1],
      ['batch-2', 'ops', 1, 2],
      ['solo', '*', 2, 1],
    ]);
    expect(fs[1]?.lookahead).toBe(7);
    expect(fs[1]).not.toHaveProperty('count');
  });
});
