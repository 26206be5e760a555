/**
 * The check of the master's books from scratch (`--verify`, and the tests):
 * O(agents + tasks + frameworks + offers). It reads only; any gap throws an
 * InvariantError that says what is out of balance and when.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { InvariantError } from '../errors.js';
import type { Offer } from '../model/offer.js';
import type { Pool } from '../model/pool.js';
import { auditReservations } from '../model/reservations.js';
import { addInto, difference, equal } from '../model/resources.js';
import type { RoleTree } from '../model/roles.js';
import type { Books } from './books.js';
import type { MasterContext } from './context.js';

export interface BooksToVerify extends Pick<MasterContext, 'space' | 'agents' | 'frameworks'> {
  readonly now: SimTime;
  readonly books: Books;
  readonly roles: RoleTree;
  readonly pools: readonly Pool[];
  readonly offers: ReadonlyMap<number, Offer>;
}

/**
 * Cluster sums equal the registered agents' sums, each agent's allocation its
 * tasks' sum, framework allocations add up to offered + allocated, role
 * subtree sums match their frameworks, pools hold what their tasks and offers
 * do, and reservations are held by their roles only.
 */
export function verifyBooks(v: BooksToVerify): void {
  const { space, books } = v;
  const total = space.zero();
  const offered = space.zero();
  const allocated = space.zero();
  for (const a of v.agents) {
    if (!a.registered) continue;
    addInto(total, a.total);
    addInto(offered, a.offered);
    addInto(allocated, a.allocated);
  }
  const byFrameworks = space.zero();
  for (const fw of v.frameworks) addInto(byFrameworks, fw.allocation);
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new InvariantError(`books out of balance at t=${v.now}: ${what}`);
  };
  for (const a of v.agents) {
    const used = space.zero();
    for (const t of a.tasks) addInto(used, t.resources);
    check(equal(used, a.allocated), `agent ${a.name} has ${space.format(a.allocated)} allocated, its tasks ${space.format(used)}`);
  }
  check(equal(total, books.total), `cluster total ${space.format(books.total)} != agents' ${space.format(total)}`);
  check(equal(offered, books.offered), `offered ${space.format(books.offered)} != agents' ${space.format(offered)}`);
  check(equal(allocated, books.allocated), `allocated ${space.format(books.allocated)} != agents' ${space.format(allocated)}`);
  const held = difference(byFrameworks, offered);
  check(equal(held, allocated), `frameworks hold ${space.format(byFrameworks)}, agents ${space.format(offered)} offered + ${space.format(allocated)} allocated`);
  check(equal(v.roles.root.allocation, byFrameworks), `role tree holds ${space.format(v.roles.root.allocation)}`);
  if (v.pools.length > 0) {
    const held = new Map(v.pools.map((p) => [p.name, space.zero()]));
    for (const a of v.agents) for (const t of a.tasks) if (t.pool !== undefined) addInto(held.get(t.pool)!, t.resources);
    for (const o of v.offers.values()) if (o.pool !== undefined) addInto(held.get(o.pool)!, o.resources);
    for (const p of v.pools) {
      check(equal(held.get(p.name)!, p.held), `pool ${p.name} holds ${space.format(p.held)}, its tasks and offers ${space.format(held.get(p.name)!)}`);
    }
  }
  const reservations = auditReservations(v.agents, v.offers.values(), v.frameworks, v.roles);
  check(reservations === undefined, reservations!);
}
