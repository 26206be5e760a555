/**
 * A framework as the master and the allocator know it: its role, whether it
 * wants offers, and what it holds. Never its tasks or queue: those are the
 * framework's own business (see framework/scheduler.ts).
 *
 * @module
 */
import type { Quantities, ResourceSpace } from './resources.js';
import type { RoleNode } from './roles.js';
import type { TaskRequest } from './work-view.js';

export class FrameworkRecord {
  registered = false;
  /** Suppressed frameworks get no offers, but what they hold still counts. */
  suppressed = false;
  /** Offered + allocated to this framework. */
  readonly allocation: Quantities;
  /** Grants received (the DRF tie-break count); never decremented. */
  grants = 0;
  /** Money paid for its launched tasks. */
  spent = 0;
  /** What its outstanding priced offers would cost if all used. */
  committed = 0;
  /** The most it may spend (Infinity: no budget). */
  budget = Infinity;
  /** The most it pays per unit of a priced resource (Infinity: no ceiling). */
  maxPrice = Infinity;
  constructor(
    readonly index: number,
    readonly name: string,
    readonly role: RoleNode,
    /** Has Mesos's GPU_RESOURCES capability. */
    readonly gpuCapable: boolean,
    space: ResourceSpace,
    /**
     * Its next unlaunched tasks as requests (at most `limit`, oldest first): what
     * Mesos's requestResources call would tell the allocator (asked of its scheduler).
     */
    readonly requests: (limit: number) => readonly TaskRequest[] = () => [],
  ) {
    this.allocation = space.zero();
  }

  /** Registered and not suppressed: the allocator may offer to it. */
  get active(): boolean {
    return this.registered && !this.suppressed;
  }
}
