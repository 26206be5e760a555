/**
 * The order in which a hierarchical allocator offers resources to roles, as
 * Mesos's hierarchical role sorter gives it: the role tree walked depth
 * first, the children of each node ordered by a Sorter (sorter.ts) on their
 * subtree's share divided by their weight. A role that has frameworks and
 * children competes with its children through a virtual leaf '<path>/.' of
 * weight 1, holding what its own frameworks hold. Only roles with an active
 * framework (in their subtree, for a parent) take part.
 *
 * @module
 */
import type { Random } from '../core/random.js';
import type { ClusterView, RoleView } from '../model/view.js';
import type { RunLedger } from './run-ledger.js';
import type { ShareFunction } from './share.js';
import type { SortClient, Sorter } from './sorter.js';

/**
 * Roles with active frameworks, in `sorter` order. Shares come from
 * `shareOf` over the view's allocation plus `ledger`'s grants of this run,
 * against the cluster total, `excluded` resources left out.
 */
export function orderRoles(
  view: ClusterView,
  ledger: RunLedger,
  sorter: Sorter,
  random: Random,
  shareOf: ShareFunction,
  excluded: ReadonlySet<number>,
): RoleView[] {
  const out: RoleView[] = [];
  /** Sorts the children of `node` (which has children) and emits the roles beneath in that order. */
  const walk = (node: RoleView): void => {
    const clients: SortClient<RoleView | 'self'>[] = [];
    if (node.path !== '' && hasActive(view, node, false)) {
      clients.push({
        item: 'self',
        share: shareOf(node.own, ledger.ownRole(node)?.allocation, view.total, excluded),
        grants: node.ownGrants + (ledger.ownRole(node)?.grants ?? 0),
        key: `${node.path}/.`,
        weight: 1,
      });
    }
    for (const child of node.children) {
      if (!hasActive(view, child, true)) continue;
      clients.push({
        item: child,
        share: shareOf(child.allocation, ledger.role(child)?.allocation, view.total, excluded) / child.weight,
        grants: child.grants + (ledger.role(child)?.grants ?? 0),
        key: child.path,
        weight: child.weight,
      });
    }
    for (const c of sorter.order(clients, random)) {
      if (c.item === 'self') out.push(node);
      else if (c.item.children.length === 0) out.push(c.item);
      else walk(c.item);
    }
  };
  walk(view.roles);
  return out;
}

/** True when the role (and, if `deep`, its subtree) has an active framework. */
function hasActive(view: ClusterView, node: RoleView, deep: boolean): boolean {
  for (const i of node.frameworks) if (view.frameworks[i]!.active) return true;
  if (deep) for (const c of node.children) if (hasActive(view, c, true)) return true;
  return false;
}
