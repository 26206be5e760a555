/**
 * The master's side of a master failover (the fault model is
 * faults/master-failover/runtime.ts): whether a master leads, the allocator's
 * recovery pause, and what the leader's loss and the agents' return do to the
 * books. Both flags are this file's own: the fault model moves them through
 * `lose`, `elected`, `pause` and `resume`.
 *
 * Contract: while no master leads, no agent registers and nothing is
 * allocated; while allocation is paused (a leader with quota roles waiting
 * for enough agents), nothing is allocated. Runs in between keep their
 * candidates awake for the run after.
 *
 * @module
 */
import type { Agent } from '../model/agent.js';
import type { Offer } from '../model/offer.js';
import type { RoleNode, RoleTree } from '../model/roles.js';
import { InvariantError } from '../errors.js';
import type { AllocationTrigger } from './allocation-trigger.js';
import type { Books } from './books.js';
import type { MasterContext } from './context.js';
import type { Offers } from './offers.js';
import type { MasterTasks } from './tasks.js';

export interface FailoverContext extends Pick<MasterContext, 'agents' | 'frameworks'> {
  readonly books: Books;
  readonly offers: Offers;
  readonly trigger: AllocationTrigger;
  readonly roles: RoleTree;
  readonly tasks: MasterTasks;
}

export class Leadership {
  /** False while no master leads. */
  #leading = true;
  /** The allocator's recovery pause after a failover, with quota. */
  #paused = false;

  constructor(private readonly c: FailoverContext) {}

  /** True while a master leads (agents may register). */
  get leading(): boolean {
    return this.#leading;
  }

  /** True while the allocator may run: a master leads and allocation is not paused. */
  get allocating(): boolean {
    return this.#leading && !this.#paused;
  }

  /**
   * The leading master has failed. What only it knew is gone, so its
   * successor starts from scratch: outstanding offers are rescinded without a
   * message (they are returned, for the frameworks to drop when they notice),
   * decline filters and allocation counts are dropped, and every agent and
   * framework leaves the books while its tasks keep running, until it
   * re-registers (`reregister`) or re-subscribes (the master's subscribe).
   */
  lose(): Offer[] {
    const { books, offers } = this.c;
    const lost = [...offers.outstanding.values()];
    for (const offer of lost) offers.rescind(offer, false);
    for (const agent of this.c.agents) if (agent.registered) books.forget(agent);
    for (const fw of this.c.frameworks) {
      offers.filters.clearFramework(fw.index);
      fw.grants = 0;
      if (fw.registered) books.unlist(fw);
    }
    forgetGrants(this.c.roles.root);
    this.c.trigger.reset();
    this.#leading = false;
    this.#paused = false;
    return lost;
  }

  /** A new leader is elected: agents may register again. */
  elected(): void {
    this.#leading = true;
  }

  /** The allocator's recovery pause begins: nothing is allocated until `resume`. */
  pause(): void {
    this.#paused = true;
  }

  /** Ends the recovery pause: agents with free resources are looked at again. */
  resume(): void {
    this.#paused = false;
    this.c.trigger.wakeAllFree();
  }

  /** An agent re-registers with the leader, with the tasks it holds; a run is triggered for it. */
  reregister(agent: Agent): void {
    if (agent.registered || !this.#leading) return;
    this.c.books.restore(agent);
    this.c.trigger.runSoon(agent);
  }

  /** An agent that did not re-register in time (not in the books): its tasks are lost. */
  markUnreachable(agent: Agent): void {
    if (agent.registered) throw new InvariantError(`agent ${agent.name} is registered: it cannot be unreachable`);
    for (const task of [...agent.tasks]) this.c.tasks.end(task, 'lost');
    this.c.offers.filters.clearAgent(agent.index);
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): { readonly leading: boolean; readonly paused: boolean } {
    return { leading: this.#leading, paused: this.#paused };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<Leadership['saveState']>): void {
    this.#leading = s.leading;
    this.#paused = s.paused;
  }
}

/** Sets the allocation counts of the role and its subtree to 0. */
function forgetGrants(node: RoleNode): void {
  node.grants = 0;
  node.ownGrants = 0;
  for (const c of node.children) forgetGrants(c);
}
