/**
 * The kept orders (src/allocator/client-order.ts, KeptRoleOrder in
 * role-order.ts) against sorting afresh: after any sequence of changes, the
 * kept order is exactly what the DRF sorter gives the clients now (ties in
 * the order the clients were first given, as its stable sort keeps them), and
 * an order being iterated does not move until the next `current`/`roles`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientOrder, type OrderedClient } from '../../src/allocator/client-order.js';
import { drfSorter } from '../../src/allocator/drf-sorter.js';
import { KeptRoleOrder, orderRoles } from '../../src/allocator/role-order.js';
import { RunLedger } from '../../src/allocator/run-ledger.js';
import { dominantShareWith } from '../../src/allocator/share.js';
import type { SortClient } from '../../src/allocator/sorter.js';
import { randomSource } from '../../src/core/random.js';
import { makeView } from '../helpers/view.js';
import { space } from '../helpers/world.js';

const compare = drfSorter.compare!;

/** Shares from a small set, so that ties on share, then on grants, are common; keys may repeat. */
const clientArb = fc.record({ share: fc.constantFrom(0, 0.1, 0.25, 0.5), grants: fc.nat({ max: 3 }), key: fc.constantFrom('a', 'b', 'fw1', 'fw10', 'fw2') });
const changeArb = fc.record({ client: fc.nat(), share: fc.constantFrom(0, 0.1, 0.25, 0.5, 0.75), grants: fc.nat({ max: 4 }), look: fc.boolean() });

describe('ClientOrder', () => {
  it('is, after every change, the stable sort of the clients as they are now', () => {
    fc.assert(
      fc.property(fc.array(clientArb, { minLength: 1, maxLength: 12 }), fc.array(changeArb, { maxLength: 30 }), (list, changes) => {
        const now = list.map((c, i): SortClient<number> => ({ item: i, share: c.share, grants: c.grants, key: c.key, weight: 1 }));
        const order = new ClientOrder<number>(now, compare, (c) => {
          c.share = now[c.item]!.share;
          c.grants = now[c.item]!.grants;
        });
        const byItem = new Map<number, OrderedClient<number>>(order.current().map((c) => [c.item, c]));
        const fresh = (): number[] => [...now].sort(compare).map((c) => c.item);
        expect(order.current().map((c) => c.item)).toEqual(fresh());
        for (const ch of changes) {
          const i = ch.client % now.length;
          now[i] = { ...now[i]!, share: ch.share, grants: ch.grants };
          order.changed(byItem.get(i)!);
          if (ch.look) expect(order.current().map((c) => c.item)).toEqual(fresh()); // (else marked only, until a later look)
        }
        expect(order.current().map((c) => c.item)).toEqual(fresh());
      }),
    );
  });

  it('moves nothing until the next current(): an order being iterated stays as it began', () => {
    const now: SortClient<string>[] = ['a', 'b', 'c'].map((key) => ({ item: key, share: 0, grants: 0, key, weight: 1 }));
    const order = new ClientOrder(now, compare, (c) => {
      c.share = c.item === 'a' ? 0.5 : 0;
    });
    const seen: string[] = [];
    for (const c of order.current()) {
      seen.push(c.item);
      if (c.item === 'a') order.changed(c);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(order.current().map((c) => c.item)).toEqual(['b', 'c', 'a']);
  });
});

/** Role paths of a small tree (parents and children both, with weights). */
const pathArb = fc.constantFrom('a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/f', 'g');

describe('KeptRoleOrder', () => {
  it('gives the order orderRoles gives, after any sequence of grants', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ role: pathArb, cpus: fc.integer({ min: 0, max: 10 }), grants: fc.nat({ max: 2 }), inactive: fc.boolean() }), { selector: (f) => f.role, minLength: 1, maxLength: 7 }),
        fc.constantFrom(undefined, { a: 2, e: 0.5 }, { 'a/b': 3, g: 2 }),
        fc.array(fc.record({ framework: fc.nat(), cpus: fc.integer({ min: 0, max: 5 }), mem: fc.integer({ min: 0, max: 5 }) }), { maxLength: 20 }),
        (frameworks, weights, grants) => {
          const { view } = makeView({
            agents: [{ total: { cpus: 100, mem: 100 } }],
            frameworks: frameworks.map((f) => ({ name: f.role, role: f.role, holds: { cpus: f.cpus, mem: f.cpus }, grants: f.grants, suppressed: f.inactive })),
            ...(weights !== undefined ? { weights } : {}),
          });
          const ledger = new RunLedger(space);
          const fresh = (): string[] => orderRoles(view, ledger, drfSorter, randomSource(1).stream('s'), dominantShareWith, new Set()).map((r) => r.path);
          const kept = new KeptRoleOrder(view, ledger, compare, dominantShareWith, new Set());
          const walk = (): string[] => [...kept.roles()].map((r) => r.path);
          expect(walk()).toEqual(fresh());
          const active = view.frameworks.filter((f) => f.active);
          for (const g of grants) {
            if (active.length === 0) break;
            const fw = active[g.framework % active.length]!;
            // As the allocator does: the grant is recorded while a walk is at the granted role; the walk goes on in the order it began with.
            const atStart = fresh();
            const walked: string[] = [];
            let recorded = false;
            for (const role of kept.roles()) {
              walked.push(role.path);
              if (recorded || role !== fw.role) continue;
              ledger.record(fw, space.fromRecord({ cpus: g.cpus, mem: g.mem }));
              kept.changed(fw.role);
              recorded = true;
            }
            expect(recorded).toBe(true);
            expect(walked).toEqual(atStart);
            expect(walk()).toEqual(fresh());
          }
        },
      ),
    );
  });
});
