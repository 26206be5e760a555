/**
 * Decline filters, as Mesos keeps them.
 *
 * A framework that declines resources on an agent is not offered that agent
 * again, for a while, unless the agent has more to offer than was declined:
 * a filter blocks a candidate offer only when the refused resources contain it.
 * Filters are keyed by (framework, agent) here; a framework has one role, so
 * this is Mesos's (framework, role, agent) key.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { fits, type Quantities } from './resources.js';

export interface DeclineFilter {
  readonly id: number;
  readonly framework: number;
  readonly agent: number;
  readonly refused: Quantities;
  readonly expires: SimTime;
}

export class DeclineFilters {
  /** framework → agent → filter. At most one filter per pair: a newer one replaces it. */
  readonly #byFramework = new Map<number, Map<number, DeclineFilter>>();
  #nextId = 1;
  #count = 0;

  get size(): number {
    return this.#count;
  }

  add(framework: number, agent: number, refused: Quantities, expires: SimTime): DeclineFilter {
    let byAgent = this.#byFramework.get(framework);
    if (byAgent === undefined) this.#byFramework.set(framework, (byAgent = new Map()));
    if (!byAgent.has(agent)) this.#count++;
    const filter = { id: this.#nextId++, framework, agent, refused, expires };
    byAgent.set(agent, filter);
    return filter;
  }

  /** True when a live filter of `framework` on `agent` contains `candidate`. */
  blocks(framework: number, agent: number, candidate: Quantities): boolean {
    const f = this.#byFramework.get(framework)?.get(agent);
    return f !== undefined && fits(candidate, f.refused);
  }

  /** Removes the filter if it is still the one with this id (it may have been replaced or cleared). */
  expire(filter: DeclineFilter): boolean {
    const byAgent = this.#byFramework.get(filter.framework);
    if (byAgent?.get(filter.agent)?.id !== filter.id) return false;
    byAgent.delete(filter.agent);
    this.#count--;
    return true;
  }

  /** Clears all filters of a framework (revive, deactivation). Returns the agents they covered. */
  clearFramework(framework: number): number[] {
    const byAgent = this.#byFramework.get(framework);
    if (byAgent === undefined) return [];
    this.#byFramework.delete(framework);
    this.#count -= byAgent.size;
    return [...byAgent.keys()];
  }

  /** Clears all filters on an agent (agent removed). */
  clearAgent(agent: number): void {
    for (const byAgent of this.#byFramework.values()) {
      if (byAgent.delete(agent)) this.#count--;
    }
  }
}
