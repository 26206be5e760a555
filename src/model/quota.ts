/**
 * The quota figures of the role tree, as Mesos defines them: facts about the
 * books that the master (quota updates, when to look at agents again) and
 * the allocators (allocator/quota.ts, which enforces quota) both read.
 *
 * Quota is set on top-level roles and covers the role's whole subtree. All
 * figures are per resource, in milli-units: consumed(R) = every reservation
 * of R's subtree, allocated or not, plus the unreserved resources offered or
 * allocated to R's subtree; that is allocation(R) + unallocatedReservations(R).
 *
 * @module
 */
import { addInto, isZero, type Quantities } from './resources.js';
import type { ClusterView, RoleView } from './view.js';

/** The top-level role above `role` (itself if top-level). */
export function topLevel(role: RoleView): RoleView {
  let r = role;
  while (r.parent !== undefined && r.parent.parent !== undefined) r = r.parent;
  return r;
}

/** consumed(R) of a top-level role, as a fresh vector. */
export function consumedQuota(role: RoleView): Quantities {
  const out = new Float64Array(role.allocation);
  addInto(out, role.unallocatedReservations);
  return out;
}

/** Top-level roles that have quota. */
export function quotaRoles(view: ClusterView): RoleView[] {
  return view.roles.children.filter((r) => r.quota !== undefined);
}

/**
 * Everything quota decisions depend on (consumption, quota, and the free
 * unreserved resources when there are guarantees), as one vector; undefined
 * when no role has quota. When it has not changed, an agent the allocator
 * chopped or held back would be chopped the same way again.
 */
export function quotaFingerprint(view: ClusterView): Float64Array | undefined {
  const roles = quotaRoles(view);
  if (roles.length === 0) return undefined;
  const parts: Quantities[] = [];
  for (const r of roles) parts.push(consumedQuota(r), r.quota!.guarantee, r.quota!.limit);
  if (roles.some((r) => !isZero(r.quota!.guarantee))) parts.push(view.unreservedAvailable);
  const out = new Float64Array(parts.length * view.space.size);
  parts.forEach((p, k) => out.set(p, k * view.space.size));
  return out;
}
