/**
 * Snapshots of the model's books that every actor shares (snapshot.ts): the
 * agents, the master's records of the frameworks, the role tree and the
 * pools. They are built with the world and keep their identity (they are
 * `BuiltKind`s: other actors' snapshots refer to them by key); what changes
 * in them during a run is saved here and put back in place. Their fields
 * are public, so their snapshots are made from outside.
 *
 * @module
 */
import { Agent } from '../model/agent.js';
import { FrameworkRecord } from '../model/framework-record.js';
import { Pool } from '../model/pool.js';
import { RoleNode, type RoleTree } from '../model/roles.js';
import { bool, num, record, refill } from '../core/refill.js';
import type { BuiltKind, Snapshotting } from './snapshot.js';

/** The kinds of objects built with the world, each by its key: agents and frameworks by index, roles by path, pools by name. */
export function modelKinds(agents: readonly Agent[], frameworks: readonly FrameworkRecord[], roles: RoleTree, pools: readonly Pool[]): BuiltKind[] {
  const at = <T>(list: readonly T[], what: string) => (key: number | string): T => {
    const found = typeof key === 'number' ? list[key] : undefined;
    if (found === undefined) throw new RangeError(`no ${what} ${key}`);
    return found;
  };
  return [
    { name: 'Agent', key: (v) => (v instanceof Agent ? v.index : undefined), get: at(agents, 'agent') },
    { name: 'Framework', key: (v) => (v instanceof FrameworkRecord ? v.index : undefined), get: at(frameworks, 'framework') },
    { name: 'Role', key: (v) => (v instanceof RoleNode ? v.path : undefined), get: (path) => (path === '' ? roles.root : roles.ensure(String(path))) },
    {
      name: 'Pool',
      key: (v) => (v instanceof Pool ? v.name : undefined),
      get: (name) => {
        const p = pools.find((x) => x.name === name);
        if (p === undefined) throw new RangeError(`no pool ${name}`);
        return p;
      },
    },
  ];
}

/** Every agent's state, with its reservations' books. */
export function agentsSnapshot(agents: readonly Agent[]): Snapshotting<unknown> {
  return {
    saveState: () =>
      agents.map((a) => ({
        books: a.saveBooks(),
        offered: a.offered,
        allocated: a.allocated,
        available: a.available,
        tasks: a.tasks,
        offers: new Set(a.offers), // saved as a Set, as when it was one
        draining: a.draining,
        unavailability: a.unavailability,
      })),
    loadState: (saved) => {
      if (!Array.isArray(saved) || saved.length !== agents.length) throw new RangeError(`${agents.length} agents`);
      agents.forEach((a, i) => {
        const s = record(saved[i], `agent ${i}`);
        a.loadBooks(s['books'] as ReturnType<Agent['saveBooks']>);
        refill(a.offered, s['offered']);
        refill(a.allocated, s['allocated']);
        refill(a.available, s['available']);
        refill(a.tasks, s['tasks']);
        const offers = new Set<number>();
        refill(offers, s['offers']);
        refill(a.offers, [...offers]);
        a.draining = bool(s['draining'], 'draining');
        a.unavailability = s['unavailability'] as Agent['unavailability'];
      });
    },
  };
}

/** The master's record of every framework. */
export function frameworkRecordsSnapshot(frameworks: readonly FrameworkRecord[]): Snapshotting<unknown> {
  return {
    saveState: () =>
      frameworks.map((f) => ({
        registered: f.registered,
        suppressed: f.suppressed,
        allocation: f.allocation,
        grants: f.grants,
        spent: f.spent,
        committed: f.committed,
        budget: f.budget,
        maxPrice: f.maxPrice,
      })),
    loadState: (saved) => {
      if (!Array.isArray(saved) || saved.length !== frameworks.length) throw new RangeError(`${frameworks.length} frameworks`);
      frameworks.forEach((f, i) => {
        const s = record(saved[i], `framework ${i}`);
        f.registered = bool(s['registered'], 'registered');
        f.suppressed = bool(s['suppressed'], 'suppressed');
        refill(f.allocation, s['allocation']);
        f.grants = num(s['grants'], 'grants');
        f.spent = num(s['spent'], 'spent');
        f.committed = num(s['committed'], 'committed');
        f.budget = num(s['budget'], 'budget');
        f.maxPrice = num(s['maxPrice'], 'maxPrice');
      });
    },
  };
}

/** The role tree: its nodes (made as the run names roles) and each one's books. */
export function rolesSnapshot(roles: RoleTree): Snapshotting<unknown> {
  const nodes = (): RoleNode[] => {
    const out: RoleNode[] = [];
    const walk = (n: RoleNode): void => {
      out.push(n);
      n.children.forEach(walk);
    };
    walk(roles.root);
    return out;
  };
  return {
    saveState: () =>
      nodes().map((n) => ({
        path: n.path,
        weight: n.weight,
        allocation: n.allocation,
        own: n.own,
        grants: n.grants,
        ownGrants: n.ownGrants,
        frameworks: n.frameworks,
        unallocatedReservations: n.unallocatedReservations,
        quota: n.quota,
      })),
    loadState: (saved) => {
      if (!Array.isArray(saved)) throw new TypeError('a list of roles');
      for (const entry of saved) {
        const s = record(entry, 'role');
        const n = s['path'] === '' ? roles.root : roles.ensure(String(s['path']));
        n.weight = num(s['weight'], 'weight');
        refill(n.allocation, s['allocation']);
        refill(n.own, s['own']);
        n.grants = num(s['grants'], 'grants');
        n.ownGrants = num(s['ownGrants'], 'ownGrants');
        refill(n.frameworks, s['frameworks']);
        refill(n.unallocatedReservations, s['unallocatedReservations']);
        n.quota = s['quota'] as RoleNode['quota'];
      }
      if (nodes().length !== saved.length) throw new RangeError(`${saved.length} roles saved, ${nodes().length} made`);
    },
  };
}

/** Each pool's capacity (scripted resizes) and what it holds. */
export function poolsSnapshot(pools: readonly Pool[]): Snapshotting<unknown> {
  return {
    saveState: () => pools.map((p) => ({ capacity: p.capacity, held: p.held })),
    loadState: (saved) => {
      if (!Array.isArray(saved) || saved.length !== pools.length) throw new RangeError(`${pools.length} pools`);
      pools.forEach((p, i) => {
        const s = record(saved[i], `pool ${p.name}`);
        refill(p.capacity, s['capacity']);
        refill(p.held, s['held']);
      });
    },
  };
}
