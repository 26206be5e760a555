/**
 * What an allocator has granted so far within one run, on top of the view.
 *
 * Mesos records each grant in its sorters at once, so the next agent of the
 * same run already sees the new shares; an allocator that must not mutate the
 * view keeps those tentative grants here instead.
 *
 * @module
 */
import { addInto, type Quantities, type ResourceSpace } from '../model/resources.js';
import type { FrameworkView, RoleView } from './types.js';

interface Extra {
  readonly allocation: Quantities;
  grants: number;
}

export class RunLedger {
  /** Bumped on every grant: orders computed at an older version are stale. */
  version = 0;
  readonly #frameworks = new Map<number, Extra>();
  readonly #roles = new Map<RoleView, Extra>();
  readonly #ownRoles = new Map<RoleView, Extra>();

  constructor(private readonly space: ResourceSpace) {}

  record(framework: FrameworkView, q: Quantities): void {
    this.version++;
    this.#add(this.#frameworks, framework.index, q);
    this.#add(this.#ownRoles, framework.role, q);
    for (let n: RoleView | undefined = framework.role; n !== undefined; n = n.parent) this.#add(this.#roles, n, q);
  }

  /** Extra allocation of a framework this run, if any. */
  framework(index: number): Extra | undefined {
    return this.#frameworks.get(index);
  }

  /** Extra allocation of a role's subtree this run, if any. */
  role(node: RoleView): Extra | undefined {
    return this.#roles.get(node);
  }

  /** Extra allocation of frameworks of exactly this role this run, if any. */
  ownRole(node: RoleView): Extra | undefined {
    return this.#ownRoles.get(node);
  }

  #add<K>(map: Map<K, Extra>, key: K, q: Quantities): void {
    let extra = map.get(key);
    if (extra === undefined) map.set(key, (extra = { allocation: this.space.zero(), grants: 0 }));
    addInto(extra.allocation, q);
    extra.grants++;
  }
}
