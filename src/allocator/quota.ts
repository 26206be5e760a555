/**
 * Quota as Mesos's allocator enforces it, for use by allocators.
 *
 * Quota is set on top-level roles and covers the role's whole subtree. All
 * figures are per resource, in milli-units:
 * - consumed(R) = allocation(R) + unallocatedReservations(R)
 *   (model/quota.ts, with the other figures the master reads too);
 * - requiredHeadroom = Σ over roles of max(0, guarantee − consumed): what must
 *   stay free, unreserved, for guarantees not yet met;
 * - availableHeadroom = the unreserved resources of registered agents that are
 *   neither offered nor allocated.
 * A limit caps the unreserved resources offered to the subtree at
 * limit − consumed; reservations are never chopped. While requiredHeadroom is
 * not zero, unreserved offers beyond guarantees are also capped at
 * availableHeadroom − requiredHeadroom: the headroom hold-back, which applies
 * whether or not the guaranteed role has frameworks.
 *
 * @module
 */
import { consumedQuota, quotaRoles, topLevel } from '../model/quota.js';
import { addInto, isZero, subtractInto, type Quantities } from '../model/resources.js';
import type { Quota } from '../model/roles.js';
import type { ClusterView, RoleView } from './types.js';

/** One quota role during a run: its quota and its consumption so far. */
export interface RoleQuota {
  readonly role: RoleView;
  readonly quota: Quota;
  readonly consumed: Quantities;
}

/** a − b per resource, at least 0, as a fresh vector (Mesos's ResourceQuantities subtraction). */
function shortfall(a: Quantities, b: Quantities): Quantities {
  return a.map((v, i) => Math.max(0, v - b[i]!));
}

/** q[i] = min(q[i], cap[i]) for every resource. */
function capInto(q: Quantities, cap: Quantities): void {
  for (let i = 0; i < q.length; i++) if (cap[i]! < q[i]!) q[i] = cap[i]!;
}

/**
 * Quota bookkeeping for one allocation run: starts from the view and follows
 * the run's own grants, as Mesos updates consumed quota and headroom after
 * each offer it makes.
 */
export class QuotaRun {
  readonly #roles = new Map<RoleView, RoleQuota>();
  /** Client role → its top-level role's quota (cached walk). */
  readonly #clients = new Map<RoleView, RoleQuota | undefined>();
  /** requiredHeadroom. */
  readonly required: Quantities;
  /** availableHeadroom. */
  readonly headroom: Quantities;

  /** Undefined when no role has quota: nothing to enforce. */
  static start(view: ClusterView): QuotaRun | undefined {
    const roles = quotaRoles(view);
    return roles.length === 0 ? undefined : new QuotaRun(view, roles);
  }

  private constructor(view: ClusterView, roles: readonly RoleView[]) {
    this.required = view.space.zero();
    this.headroom = view.unreservedAvailable;
    for (const role of roles) {
      const rq: RoleQuota = { role, quota: role.quota!, consumed: consumedQuota(role) };
      this.#roles.set(role, rq);
      addInto(this.required, this.unsatisfied(rq));
    }
  }

  /** The quota that governs frameworks of `role` (its top-level role's), if any. */
  of(role: RoleView): RoleQuota | undefined {
    if (this.#clients.has(role)) return this.#clients.get(role);
    const rq = this.#roles.get(topLevel(role));
    this.#clients.set(role, rq);
    return rq;
  }

  /**
   * True when granting `q`, all of it counted as unreserved, to frameworks of
   * `role` keeps its top-level role within its limit (always, without quota).
   * For allocators that grant exactly what tasks ask; `record` books the grant.
   */
  admits(role: RoleView, q: Quantities): boolean {
    const rq = this.of(role);
    if (rq === undefined) return true;
    for (let i = 0; i < q.length; i++) if (rq.consumed[i]! + q[i]! > rq.quota.limit[i]!) return false;
    return true;
  }

  /** max(0, guarantee − consumed). */
  unsatisfied(rq: RoleQuota): Quantities {
    return shortfall(rq.quota.guarantee, rq.consumed);
  }

  /**
   * Shrinks unreserved resources `q` in place to what may be offered beyond
   * guarantees: to limit − consumed − `guaranteed` for a quota role, then, while
   * any guarantee is unmet, to availableHeadroom − requiredHeadroom.
   */
  chop(q: Quantities, rq: RoleQuota | undefined, guaranteed?: Quantities): void {
    if (rq !== undefined) {
      const room = shortfall(rq.quota.limit, rq.consumed);
      capInto(q, guaranteed === undefined ? room : shortfall(room, guaranteed));
    }
    if (!isZero(this.required)) capInto(q, shortfall(this.headroom, this.required));
  }

  /**
   * Books a grant's unreserved part (`guaranteed` in stage 1, `extra` beyond
   * guarantees): it adds to the role's consumption and leaves the headroom;
   * only the guaranteed part reduces the required headroom, as in Mesos.
   */
  record(rq: RoleQuota | undefined, extra: Quantities, guaranteed?: Quantities): void {
    for (const part of guaranteed === undefined ? [extra] : [guaranteed, extra]) {
      if (rq !== undefined) addInto(rq.consumed, part);
      subtractInto(this.headroom, part);
    }
    if (guaranteed !== undefined) subtractInto(this.required, guaranteed);
  }
}
