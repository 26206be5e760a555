/**
 * The order in which a hierarchical allocator offers resources to roles, as
 * Mesos's hierarchical role sorter gives it: the role tree walked depth
 * first, the children of each node ordered by a Sorter (sorter.ts) on their
 * subtree's share divided by their weight. A role that has frameworks and
 * children competes with its children through a virtual leaf '<path>/.' of
 * weight 1, holding what its own frameworks hold. Only roles with an active
 * framework (in their subtree, for a parent) take part.
 *
 * `orderRoles` sorts the whole tree afresh; a KeptRoleOrder keeps each
 * node's order through one allocation run and moves only the clients whose
 * subtree was granted something, as Mesos's hierarchical DRFSorter does. Both
 * give the same order.
 *
 * @module
 */
import type { Random } from '../core/random.js';
import type { ClusterView, RoleView } from '../model/view.js';
import type { RunLedger } from './run-ledger.js';
import type { ShareFunction } from './share.js';
import type { SortClient, Sorter } from './sorter.js';
import { ClientOrder, type OrderedClient } from './client-order.js';

/** A client of a node's sort: one of its children, or 'self', its own frameworks' virtual leaf. */
type RoleItem = RoleView | 'self';

/** How the shares of role-tree clients are computed (the view's allocation plus this run's grants). */
interface Shares {
  readonly view: ClusterView;
  readonly ledger: RunLedger;
  readonly shareOf: ShareFunction;
  readonly excluded: ReadonlySet<number>;
}

/** Sets a client of `node`'s sort to its share (divided by its weight) and grants now. */
function measure(s: Shares, node: RoleView, c: { item: RoleItem; share: number; grants: number }): void {
  if (c.item === 'self') {
    const extra = s.ledger.ownRole(node);
    c.share = s.shareOf(node.own, extra?.allocation, s.view.total, s.excluded);
    c.grants = node.ownGrants + (extra?.grants ?? 0);
  } else {
    const extra = s.ledger.role(c.item);
    c.share = s.shareOf(c.item.allocation, extra?.allocation, s.view.total, s.excluded) / c.item.weight;
    c.grants = c.item.grants + (extra?.grants ?? 0);
  }
}

/** The clients of `node`'s sort (which has children), in the order they are first given. */
function clientsOf(s: Shares, node: RoleView): SortClient<RoleItem>[] {
  const clients: SortClient<RoleItem>[] = [];
  const add = (item: RoleItem, key: string, weight: number): void => {
    const c = { item, share: 0, grants: 0, key, weight };
    measure(s, node, c);
    clients.push(c);
  };
  if (node.path !== '' && hasActive(s.view, node, false)) add('self', `${node.path}/.`, 1);
  for (const child of node.children) if (hasActive(s.view, child, true)) add(child, child.path, child.weight);
  return clients;
}

/** Emits the roles beneath `node` in the order `sorted` gives its clients, walking into `inner` for each child that has children. */
function emit(out: RoleView[], node: RoleView, sorted: readonly SortClient<RoleItem>[], inner: (child: RoleView) => void): void {
  for (const c of sorted) {
    if (c.item === 'self') out.push(node);
    else if (c.item.children.length === 0) out.push(c.item);
    else inner(c.item);
  }
}

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
  const s: Shares = { view, ledger, shareOf, excluded };
  const out: RoleView[] = [];
  const walk = (node: RoleView): void => emit(out, node, sorter.order(clientsOf(s, node), random), walk);
  walk(view.roles);
  return out;
}

/**
 * The order of `orderRoles` through one allocation run, for a sorter with
 * `compare`: each node's clients sorted once, then moved one by one as
 * `changed` reports grants (recorded in the run ledger first).
 */
export class KeptRoleOrder {
  /** Each node's sort, for nodes that have children. */
  readonly #orders = new Map<RoleView, ClientOrder<RoleItem>>();
  /** Each role's client in its parent's sort. */
  readonly #asChild = new Map<RoleView, OrderedClient<RoleItem>>();
  /** Each node's 'self' client in its own sort. */
  readonly #asSelf = new Map<RoleView, OrderedClient<RoleItem>>();
  readonly #root: RoleView;
  /** Every role with active frameworks is a leaf under the root: the order is the root's clients (rootClients). */
  readonly flat: boolean;

  constructor(
    view: ClusterView,
    ledger: RunLedger,
    compare: (a: SortClient<unknown>, b: SortClient<unknown>) => number,
    shareOf: ShareFunction,
    excluded: ReadonlySet<number>,
  ) {
    const s: Shares = { view, ledger, shareOf, excluded };
    this.#root = view.roles;
    const build = (node: RoleView): void => {
      const order = new ClientOrder(clientsOf(s, node), compare, (c) => measure(s, node, c));
      this.#orders.set(node, order);
      for (const c of order.current()) {
        if (c.item === 'self') this.#asSelf.set(node, c);
        else {
          this.#asChild.set(c.item, c);
          if (c.item.children.length > 0) build(c.item);
        }
      }
    };
    build(this.#root);
    this.flat = this.#orders.size === 1;
  }

  /**
   * For a flat order: the root's clients in order now, each a role (the
   * ClientOrder's own array: read it, do not keep it past the next call). As
   * with `roles()`, grants recorded while it is read move nothing until the
   * next call.
   */
  rootClients(): readonly OrderedClient<RoleItem>[] {
    return this.#orders.get(this.#root)!.current();
  }

  /**
   * Roles with active frameworks, in order now, walked lazily: a node's
   * marked clients move when the walk enters it, so a walk that stops at the
   * first roles (an agent used up) costs the depth of the tree, not O(roles).
   * Grants recorded while the walk is paused (`changed`) mark only nodes the
   * walk is inside of, whose arrays it goes on reading unmoved: it sees the
   * order as it was when it began, as a fresh sort at that moment would give.
   */
  roles(): Iterable<RoleView> {
    return this.#walk(this.#root);
  }

  *#walk(node: RoleView): Generator<RoleView, void, undefined> {
    for (const c of this.#orders.get(node)!.current()) {
      if (c.item === 'self') yield node;
      else if (c.item.children.length === 0) yield c.item;
      else yield* this.#walk(c.item);
    }
  }

  /** A grant to a framework of `role` was recorded: the role's own share and its subtree's, up to the root, changed. */
  changed(role: RoleView): void {
    const self = this.#asSelf.get(role);
    if (self !== undefined) this.#orders.get(role)!.changed(self);
    for (let n = role; n.parent !== undefined; n = n.parent) {
      this.#orders.get(n.parent)!.changed(this.#asChild.get(n)!);
    }
  }
}

/** True when the role (and, if `deep`, its subtree) has an active framework. */
function hasActive(view: ClusterView, node: RoleView, deep: boolean): boolean {
  for (const i of node.frameworks) if (view.frameworks[i]!.active) return true;
  if (deep) for (const c of node.children) if (hasActive(view, c, true)) return true;
  return false;
}
