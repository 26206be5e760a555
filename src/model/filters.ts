/**
 * Decline filters, as Mesos keeps them.
 *
 * A framework that declines resources on an agent is not offered that agent
 * again, for a while, unless the agent has more to offer than was declined:
 * a filter blocks a candidate offer only when the refused resources contain it.
 * Filters are kept per (framework, agent); a framework has one role, so this
 * is Mesos's (framework, role, agent) key.
 *
 * Expiry is lazy: no event per filter. A filter installed at c for T seconds is
 * in force before c + T; at exactly c + T it still blocks when T is no longer
 * than the allocation interval. That is the order Mesos's timers give: the
 * batch run at c + T was scheduled at c + T − interval, before the filter's
 * timer (created at c) only when T > interval. `expired(now)` hands back the
 * filters that have run out, so their agents can be looked at again.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { EventQueue, type QueueState } from '../core/event-queue.js';
import { fits, type Quantities } from './resources.js';
import { refill } from '../core/refill.js';

export interface DeclineFilter {
  /** Unique within the run. */
  readonly id: number;
  readonly framework: number;
  readonly agent: number;
  /** What was declined: the filter blocks offers it contains (milli-units). */
  readonly refused: Quantities;
  /** In force before this time (s; Infinity: until cleared). */
  readonly expires: SimTime;
  /** At exactly `expires`, the filter still blocks (its duration is at most the allocation interval). */
  readonly blocksAtExpiry: boolean;
}

/** A pair's filters: one (most pairs: a revive storm adds one per declined offer), or several in age order. */
type PairFilters = DeclineFilter | DeclineFilter[];

/** The pair's filters as a list (a fresh one-element array for a single filter: off the hot path). */
function listOf(p: PairFilters): DeclineFilter[] {
  return Array.isArray(p) ? p : [p];
}

function countOf(p: PairFilters): number {
  return Array.isArray(p) ? p.length : 1;
}

export class DeclineFilters implements Iterable<DeclineFilter> {
  /**
   * framework → agent → the filters of that pair. As in Mesos, a pair may hold
   * several: an offer is blocked when any filter in force contains it. A filter
   * that another filter of the pair contains and outlasts is dropped.
   */
  readonly #byFramework = new Map<number, Map<number, PairFilters>>();
  /** Filters by expiry; entries of filters dropped since are skipped and compacted away. */
  #byExpiry = new EventQueue<DeclineFilter>();
  #nextId = 1;
  #count = 0;

  /** Filters held (in force, or expired but not yet collected). */
  get size(): number {
    return this.#count;
  }

  add(framework: number, agent: number, refused: Quantities, expires: SimTime, blocksAtExpiry: boolean): DeclineFilter {
    let byAgent = this.#byFramework.get(framework);
    if (byAgent === undefined) this.#byFramework.set(framework, (byAgent = new Map()));
    const held = byAgent.get(agent);
    const filter: DeclineFilter = { id: this.#nextId++, framework, agent, refused, expires, blocksAtExpiry };
    if (held === undefined) {
      byAgent.set(agent, filter);
    } else {
      const list = listOf(held);
      // (Plain loops, no closures.)
      let redundant = 0;
      for (const f of list) {
        if (fits(refused, f.refused) && outlasts(f, filter)) return f; // covered
        if (fits(f.refused, refused) && outlasts(filter, f)) redundant++;
      }
      const kept: DeclineFilter[] = [];
      for (const f of list) if (redundant === 0 || !(fits(f.refused, refused) && outlasts(filter, f))) kept.push(f);
      this.#count -= list.length - kept.length;
      kept.push(filter);
      byAgent.set(agent, kept.length === 1 ? filter : kept);
    }
    this.#count++;
    if (Number.isFinite(expires)) {
      this.#byExpiry.add(expires, 0, filter);
      if (this.#byExpiry.size > 2 * this.#count + 1024) this.#compact();
    }
    return filter;
  }

  /** Every filter held (in force, or expired but not yet collected), by framework, then agent, then age. */
  *[Symbol.iterator](): Iterator<DeclineFilter> {
    for (const byAgent of this.#byFramework.values()) {
      for (const held of byAgent.values()) {
        if (Array.isArray(held)) yield* held;
        else yield held;
      }
    }
  }

  /** True when a filter of `framework` on `agent` in force at `now` contains `candidate`. */
  blocks(framework: number, agent: number, candidate: Quantities, now: SimTime): boolean {
    const held = this.#byFramework.get(framework)?.get(agent);
    if (held === undefined) return false;
    if (!Array.isArray(held)) return inForce(held, now) && fits(candidate, held.refused);
    for (const f of held) if (inForce(f, now) && fits(candidate, f.refused)) return true;
    return false;
  }

  /** Removes the filters that are no longer in force at `now` and returns them. */
  expired(now: SimTime): DeclineFilter[] {
    const out: DeclineFilter[] = [];
    const heap = this.#byExpiry;
    while (heap.size > 0 && !inForce(heap.peekEvent()!, now)) {
      const f = heap.next()!;
      const byAgent = this.#byFramework.get(f.framework);
      const held = byAgent?.get(f.agent);
      if (held === undefined) continue;
      if (held === f) {
        byAgent!.delete(f.agent);
      } else {
        const i = Array.isArray(held) ? held.indexOf(f) : -1;
        if (i < 0) continue; // dropped or cleared since
        const list = held as DeclineFilter[];
        list.splice(i, 1);
        if (list.length === 0) byAgent!.delete(f.agent);
      }
      this.#count--;
      out.push(f);
    }
    return out;
  }

  /** Clears all filters of a framework (revive, deactivation). Returns the agents they covered. */
  clearFramework(framework: number): number[] {
    const byAgent = this.#byFramework.get(framework);
    if (byAgent === undefined) return [];
    this.#byFramework.delete(framework);
    for (const held of byAgent.values()) this.#count -= countOf(held);
    return [...byAgent.keys()];
  }

  /** Clears all filters on an agent (agent removed). */
  clearAgent(agent: number): void {
    for (const byAgent of this.#byFramework.values()) {
      const held = byAgent.get(agent);
      if (held === undefined) continue;
      this.#count -= countOf(held);
      byAgent.delete(agent);
    }
  }

  /** Rebuilds the expiry heap from the filters still held, dropping stale entries. */
  #compact(): void {
    const live: DeclineFilter[] = [];
    for (const f of this) if (Number.isFinite(f.expires)) live.push(f);
    live.sort((a, b) => a.expires - b.expires || a.id - b.id);
    this.#byExpiry = new EventQueue<DeclineFilter>();
    for (const f of live) this.#byExpiry.add(f.expires, 0, f);
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): { readonly byFramework: ReadonlyMap<number, Map<number, PairFilters>>; readonly byExpiry: QueueState<DeclineFilter>; readonly nextId: number; readonly count: number } {
    return { byFramework: this.#byFramework, byExpiry: this.#byExpiry.saveState(), nextId: this.#nextId, count: this.#count };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<DeclineFilters['saveState']>): void {
    refill(this.#byFramework, s.byFramework);
    this.#byExpiry.loadState(s.byExpiry);
    this.#nextId = s.nextId;
    this.#count = s.count;
  }
}

/** True when `a` stays in force at least as long as `b`. */
function outlasts(a: DeclineFilter, b: DeclineFilter): boolean {
  return a.expires > b.expires || (a.expires === b.expires && (a.blocksAtExpiry || !b.blocksAtExpiry));
}

function inForce(f: DeclineFilter, now: SimTime): boolean {
  return now < f.expires || (now === f.expires && f.blocksAtExpiry);
}
