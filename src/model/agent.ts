/**
 * An agent as the master accounts for it.
 *
 * Every resource of a registered agent is in exactly one of three states:
 * offered (in an outstanding offer), allocated (used by a staging or running
 * task) or available. The invariant offered + allocated + available = total,
 * with none of them negative, is checked at every change and fails loudly.
 *
 * Part of the total may be reserved for roles (static reservations). Every
 * change says which role's framework holds the resources, so the agent knows
 * how much of each reservation is unallocated (see reservations.ts), and it
 * also checks that no framework holds another role's reservation.
 *
 * @module
 */
import { InvariantError } from '../errors.js';
import { addInto, difference, fits, subtractInto, type Quantities, type ResourceSpace } from './resources.js';
import type { AgentReservations } from './reservations.js';
import type { RolePath } from './roles.js';
import type { Task } from './task.js';
import type { Attributes } from './attributes.js';
import type { Unavailability } from './offer.js';

export type { Attributes };

const NO_RESERVATIONS: ReadonlyMap<string, Quantities> = new Map();

export class Agent {
  #registered = false;
  readonly offered: Quantities;
  readonly allocated: Quantities;
  readonly available: Quantities;
  /** Staging and running tasks on this agent. */
  readonly tasks = new Set<Task>();
  /**
   * Ids of outstanding offers of this agent's resources, in increasing order
   * (the master numbers offers as it makes them, so each new one is pushed at
   * the end). An array: an agent has one or two at a time, and a Set's table
   * cost more to update at every offer than these few entries to scan.
   */
  readonly offers: number[] = [];
  /** True when the agent has GPUs (frameworks without the GPU capability skip it). */
  readonly hasGpus: boolean;
  /**
   * Deactivated by DRAIN_AGENT (Mesos 1.9's DRAINING): offered nothing more
   * until it leaves. Set by the master.
   */
  draining = false;
  /** Its machine's posted maintenance unavailability, if any (its offers carry it). Set by the master. */
  unavailability: Unavailability | undefined = undefined;

  constructor(
    readonly index: number,
    readonly name: string,
    readonly group: string,
    readonly total: Quantities,
    readonly attributes: Attributes,
    private readonly space: ResourceSpace,
    /** The resource pool it belongs to, if any. */
    readonly pool: string | undefined = undefined,
    /** Its static reservations, if any (part of `total`). */
    private readonly reservations: AgentReservations | undefined = undefined,
  ) {
    this.offered = space.zero();
    this.allocated = space.zero();
    this.available = new Float64Array(total);
    const g = space.indexOf('gpus');
    this.hasGpus = g !== undefined && total[g]! > 0;
  }

  /** Registered with the master. Only a registered agent's unallocated reservations count in the role tree. */
  get registered(): boolean {
    return this.#registered;
  }

  set registered(on: boolean) {
    this.#registered = on;
    this.reservations?.count(on);
  }

  /** Whether it is registered, and its reservations' books, as data (src/checkpoint/snapshot-model.ts saves the rest of its state). */
  saveBooks(): { registered: boolean; reservations: ReturnType<AgentReservations['saveState']> | undefined } {
    return { registered: this.#registered, reservations: this.reservations?.saveState() };
  }

  /** Takes a saveBooks() in place of its own, without counting its reservations again (the role tree's sums are restored with the tree). */
  loadBooks(s: ReturnType<Agent['saveBooks']>): void {
    if ((s.reservations === undefined) !== (this.reservations === undefined)) throw new RangeError(`agent ${this.name}: reservations saved and made differ`);
    this.#registered = s.registered;
    if (s.reservations !== undefined) this.reservations!.loadState(s.reservations);
  }

  /** Unallocated reservations on this agent by role path (empty when it has none). Read-only. */
  get unallocatedReservations(): ReadonlyMap<string, Quantities> {
    return this.reservations?.free ?? NO_RESERVATIONS;
  }

  /** available − every unallocated reservation: what a framework of any role may be offered. */
  get unreservedAvailable(): Quantities {
    return this.reservations === undefined ? this.available : difference(this.available, this.reservations.freeTotal);
  }

  /**
   * What unreserved room would come free if frameworks of each role released
   * what is listed (a preemption's victims): their resources, less what goes
   * back to unallocated reservations. Changes nothing.
   */
  unreservedFreedBy(released: readonly (readonly [RolePath, Quantities])[]): Quantities {
    const freed = this.space.zero();
    for (const [, q] of released) addInto(freed, q);
    if (this.reservations !== undefined) subtractInto(freed, this.reservations.growthIfReleased(released));
    return freed;
  }

  /** What frameworks of `role` may be offered: unreserved available + unallocated reservations of the role and its ancestors. */
  availableTo(role: RolePath): Quantities {
    if (this.reservations === undefined) return this.available;
    const out = this.unreservedAvailable;
    addInto(out, this.reservations.usableBy(role));
    return out;
  }

  /** Checks the reservation books against what each role's frameworks hold here; a message on disagreement. */
  auditReservations(holdings: Iterable<readonly [RolePath, Quantities]>): string | undefined {
    return this.reservations?.audit(holdings);
  }

  /** available → offered, to a framework of `role`. */
  offer(q: Quantities, role: RolePath): void {
    this.#move(q, this.available, 'available', this.offered, 'offer');
    this.#hold(role, q, 1);
  }

  /** offered → available (declined, rescinded or the unused part of an accepted offer of a framework of `role`). */
  unoffer(q: Quantities, role: RolePath): void {
    this.#move(q, this.offered, 'offered', this.available, 'return');
    this.#hold(role, q, -1);
  }

  /** offered → allocated (a task launched from an offer; the same framework holds it). */
  allocateFromOffer(q: Quantities): void {
    this.#move(q, this.offered, 'offered', this.allocated, 'launch');
  }

  /** allocated → available (a task of a framework of `role` ended). */
  release(q: Quantities, role: RolePath): void {
    this.#move(q, this.allocated, 'allocated', this.available, 'release');
    this.#hold(role, q, -1);
  }

  /** Charges a change of what `role`'s frameworks hold to the reservations; throws if one was taken by another role. */
  #hold(role: RolePath, q: Quantities, sign: 1 | -1): void {
    if (this.reservations === undefined) return;
    this.reservations.change(role, q, sign);
    if (!fits(this.reservations.freeTotal, this.available)) {
      throw new InvariantError(
        `agent ${this.name}: a framework of role ${role.path} holds another role's reservation (available ${this.space.format(this.available)}, unallocated reservations ${this.space.format(this.reservations.freeTotal)})`,
      );
    }
  }

  /** Moves `q` from one pool to another; throws if `from` does not hold it. */
  #move(q: Quantities, from: Quantities, fromName: string, to: Quantities, what: string): void {
    this.#require(fits(q, from), what, q, fromName, from);
    subtractInto(from, q);
    addInto(to, q);
    this.#check();
  }

  #require(ok: boolean, what: string, q: Quantities, pool: string, has: Quantities): void {
    if (!ok) {
      throw new InvariantError(
        `agent ${this.name}: cannot ${what} ${this.space.format(q)}: only ${this.space.format(has)} ${pool}`,
      );
    }
  }

  /** offered + allocated + available = total, none negative. */
  #check(): void {
    for (let i = 0; i < this.total.length; i++) {
      const o = this.offered[i]!;
      const a = this.allocated[i]!;
      const v = this.available[i]!;
      if (o < 0 || a < 0 || v < 0 || o + a + v !== this.total[i]) {
        throw new InvariantError(
          `agent ${this.name}: ${this.space.names[i]} not conserved: offered ${o} + allocated ${a} + available ${v} != total ${this.total[i]} (milli-units)`,
        );
      }
    }
  }
}
