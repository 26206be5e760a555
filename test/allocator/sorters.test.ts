/**
 * The built-in sorters against the sorter contract, and against the cases of
 * Mesos's own sorter tests (src/tests/sorter_tests.cpp, DRFSorterTest and
 * RandomSorterTest): the same clients, allocations, weights and expected
 * orders. Mesos's sorter keeps state between calls (add, allocated, remove,
 * updateWeight...); ours orders what the view holds, so each step below is
 * the state after Mesos's calls, and the step's comment says what changed.
 * Shares are on one agent of cpus 100, mem 100 unless said otherwise.
 */
import { describe, expect, it } from 'vitest';
import { drfSorter } from '../../src/allocator/drf-sorter.js';
import { randomSorter } from '../../src/allocator/random-sorter.js';
import type { SortClient } from '../../src/allocator/sorter.js';
import { randomSource } from '../../src/core/random.js';
import { roleOrder, sorterContract, type Client } from './sorter-contract.js';

sorterContract('drf', drfSorter);
sorterContract('random', randomSorter);

const held = (cpus: number, mem: number, grants?: number): Client => ({ holds: { cpus, mem }, ...(grants !== undefined ? { grants } : {}) });
const drf = (clients: Record<string, Client>, weights?: Record<string, number>, agents?: Record<string, number>[]) =>
  roleOrder(drfSorter, { clients, ...(weights !== undefined ? { weights } : {}), ...(agents !== undefined ? { agents } : {}) });

describe('DRF sorter, after Mesos', () => {
  /**
   * DRFSorterTest.DRF, and (with the names nested) ShallowHierarchy and
   * DeepHierarchy: disjoint branches of the tree change nothing.
   */
  const names: [string, (c: string) => string][] = [
    ['flat names (DRF)', (c) => c],
    ['names one level down (ShallowHierarchy)', (c) => `${c}/${c}`],
    ['names at different depths (DeepHierarchy)', (c) => Array<string>(({ a: 5, b: 4, c: 3, d: 2, e: 6, f: 2 } as Record<string, number>)[c]!).fill(c).join('/')],
  ];
  it.each(names)('orders by dominant share, with %s', (_what, n) => {
    const order = (clients: Record<string, Client>, agents?: Record<string, number>[]) =>
      drf(Object.fromEntries(Object.entries(clients).map(([k, v]) => [n(k), v])), undefined, agents).map((p) => p.split('/')[0]);
    // a = .05, b = .06
    expect(order({ a: held(5, 5), b: held(6, 6) })).toEqual(['a', 'b']);
    // c and d added: c = .01, d = .03
    expect(order({ a: held(5, 5), b: held(6, 6), c: held(1, 1), d: held(3, 1) })).toEqual(['c', 'd', 'a', 'b']);
    // a removed, b gives back cpus 4, mem 4: b = .02
    expect(order({ b: held(2, 2), c: held(1, 1), d: held(3, 1) })).toEqual(['c', 'b', 'd']);
    // e added; the agent is now cpus 50, mem 100: b = .04, c = .02, d = .06, e = .05
    const e = { b: held(2, 2), c: held(1, 1), d: held(3, 1), e: held(1, 5) };
    expect(order(e, [{ cpus: 50, mem: 100 }])).toEqual(['c', 'b', 'e', 'd']);
    // the agent is now cpus 50, mem 200; f added; c gets mem 15 more (its 2nd grant): c = .08, e = .025, f = .1
    const f = { ...e, c: held(1, 16, 2), f: held(5, 1) };
    expect(order(f, [{ cpus: 50, mem: 200 }])).toEqual(['e', 'b', 'd', 'c', 'f']);
    // d deactivated, then activated again
    expect(order({ ...f, d: { ...f.d, inactive: true } }, [{ cpus: 50, mem: 200 }])).toEqual(['e', 'b', 'c', 'f']);
    expect(order(f, [{ cpus: 50, mem: 200 }])).toEqual(['e', 'b', 'd', 'c', 'f']);
  });

  it('divides shares by weights (WDRF)', () => {
    const weights = { b: 2, d: 10, e: 0.1 };
    // a = .05, b = .06 / 2 = .03
    expect(drf({ a: held(5, 5), b: held(6, 6) }, weights)).toEqual(['b', 'a']);
    // c = .04
    expect(drf({ a: held(5, 5), b: held(6, 6), c: held(4, 4) }, weights)).toEqual(['b', 'c', 'a']);
    // d = .2 / 10 = .02
    const abcd = { a: held(5, 5), b: held(6, 6), c: held(4, 4), d: held(10, 20) };
    expect(drf(abcd, weights)).toEqual(['d', 'b', 'c', 'a']);
    // b removed
    expect(drf({ a: held(5, 5), c: held(4, 4), d: held(10, 20) }, weights)).toEqual(['d', 'c', 'a']);
    // d gets cpus 10, mem 25 more: d = .45 / 10 = .045
    const acd = { a: held(5, 5), c: held(4, 4), d: held(20, 45, 2) };
    expect(drf(acd, weights)).toEqual(['c', 'd', 'a']);
    // e of weight .1 added: e = .01 / .1 = .1
    expect(drf({ ...acd, e: held(1, 1) }, weights)).toEqual(['c', 'd', 'a', 'e']);
    // a removed
    expect(drf({ c: held(4, 4), d: held(20, 45, 2), e: held(1, 1) }, weights)).toEqual(['c', 'd', 'e']);
  });

  it('follows a weight update (UpdateWeight)', () => {
    const clients = { a: held(5, 5), b: held(6, 6) };
    expect(drf(clients)).toEqual(['a', 'b']);
    expect(drf(clients, { b: 2 })).toEqual(['b', 'a']);
  });

  it('breaks equal shares by fewer grants, counts that never go down (AllocationCountTieBreak)', () => {
    // Everyone holds cpus 3, mem 3; grants: a, b, e 1; d 2; c 3.
    const base = { a: held(3, 3, 1), b: held(3, 3, 1), c: held(3, 3, 3), d: held(3, 3, 2), e: held(3, 3, 1) };
    expect(drf(base)).toEqual(['a', 'b', 'e', 'd', 'c']);
    // c gives everything back: its share is 0
    expect(drf({ ...base, c: held(0, 0, 3) })).toEqual(['c', 'a', 'b', 'e', 'd']);
    // c takes it again (grant 4), is deactivated and activated again (the count stays), and again (grant 5)
    expect(drf({ ...base, c: held(3, 3, 4) })).toEqual(['a', 'b', 'e', 'd', 'c']);
    expect(drf({ ...base, c: held(3, 3, 5) })).toEqual(['a', 'b', 'e', 'd', 'c']);
    // a, inactive, gets a grant (2): left out while inactive; back, it comes after b and e
    const later = { ...base, c: held(3, 3, 5), a: held(3, 3, 2) };
    expect(drf({ ...later, a: { ...later.a, inactive: true } })).toEqual(['b', 'e', 'd', 'c']);
    expect(drf(later)).toEqual(['b', 'e', 'a', 'd', 'c']);
  });

  it('breaks equal shares and grants by name, byte-wise', () => {
    const client = (key: string): SortClient<string> => ({ item: key, key, share: 0.25, grants: 2, weight: 1 });
    const order = drfSorter.order(['fw2', 'fw10', 'Fw3', 'fw1'].map(client), randomSource(1).stream('s'));
    expect(order.map((c) => c.key)).toEqual(['Fw3', 'fw1', 'fw10', 'fw2']);
  });

  it('sorts subtrees by their whole share (HierarchicalAllocation)', () => {
    // all at 0: by name at each level
    expect(drf({ a: {}, 'b/c': {}, 'b/d': {} })).toEqual(['a', 'b/c', 'b/d']);
    // a = .06
    expect(drf({ a: held(6, 6), 'b/c': {}, 'b/d': {} })).toEqual(['b/c', 'b/d', 'a']);
    // b/c = .04, b/d = .03: subtree b = .07
    const abc = { a: held(6, 6), 'b/c': held(4, 4), 'b/d': held(3, 3) };
    expect(drf(abc)).toEqual(['a', 'b/d', 'b/c']);
    // a gets cpus 2, mem 2 more: a = .08
    const more = { ...abc, a: held(8, 8, 2) };
    expect(drf(more)).toEqual(['b/d', 'b/c', 'a']);
    // b/e/f added, holding nothing
    expect(drf({ ...more, 'b/e/f': {} })).toEqual(['b/e/f', 'b/d', 'b/c', 'a']);
    // b/e/f gets cpus 3.5, mem 3.5: subtree b = .105
    expect(drf({ ...more, 'b/e/f': held(3.5, 3.5) })).toEqual(['a', 'b/d', 'b/e/f', 'b/c']);
    // b/e/f removed; then b/c's holding is updated to cpus 1, mem 1
    expect(drf(more)).toEqual(['b/d', 'b/c', 'a']);
    const updated = { ...more, 'b/c': held(1, 1) };
    expect(drf(updated)).toEqual(['b/c', 'b/d', 'a']);
    // b/e/f back with cpus 3.5, mem 3.5: subtree b = .075
    expect(drf({ ...updated, 'b/e/f': held(3.5, 3.5) })).toEqual(['b/c', 'b/d', 'b/e/f', 'a']);
  });

  it('walks the tree depth first, a parent competing with its children as <path>/. (HierarchicalIterationOrder)', () => {
    expect(drf({ 'a/b': {}, c: {}, d: {}, 'd/e': {} })).toEqual(['a/b', 'c', 'd', 'd/e']);
    const c = { 'a/b': {}, c: held(8, 8), d: {}, 'd/e': {} };
    expect(drf(c)).toEqual(['a/b', 'd', 'd/e', 'c']);
    // d = .03, d/e = .02: subtree d = .05
    const d = { ...c, d: held(3, 3), 'd/e': held(2, 2) };
    expect(drf(d)).toEqual(['a/b', 'd/e', 'd', 'c']);
    expect(drf({ ...d, 'a/b': held(6, 6) })).toEqual(['d/e', 'd', 'a/b', 'c']);
  });

  it('lets a leaf become a parent, weighing its own part as 1 (AddChildToLeaf)', () => {
    const ab = { a: held(10, 10), b: held(6, 6) };
    expect(drf(ab)).toEqual(['b', 'a']);
    // a/c added: subtree a = .15; within it a = .10, a/c = .05
    const abc = { ...ab, 'a/c': held(5, 5) };
    expect(drf(abc)).toEqual(['b', 'a/c', 'a']);
    // a removed: subtree a = .05; then back
    expect(drf({ b: held(6, 6), 'a/c': held(5, 5) })).toEqual(['a/c', 'b']);
    expect(drf(abc)).toEqual(['b', 'a/c', 'a']);
    // a/c weighs .2: .25 against a's own .10 (weight 1)
    expect(drf(abc, { 'a/c': 0.2 })).toEqual(['b', 'a', 'a/c']);
    // a weighs 3: its subtree competes with b as .05; its own part still weighs 1 against a/c
    expect(drf(abc, { 'a/c': 0.2, a: 3 })).toEqual(['a', 'a/c', 'b']);
    expect(drf(abc, { 'a/c': 1, a: 3 })).toEqual(['a/c', 'a', 'b']);
  });

  it('lets an inner node become a client too (AddChildToInternal)', () => {
    const x = { 'x/a': held(10, 10), 'x/b': held(6, 6) };
    expect(drf(x)).toEqual(['x/b', 'x/a']);
    expect(drf({ ...x, x: held(7, 7) })).toEqual(['x/b', 'x', 'x/a']);
    // z = .20 against subtree x = .23
    expect(drf({ ...x, x: held(7, 7), z: held(20, 20) })).toEqual(['z', 'x/b', 'x', 'x/a']);
    expect(drf({ ...x, z: held(20, 20) })).toEqual(['x/b', 'x/a', 'z']);
  });

  it('counts an inactive parent in its subtree’s share (AddChildToInactiveLeaf)', () => {
    const ab = { a: { ...held(10, 10), inactive: true }, b: held(6, 6) };
    expect(drf(ab)).toEqual(['b']);
    // subtree a = .15 with the inactive a's .10
    expect(drf({ ...ab, 'a/c': held(5, 5) })).toEqual(['b', 'a/c']);
  });

  it('weighs subtrees (ChangeWeightOnSubtree), with Mesos’s floating point', () => {
    const weights = { a: 2, b: 3 };
    expect(drf({ 'a/x': {}, 'b/y': {} }, weights)).toEqual(['a/x', 'b/y']);
    const xy = { 'a/x': held(10, 10), 'b/y': held(10, 10) };
    expect(drf(xy, weights)).toEqual(['b/y', 'a/x']);
    // subtree b = .15 / 3 = 0.049999999999999996 in doubles, just under a's .1 / 2 = .05
    const z = { ...xy, 'b/z': held(5, 5) };
    expect(drf(z, weights)).toEqual(['b/z', 'b/y', 'a/x']);
    const b = { ...z, b: held(4, 4) };
    expect(drf(b, weights)).toEqual(['a/x', 'b', 'b/z', 'b/y']);
    expect(drf({ ...b, 'a/zz': held(2, 2) }, weights)).toEqual(['a/zz', 'a/x', 'b', 'b/z', 'b/y']);
  });

  it('measures shares against the cluster total as it changes (UpdateTotal, MultipleSlavesUpdateTotal, RemoveResources)', () => {
    // a = .2 (cpus), b = .1; then the agent is cpus 100, mem 10: a = .1 (mem), b = .2
    const ab = { a: held(2, 1), b: held(1, 2) };
    expect(drf(ab, undefined, [{ cpus: 10, mem: 100 }])).toEqual(['b', 'a']);
    expect(drf(ab, undefined, [{ cpus: 100, mem: 10 }])).toEqual(['a', 'b']);
    // two agents; the first grows to cpus 95
    const two = { a: { ...held(2, 1), on: 0 }, b: { ...held(1, 3), on: 1 } };
    expect(drf(two, undefined, [{ cpus: 5, mem: 50 }, { cpus: 5, mem: 50 }])).toEqual(['b', 'a']);
    expect(drf(two, undefined, [{ cpus: 95, mem: 50 }, { cpus: 5, mem: 50 }])).toEqual(['a', 'b']);
    // cpus only: a = .6, b = .4; then 5 cpus leave the agent and a's holding
    expect(drf({ a: { holds: { cpus: 6 } }, b: { holds: { cpus: 4 } } }, undefined, [{ cpus: 10 }])).toEqual(['b', 'a']);
    expect(drf({ a: { holds: { cpus: 1 } }, b: { holds: { cpus: 4 } } }, undefined, [{ cpus: 5 }])).toEqual(['a', 'b']);
  });
});

describe('random sorter, after Mesos', () => {
  /** How often (of `runs`) each client comes at each position. */
  const frequencies = (clients: readonly string[], runs: number, order: () => string[]): number[][] => {
    const counts = clients.map(() => clients.map(() => 0));
    for (let r = 0; r < runs; r++) order().forEach((c, pos) => counts[clients.indexOf(c)]![pos]!++);
    return counts.map((row) => row.map((n) => n / runs));
  };
  /** Within `tolerance` (absolute) of `expected`, cell by cell; Mesos allows 0.05 over its runs. */
  const near = (actual: number[][], expected: number[][], tolerance = 0.05) =>
    actual.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(p - expected[i]![j]!), `client ${i} at position ${j}: ${p}`).toBeLessThan(tolerance)));

  it('shuffles by weight (ProbabilityDistribution)', () => {
    // Weights 1 to 5; Mesos's table of how often each lands at each position, within 0.05.
    const clients = ['0', '1', '2', '3', '4'];
    const random = randomSource(1).stream('sorter');
    const list = clients.map((key, i): SortClient<string> => ({ item: key, key, share: 0, grants: 0, weight: i + 1 }));
    near(frequencies(clients, 10_000, () => randomSorter.order([...list], random).map((c) => c.key)), [
      [0.07, 0.08, 0.12, 0.2, 0.54],
      [0.13, 0.16, 0.2, 0.28, 0.23],
      [0.2, 0.22, 0.24, 0.22, 0.12],
      [0.27, 0.26, 0.23, 0.17, 0.07],
      [0.33, 0.28, 0.21, 0.13, 0.04],
    ]);
  });

  /**
   * Here we differ from Mesos: our random sorter shuffles each level of the
   * tree by weight and walks it depth first (as the allocator does with DRF), so a subtree's
   * roles come together. Mesos's current RandomSorter (sorter.cpp, updateRelativeWeights)
   * gives each active leaf the product of weight / active siblings' weights down its path and
   * shuffles all leaves at once, so subtrees interleave: its HierarchicalProbabilityDistribution
   * table (a: 0.11, 0.15, 0.23, 0.51) is not ours. For roles all at the top level the two agree
   * (the ProbabilityDistribution test above). The table below is the exact per-level one.
   */
  it('shuffles each level of the tree by weight, a subtree’s roles together (not Mesos’s HierarchicalProbabilityDistribution)', () => {
    // a (1) with its own part (1) and a/b (2); c (2) with c/d (1) and c/e (2): at each level 1/3 against 2/3.
    const clients = ['a', 'a/b', 'c/d', 'c/e'];
    const random = randomSource(1).stream('sorter');
    const tree = { clients: { a: {}, 'a/b': {}, 'c/d': {}, 'c/e': {} }, weights: { a: 1, 'a/b': 2, c: 2, 'c/d': 1, 'c/e': 2 } };
    const ninths = (row: number[]) => row.map((n) => n / 9);
    near(
      frequencies(clients, 10_000, () => roleOrder(randomSorter, tree, random)),
      [ninths([1, 2, 2, 4]), ninths([2, 1, 4, 2]), ninths([2, 4, 1, 2]), ninths([4, 2, 2, 1])],
      0.02,
    );
  });
});
