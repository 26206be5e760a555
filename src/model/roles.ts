/**
 * The role tree. Roles are paths (`eng/ml`); every prefix is a node. Each node
 * keeps the resources offered or allocated to the frameworks of its whole
 * subtree (what hierarchical DRF compares), its own frameworks' part, how
 * many grants its subtree has received (DRF's tie-break; never decremented),
 * its subtree's unallocated reservations, and (top-level roles only) its quota.
 *
 * @module
 */
import { addInto, subtractInto, type Quantities, type ResourceSpace } from './resources.js';

/** Mesos's default role weight. */
export const DEFAULT_WEIGHT = 1;

/**
 * Quota of a top-level role (Mesos's guarantees and limits), in milli-units.
 * It covers the role's whole subtree.
 */
export interface Quota {
  /** What the subtree is guaranteed; 0 where nothing is. Never above `limit`. */
  readonly guarantee: Quantities;
  /** The most the subtree may consume; Infinity where unlimited. */
  readonly limit: Quantities;
}

/** A role as reservation accounting needs it: its path and its parent's. */
export interface RolePath {
  readonly path: string;
  readonly parent: RolePath | undefined;
}

export class RoleNode {
  readonly children: RoleNode[] = [];
  /** Offered + allocated, summed over the subtree. */
  readonly allocation: Quantities;
  /** Offered + allocated to frameworks whose role is exactly this path. */
  readonly own: Quantities;
  /** Grants received by the subtree (Mesos's allocation count). */
  grants = 0;
  /** Grants received by frameworks of exactly this role. */
  ownGrants = 0;
  /** Registered frameworks whose role is exactly this path (indices). */
  readonly frameworks: number[] = [];
  /**
   * Reservations of the subtree's roles on registered agents that are neither
   * offered nor allocated (milli-units); kept by the agents' reservation books.
   */
  readonly unallocatedReservations: Quantities;
  /** Only top-level roles have quota; undefined: none. */
  quota: Quota | undefined = undefined;

  constructor(
    /** Full path; '' for the root. */
    readonly path: string,
    readonly parent: RoleNode | undefined,
    public weight: number,
    space: ResourceSpace,
  ) {
    this.allocation = space.zero();
    this.own = space.zero();
    this.unallocatedReservations = space.zero();
  }
}

/** Segments that would reach an object's prototype. */
const UNSAFE_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True for '*' or '/'-joined segments of [A-Za-z0-9_.-], none of them '.' or
 * '..', starting with '-', or one of __proto__, constructor and prototype.
 */
export function isValidRole(role: string): boolean {
  if (role === '*') return true;
  return role.split('/').every((s) => /^[A-Za-z0-9_.-]+$/.test(s) && s !== '.' && s !== '..' && !s.startsWith('-') && !UNSAFE_SEGMENTS.has(s));
}

export class RoleTree {
  readonly root: RoleNode;
  readonly #nodes = new Map<string, RoleNode>();

  constructor(
    private readonly space: ResourceSpace,
    private readonly weights: ReadonlyMap<string, number>,
    /** Quota by top-level role path; those roles exist from the start, frameworks or not. */
    quotas: ReadonlyMap<string, Quota> = new Map(),
  ) {
    this.root = new RoleNode('', undefined, DEFAULT_WEIGHT, space);
    for (const [path, quota] of quotas) this.setQuota(path, quota);
  }

  get(path: string): RoleNode | undefined {
    return this.#nodes.get(path);
  }

  /** The node for `path`, creating it and its ancestors. Children stay sorted by path. */
  ensure(path: string): RoleNode {
    const existing = this.#nodes.get(path);
    if (existing !== undefined) return existing;
    const cut = path.lastIndexOf('/');
    const parent = cut < 0 ? this.root : this.ensure(path.slice(0, cut));
    const node = new RoleNode(path, parent, this.weights.get(path) ?? DEFAULT_WEIGHT, this.space);
    this.#nodes.set(path, node);
    parent.children.push(node);
    parent.children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return node;
  }

  setWeight(path: string, weight: number): void {
    this.ensure(path).weight = weight;
  }

  /** Sets or (undefined) removes a top-level role's quota. */
  setQuota(path: string, quota: Quota | undefined): void {
    const node = this.ensure(path);
    if (node.parent !== this.root) throw new Error(`quota on '${path}': only top-level roles have quota`);
    node.quota = quota;
  }

  /** Adds `q` (or subtracts it, sign -1) to the unallocated reservations of `node` and its ancestors. */
  changeUnallocatedReservations(node: RoleNode, q: Quantities, sign: 1 | -1): void {
    for (let n: RoleNode | undefined = node; n !== undefined; n = n.parent) {
      if (sign > 0) addInto(n.unallocatedReservations, q);
      else subtractInto(n.unallocatedReservations, q);
    }
  }

  /** Adds `q` to the node's own allocation and to every ancestor's subtree allocation. */
  allocate(node: RoleNode, q: Quantities): void {
    addInto(node.own, q);
    for (let n: RoleNode | undefined = node; n !== undefined; n = n.parent) addInto(n.allocation, q);
  }

  unallocate(node: RoleNode, q: Quantities): void {
    subtractInto(node.own, q);
    for (let n: RoleNode | undefined = node; n !== undefined; n = n.parent) subtractInto(n.allocation, q);
  }

  /** Counts one grant to a framework of `node`, for the node and its ancestors. */
  countGrant(node: RoleNode): void {
    node.ownGrants++;
    for (let n: RoleNode | undefined = node; n !== undefined; n = n.parent) n.grants++;
  }
}
