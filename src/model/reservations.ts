/**
 * Static reservations on one agent (Mesos `--resources=cpus(ads):8`), and how
 * much of each is still unallocated.
 *
 * Resources are plain quantities here, not labelled as in Mesos, so what a
 * framework holds on the agent (offered or allocated) is charged to the
 * reservations it may use, deepest first: a reservation of its own role, then
 * of the nearest reserved ancestor, and so on up; whatever is left over is
 * unreserved. On a role tree this greedy charge is the best split there is: a
 * reservation deeper in the tree can serve fewer frameworks than one above it,
 * so using it first never takes a reservation that another framework needed.
 *
 * For every reservation r: free_r = reserved_r − charged_r (milli-units, per
 * resource), and the agent's unreserved available = available − Σ free_r. The
 * agent's resources are consistent with its reservations exactly when that is
 * never negative: no framework holds another role's reservation.
 *
 * While `counted`, the free amounts are also summed into the role tree
 * (`RoleNode.unallocatedReservations`), for quota.
 *
 * @module
 */
import type { FrameworkRecord } from './framework-record.js';
import type { Offer } from './offer.js';
import { addInto, difference, equal, subtractInto, type Quantities, type ResourceSpace } from './resources.js';
import type { RoleNode, RolePath, RoleTree } from './roles.js';
import type { Task } from './task.js';
import { refill } from '../core/refill.js';

/** What the audit reads of an agent (model/agent.ts, which imports this file). */
interface AuditedAgent {
  readonly name: string;
  readonly registered: boolean;
  readonly unallocatedReservations: ReadonlyMap<string, Quantities>;
  readonly tasks: ReadonlySet<Task>;
  auditReservations(holdings: Iterable<readonly [RolePath, Quantities]>): string | undefined;
}

interface Entry {
  readonly role: RoleNode;
  readonly reserved: Quantities;
  /** Held by frameworks whose deepest reserved role on this agent is this one. */
  readonly held: Quantities;
  /** reserved − what is charged to it. */
  readonly free: Quantities;
  /** The entry of the nearest reserved strict ancestor, or -1. */
  readonly up: number;
}

export class AgentReservations {
  /** Deepest roles first, so that a descendant always comes before its ancestors. */
  readonly #entries: Entry[];
  readonly #byPath = new Map<string, Entry>();
  /** Σ free over the entries. */
  readonly freeTotal: Quantities;
  /** Unallocated reservation per role path (the live `free` vectors). */
  readonly free = new Map<string, Quantities>();
  #counted = false;

  constructor(
    private readonly space: ResourceSpace,
    reservations: ReadonlyMap<RoleNode, Quantities>,
    private readonly tree: RoleTree,
  ) {
    const depth = (r: RoleNode): number => r.path.split('/').length;
    const sorted = [...reservations].sort(([a], [b]) => depth(b) - depth(a) || (a.path < b.path ? -1 : 1));
    const index = new Map(sorted.map(([role], i) => [role.path, i]));
    this.#entries = sorted.map(([role, reserved]) => {
      let up = -1;
      for (let n = role.parent; n !== undefined && up < 0; n = n.parent) up = index.get(n.path) ?? -1;
      return { role, reserved, held: space.zero(), free: new Float64Array(reserved), up };
    });
    for (const e of this.#entries) {
      this.#byPath.set(e.role.path, e);
      this.free.set(e.role.path, e.free);
    }
    this.freeTotal = space.zero();
    for (const e of this.#entries) addInto(this.freeTotal, e.reserved);
  }

  /** Adds (sign 1) or removes (sign -1) resources held by a framework of `role` on this agent. */
  change(role: RolePath, q: Quantities, sign: 1 | -1): void {
    const entry = this.#deepest(role);
    if (entry === undefined) return; // only unreserved resources serve this role
    if (sign > 0) addInto(entry.held, q);
    else subtractInto(entry.held, q);
    this.#recharge();
  }

  /** Unallocated reservations that frameworks of `role` may use: those of the role and its ancestors. */
  usableBy(role: RolePath): Quantities {
    const out = this.space.zero();
    for (let n: RolePath | undefined = role; n !== undefined; n = n.parent) {
      const e = this.#byPath.get(n.path);
      if (e !== undefined) addInto(out, e.free);
    }
    return out;
  }

  /**
   * How much the unallocated reservations would grow, in all, if frameworks of
   * each role released what is listed (nothing changes): the part of it that
   * goes back to a reservation rather than to unreserved room.
   */
  growthIfReleased(released: Iterable<readonly [RolePath, Quantities]>): Quantities {
    const held = this.#entries.map((e) => new Float64Array(e.held));
    for (const [role, q] of released) {
      const e = this.#deepest(role);
      if (e !== undefined) subtractInto(held[this.#entries.indexOf(e)]!, q);
    }
    const after = chargedFree(this.#entries, held, this.freeTotal.length);
    subtractInto(after, this.freeTotal);
    return after;
  }

  /** Counts the free amounts in the role tree (the agent registered) or stops counting them (it left). */
  count(on: boolean): void {
    if (on === this.#counted) return;
    this.#counted = on;
    for (const e of this.#entries) this.tree.changeUnallocatedReservations(e.role, e.free, on ? 1 : -1);
  }

  /**
   * Recomputes the free amounts from scratch, from what each role's
   * frameworks hold on the agent (as the master's offers and tasks say), and
   * returns the first disagreement with the running books, or undefined.
   */
  audit(holdings: Iterable<readonly [RolePath, Quantities]>): string | undefined {
    const fresh = new AgentReservations(this.space, new Map(this.#entries.map((e) => [e.role, e.reserved])), this.tree);
    for (const [role, q] of holdings) {
      const e = fresh.#deepest(role);
      if (e !== undefined) addInto(e.held, q);
    }
    fresh.#recharge();
    for (const e of this.#entries) {
      const f = fresh.free.get(e.role.path)!;
      if (!equal(f, e.free)) {
        return `reservation of ${e.role.path}: ${this.space.format(e.free)} free in the books, ${this.space.format(f)} from offers and tasks`;
      }
    }
    return undefined;
  }

  /** The entry charged first for what frameworks of `role` hold: its deepest reserved role. */
  #deepest(role: RolePath): Entry | undefined {
    for (let n: RolePath | undefined = role; n !== undefined; n = n.parent) {
      const e = this.#byPath.get(n.path);
      if (e !== undefined) return e;
    }
    return undefined;
  }

  /** Charges holdings deepest first, passing what a reservation cannot cover up to the next one. */
  #recharge(): void {
    const before = this.#counted ? this.#entries.map((e) => new Float64Array(e.free)) : undefined;
    this.freeTotal.set(chargedFree(this.#entries, this.#entries.map((e) => e.held), this.freeTotal.length, this.#entries.map((e) => e.free)));
    before?.forEach((old, k) => {
      const e = this.#entries[k]!;
      if (!equal(old, e.free)) this.tree.changeUnallocatedReservations(e.role, difference(e.free, old), 1);
    });
  }

  /** Its state as data (src/checkpoint/snapshot.ts): what each reservation holds and has free, and whether the tree counts it. */
  saveState(): { held: Quantities[]; free: Quantities[]; freeTotal: Quantities; counted: boolean } {
    return { held: this.#entries.map((e) => e.held), free: this.#entries.map((e) => e.free), freeTotal: this.freeTotal, counted: this.#counted };
  }

  /** Takes a saveState() in place of its own (the role tree's sums are the tree's to restore). */
  loadState(s: ReturnType<AgentReservations['saveState']>): void {
    if (s.held.length !== this.#entries.length || s.free.length !== this.#entries.length) throw new RangeError(`${this.#entries.length} reservations`);
    this.#entries.forEach((e, k) => {
      refill(e.held, s.held[k]);
      refill(e.free, s.free[k]);
    });
    refill(this.freeTotal, s.freeTotal);
    this.#counted = s.counted;
  }
}

/**
 * The greedy charge: `held[k]` is charged to entry k, deepest first, and what
 * a reservation cannot cover passes up to the next reserved ancestor. Writes
 * each entry's free amount into `free[k]` when given; returns their sum.
 */
function chargedFree(entries: readonly Entry[], held: readonly Quantities[], width: number, free?: Quantities[]): Quantities {
  const total = new Float64Array(width);
  const overflow = new Float64Array(entries.length);
  for (let i = 0; i < width; i++) {
    overflow.fill(0);
    entries.forEach((e, k) => {
      const demand = held[k]![i]! + overflow[k]!;
      const left = Math.max(0, e.reserved[i]! - demand);
      if (free !== undefined) free[k]![i] = left;
      total[i]! += left;
      if (e.up >= 0) overflow[e.up]! += Math.max(0, demand - e.reserved[i]!);
    });
  }
  return total;
}

/**
 * Checks every registered agent's reservation books from scratch, against
 * what the outstanding offers and the staging or running tasks say each role
 * holds there, and the role tree's unallocated reservations against the
 * agents' (O(agents with reservations + their tasks + offers)). Returns the
 * first problem found, or undefined.
 */
export function auditReservations(
  agents: readonly AuditedAgent[],
  offers: Iterable<Offer>,
  frameworks: readonly FrameworkRecord[],
  roles: RoleTree,
): string | undefined {
  const holdings = new Map<AuditedAgent, (readonly [RolePath, Quantities])[]>();
  const reserving = agents.filter((a) => a.registered && a.unallocatedReservations.size > 0);
  const hold = (agent: AuditedAgent, framework: number, q: Quantities): void => {
    if (agent.unallocatedReservations.size === 0) return;
    let list = holdings.get(agent);
    if (list === undefined) holdings.set(agent, (list = []));
    list.push([frameworks[framework]!.role, q]);
  };
  for (const o of offers) hold(agents[o.agent]!, o.framework, o.resources);
  for (const a of reserving) for (const t of a.tasks) hold(a, t.job.framework, t.resources);

  const expected = new Map<RolePath, Quantities>();
  for (const a of reserving) {
    const problem = a.auditReservations(holdings.get(a) ?? []);
    if (problem !== undefined) return `agent ${a.name}: ${problem}`;
    for (const [path, free] of a.unallocatedReservations) {
      for (let n: RoleNode | undefined = roles.get(path); n !== undefined; n = n.parent) {
        const sum = expected.get(n) ?? new Float64Array(free.length);
        addInto(sum, free);
        expected.set(n, sum);
      }
    }
  }
  const walk = (n: RoleNode): string | undefined => {
    const want = expected.get(n) ?? new Float64Array(n.unallocatedReservations.length);
    if (!equal(want, n.unallocatedReservations)) {
      return `role '${n.path}' has ${[...n.unallocatedReservations].join(',')} unallocated reservations in the tree, the agents ${[...want].join(',')} (milli-units)`;
    }
    for (const c of n.children) {
      const p = walk(c);
      if (p !== undefined) return p;
    }
    return undefined;
  };
  return walk(roles.root);
}
