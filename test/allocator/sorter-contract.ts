/**
 * The contract every Sorter keeps (src/allocator/sorter.ts), after the tests
 * that Mesos runs against each of its sorters (src/tests/sorter_tests.cpp,
 * CommonSorterTest): `sorterContract(name, sorter)` is one suite, run against
 * the built-in sorters by sorters.test.ts.
 *
 * A Sorter orders the clients of one level of the role tree (or the
 * frameworks of one role); `roleOrder` below walks a whole tree with it, as
 * the hierarchical allocator does (src/allocator/role-order.ts), on a view
 * made from a compact description: each client is a role with one framework
 * holding what the client holds, as Mesos's sorter clients are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderRoles } from '../../src/allocator/role-order.js';
import { RunLedger } from '../../src/allocator/run-ledger.js';
import { dominantShareWith } from '../../src/allocator/share.js';
import type { SortClient, Sorter } from '../../src/allocator/sorter.js';
import { randomSource, type Random } from '../../src/core/random.js';
import { makeView } from '../helpers/view.js';
import { space } from '../helpers/world.js';

type Units = Record<string, number>;

export interface Client {
  /** What the client's framework holds (offered), in units. */
  readonly holds?: Units;
  /** On which agent (default 0). */
  readonly on?: number;
  /** Grants so far (default 1 when it holds something, else 0). */
  readonly grants?: number;
  /** Deactivated (Mesos's `deactivate`): its framework is suppressed. */
  readonly inactive?: boolean;
}

export interface Tree {
  /** The agents' totals (default one agent of cpus 100, mem 100, as in Mesos's tests). */
  readonly agents?: readonly Units[];
  /** Clients by role path. */
  readonly clients: Record<string, Client>;
  readonly weights?: Record<string, number>;
}

/** The active clients in the order `sorter` gives them, walked down the role tree. */
export function roleOrder(sorter: Sorter, tree: Tree, random: Random = randomSource(1).stream('sorter')): string[] {
  const { view } = makeView({
    agents: (tree.agents ?? [{ cpus: 100, mem: 100 }]).map((total) => ({ total })),
    frameworks: Object.entries(tree.clients).map(([role, c]) => ({
      name: role,
      role,
      suppressed: c.inactive ?? false,
      ...(c.holds !== undefined ? { holds: c.holds } : {}),
      ...(c.on !== undefined ? { on: c.on } : {}),
      ...(c.grants !== undefined ? { grants: c.grants } : {}),
    })),
    ...(tree.weights !== undefined ? { weights: tree.weights } : {}),
  });
  return orderRoles(view, new RunLedger(space), sorter, random, dominantShareWith, new Set()).map((r) => r.path);
}

const clientsArb = fc
  .uniqueArray(
    fc.record({
      key: fc.stringMatching(/^[a-z]{1,3}[0-9]{0,2}$/),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      grants: fc.nat({ max: 5 }),
      weight: fc.constantFrom(0.5, 1, 2, 3),
    }),
    { selector: (c) => c.key, maxLength: 12 },
  )
  .map((list) => list.map((c): SortClient<string> => ({ ...c, item: c.key })));

/** Role paths of a small tree (parents and children both), for random trees. */
const pathArb = fc.constantFrom('a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/f', 'g');

const treeArb = fc.dictionary(
  pathArb,
  fc.record({
    holds: fc.record({ cpus: fc.integer({ min: 0, max: 10 }), mem: fc.integer({ min: 0, max: 10 }) }),
    grants: fc.nat({ max: 3 }),
    inactive: fc.boolean(),
  }),
  { maxKeys: 7 },
);

/** The suite for one Sorter. */
export function sorterContract(name: string, sorter: Sorter): void {
  describe(`sorter contract: ${name}`, () => {
    it('orders every client exactly once, changing none', () => {
      fc.assert(
        fc.property(clientsArb, fc.nat(), (clients, seed) => {
          const copy = clients.map((c) => ({ ...c }));
          const out = sorter.order([...clients], randomSource(seed).stream('s'));
          expect([...out].sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([...clients].sort((x, y) => (x.key < y.key ? -1 : 1)));
          expect(clients).toEqual(copy);
        }),
      );
    });

    it(sorter.deterministic ? 'is deterministic, as it says: the order depends only on the clients' : 'is reproducible: the same random state gives the same order', () => {
      fc.assert(
        fc.property(clientsArb, fc.nat(), fc.nat(), (clients, seed, other) => {
          const keys = (list: SortClient<string>[], s: number) => sorter.order(list, randomSource(s).stream('s')).map((c) => c.key);
          const once = keys([...clients], seed);
          expect(keys([...clients], seed)).toEqual(once);
          if (sorter.deterministic) expect(keys([...clients].reverse(), other)).toEqual(once);
        }),
      );
    });

    it('walks the role tree: every role with an active framework once, no other', () => {
      fc.assert(
        fc.property(treeArb, fc.nat(), (clients, seed) => {
          const out = roleOrder(sorter, { clients }, randomSource(seed).stream('s'));
          const active = Object.entries(clients).filter(([, c]) => !c.inactive).map(([path]) => path);
          expect([...out].sort()).toEqual(active.sort());
        }),
      );
    });

    // Mesos's CommonSorterTest.RemoveLeafCollapseParent and RemoveLeafCollapseParentInactive.
    it('keeps a parent role that is also a client after its only child leaves', () => {
      const clients = { a: { holds: { cpus: 10, mem: 10 } }, b: { holds: { cpus: 6, mem: 6 } }, 'a/c': { holds: { cpus: 5, mem: 5 } } };
      expect(roleOrder(sorter, { clients }).sort()).toEqual(['a', 'a/c', 'b']);
      const { 'a/c': _gone, ...rest } = clients;
      expect(roleOrder(sorter, { clients: rest }).sort()).toEqual(['a', 'b']);
    });

    it('leaves out an inactive parent, before and after its child leaves', () => {
      const clients = { a: { holds: { cpus: 10, mem: 10 }, inactive: true }, b: { holds: { cpus: 6, mem: 6 } }, 'a/c': { holds: { cpus: 5, mem: 5 } } };
      expect(roleOrder(sorter, { clients }).sort()).toEqual(['a/c', 'b']);
      const { 'a/c': _gone, ...rest } = clients;
      expect(roleOrder(sorter, { clients: rest })).toEqual(['b']);
    });
  });
}
