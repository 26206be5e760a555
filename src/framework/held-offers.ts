/**
 * The offers a framework holds (hold_offers), kept between its decisions as
 * the slots placement.ts would make of them, so that a decision costs what it
 * examines and changes, not the number of offers held.
 *
 * Held offers are in hold order (the order they were first kept). They are
 * grouped as Slots groups a batch: all unpriced offers of one agent for one
 * pool are one group, their resources summed in hold order (as Slot.combine
 * sums them); a priced offer is a group of its own. A group's position is its
 * first offer's place in hold order, and a MaxTree over positions holds each
 * group's sum, so the first group in order with room for a need is found
 * without walking the others.
 *
 * `place` decides on the held offers followed by a fresh batch exactly as
 * placeTasks decides on `[...held, ...fresh]`: the same slots in the same
 * order (a fresh offer joins its agent's held group after the held offers),
 * the same first-fit and best-fit choices, the same counts of jobs and tasks
 * examined. It builds a Slot only for a held group it places a task on or
 * that a fresh offer joins; the placement it returns lists those, in order,
 * then the fresh slots: a held slot left out was not used and stays held, so
 * it would get no answer.
 *
 * Cost: add O(log n × resources); delete O(k + log n × resources) for a group
 * of k offers; a decision O(fresh + examined held groups × log n × resources),
 * where n is the number of held offers (positions are renumbered, in O(n),
 * after about n holds).
 *
 * @module
 */
import { addInto, type Quantities } from '../model/resources.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import type { JobQueue } from './job-queue.js';
import { MaxTree } from '../core/max-tree.js';
import { localityLevel, placeOn, placeTasks, Slots, type OpenSlots, type Placement, type PlacementLimits } from './placement.js';
import { offerDeadline, poolAdmits, Slot } from './slot.js';

/** Held offers a framework uses as one: all unpriced offers of one agent for one pool, in hold order; or one priced offer. */
interface Group {
  readonly offers: Offer[];
  /** Their resources, summed in hold order (read-only: the first offer's own vector while it is alone, see `owned`). */
  sum: Float64Array;
  /** `sum` is the group's own vector (else the lone offer's, which is never written: offers are never changed once made). */
  owned: boolean;
  /** Its position: its first offer's place in hold order. */
  at: number;
  readonly agent: number;
  readonly pool: string | undefined;
  readonly priced: boolean;
}

interface Entry {
  /** Its place in hold order. */
  seq: number;
  readonly group: Group;
  readonly offer: Offer;
}

const MIN_CAPACITY = 64;

/** Sets the group's sum from its offers, in order: the lone offer's own vector (not copied), else a fresh sum. */
function resum(group: Group): void {
  const offers = group.offers;
  if (offers.length === 1) {
    group.sum = offers[0]!.resources;
    group.owned = false;
    return;
  }
  const sum = new Float64Array(offers[0]!.resources);
  for (let i = 1; i < offers.length; i++) addInto(sum, offers[i]!.resources);
  group.sum = sum;
  group.owned = true;
}

export class HeldOffers {
  /** Each held offer by id, in hold order (a Map keeps insertion order), with its place and group (ids: no object hashed). */
  readonly #entries = new Map<number, Entry>();
  /** Each agent's unpriced groups (one per pool), by agent index (undefined: none; an array kept dense, never holey). */
  #unpriced: (Group[] | undefined)[] = [];
  /** The group at each position. */
  #at: (Group | undefined)[] = [];
  #tree: MaxTree | undefined;
  #next = 0;
  #groups = 0;
  /** Groups whose first offer carries an unavailability. */
  #timed = 0;

  get size(): number {
    return this.#entries.size;
  }

  /** The held offers, in the order they were held (adding them in this order to an empty HeldOffers gives the same groups in the same order). */
  inHoldOrder(): Offer[] {
    const out: Offer[] = [];
    for (const entry of this.#entries.values()) out.push(entry.offer);
    return out;
  }

  has(offer: Offer): boolean {
    return this.#entries.get(offer.id)?.offer === offer;
  }

  /** Holds `offer`, after every offer held so far. An offer granted for named jobs cannot be held (it combines with nothing). */
  add(offer: Offer): void {
    if (offer.forJobs !== undefined) throw new Error(`offer ${offer.id} was granted for named jobs and cannot be held`);
    if (this.#entries.has(offer.id)) throw new Error(`offer ${offer.id} is already held`);
    if (this.#tree === undefined || this.#next === this.#tree.capacity) this.#renumber(offer.resources.length);
    const seq = this.#next++;
    const same = offer.price === undefined ? this.unpricedGroup(offer.agent, offer.pool) : undefined;
    if (same !== undefined) {
      same.offers.push(offer);
      if (!same.owned) {
        same.sum = new Float64Array(same.sum);
        same.owned = true;
      }
      addInto(same.sum, offer.resources);
      this.#entries.set(offer.id, { seq, group: same, offer });
      this.#tree!.set(same.at, same.sum);
      return;
    }
    const group: Group = { offers: [offer], sum: offer.resources, owned: false, at: seq, agent: offer.agent, pool: offer.pool, priced: offer.price !== undefined };
    this.#entries.set(offer.id, { seq, group, offer });
    if (!group.priced) {
      const unpriced = this.#unpriced;
      while (unpriced.length <= offer.agent) unpriced.push(undefined);
      const list = unpriced[offer.agent];
      if (list === undefined) unpriced[offer.agent] = [group];
      else list.push(group);
    }
    this.#groups++;
    this.#place(group);
  }

  /** Stops holding `offer`; false if it was not held. */
  delete(offer: Offer): boolean {
    const entry = this.#entries.get(offer.id);
    if (entry === undefined || entry.offer !== offer) return false;
    this.#entries.delete(offer.id);
    const group = entry.group;
    const i = group.offers.indexOf(offer);
    group.offers.splice(i, 1);
    if (i === 0) this.#unplace(group, offer);
    if (group.offers.length === 0) {
      this.#groups--;
      const list = this.#unpriced[group.agent];
      if (list !== undefined && !group.priced) {
        if (list.length === 1) this.#unpriced[group.agent] = undefined;
        else list.splice(list.indexOf(group), 1);
      }
      return true;
    }
    // Summed again from the start, as a batch of the remaining offers would be.
    resum(group);
    if (i === 0) {
      group.at = this.#entries.get(group.offers[0]!.id)!.seq;
      this.#place(group);
    } else {
      this.#tree!.set(group.at, group.sum);
    }
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#unpriced = [];
    this.#at = [];
    this.#tree = undefined;
    this.#next = this.#groups = this.#timed = 0;
  }

  /**
   * Places the queue's tasks on the held offers followed by `fresh`, as
   * placeTasks(queue, [...held, ...fresh]) does; the slots returned are the
   * held ones used or joined by a fresh offer, then the fresh ones. Changes
   * nothing held: the caller stops holding what it accepts and holds what it
   * keeps.
   */
  place(queue: JobQueue, fresh: readonly Offer[], limits: PlacementLimits, now: number): Placement {
    if (this.#tree === undefined) return placeTasks(queue, fresh, limits, now);
    const slots = new HeldSlots(this, this.#tree!, fresh, limits.tasksPerOffer, limits.avoidUnavailable === true);
    const examined = placeOn(queue, slots, limits, now);
    return { slots: slots.finish(), ...examined };
  }

  /** The unpriced group of `agent` for `pool`, if one is held. */
  unpricedGroup(agent: number, pool: string | undefined): Group | undefined {
    const list = this.#unpriced[agent];
    if (list === undefined) return undefined;
    for (const g of list) if (g.pool === pool) return g;
    return undefined;
  }

  /** The group at position `at` (a position the MaxTree found). */
  groupAt(at: number): Group {
    return this.#at[at]!;
  }

  get groups(): number {
    return this.#groups;
  }

  /** How many groups' first offer carries an unavailability. */
  get timedGroups(): number {
    return this.#timed;
  }

  #place(group: Group): void {
    this.#at[group.at] = group;
    if (group.offers[0]!.unavailability !== undefined) this.#timed++;
    this.#tree!.set(group.at, group.sum);
  }

  /** Takes the group from its position, where `first` (just removed from it) put it. */
  #unplace(group: Group, first: Offer): void {
    this.#at[group.at] = undefined;
    if (first.unavailability !== undefined) this.#timed--;
    this.#tree!.set(group.at, undefined);
  }

  /** Renumbers the held offers 0, 1, … in hold order into a new tree with room for as many holds again. */
  #renumber(width: number): void {
    const tree = new MaxTree(Math.max(MIN_CAPACITY, 2 * (this.#entries.size + 1)), width);
    this.#at = [];
    let seq = 0;
    for (const entry of this.#entries.values()) {
      entry.seq = seq;
      if (entry.group.offers[0] === entry.offer) {
        entry.group.at = seq;
        this.#at[seq] = entry.group;
        tree.load(seq, entry.group.sum);
      }
      seq++;
    }
    tree.rebuild();
    this.#tree = tree;
    this.#next = seq;
  }
}

/**
 * One decision's slots: the held groups, in order (through the MaxTree: each
 * group's sum or, once touched, what its Slot has left; −∞ once full), then
 * the fresh offers that joined no held group (a Slots). `finish` puts the
 * tree's positions of touched groups back to their sums.
 */
class HeldSlots implements OpenSlots {
  readonly timed: boolean;
  readonly #held: HeldOffers;
  readonly #tree: MaxTree;
  readonly #fresh: Slots;
  readonly #limit: number;
  readonly #avoid: boolean;
  /** The Slot of each held group placed on, examined by a placement, or joined by a fresh offer in this decision. */
  readonly #slotOf = new Map<Group, Slot>();
  readonly #groupOf = new Map<Slot, Group>();
  /** Held groups still open: fewer tasks than the limit. */
  #open: number;

  constructor(held: HeldOffers, tree: MaxTree, fresh: readonly Offer[], limit: number, avoid: boolean) {
    this.#held = held;
    this.#tree = tree;
    this.#limit = limit;
    this.#avoid = avoid;
    const rest: Offer[] = [];
    for (const offer of fresh) {
      // As Slot.combines: only an unpriced offer not granted for named jobs joins (held groups are never either).
      const group = offer.price === undefined && offer.forJobs === undefined ? held.unpricedGroup(offer.agent, offer.pool) : undefined;
      if (group === undefined) {
        rest.push(offer);
        continue;
      }
      const slot = this.#slot(group);
      slot.combine(offer);
      tree.set(group.at, slot.remaining);
    }
    this.#fresh = new Slots(rest, limit, avoid);
    this.#open = limit > 0 ? held.groups : 0;
    this.timed = (avoid && held.timedGroups > 0) || this.#fresh.timed;
  }

  get anyOpen(): boolean {
    return this.#open > 0 || this.#fresh.anyOpen;
  }

  couldHold(smallest: Quantities): boolean {
    return this.couldHoldRow(smallest, 0);
  }

  /** Against the entry-wise maximum of the held groups (exact) and the fresh slots' bound: one bound over all, as Slots keeps. */
  couldHoldRow(table: Quantities, at: number): boolean {
    if (!this.anyOpen) return false;
    const bound = this.#fresh.bound;
    for (let j = 0; j < this.#tree.width; j++) {
      let most = bound.length > 0 ? bound[j]! : 0;
      if (this.#open > 0) most = Math.max(most, this.#tree.rootEntry(j));
      if (table[at + j]! > most) return false;
    }
    return true;
  }

  firstFit(need: Quantities, task: Task, end = 0): Slot | undefined {
    if (this.#open > 0) {
      const at = this.#tree.find(need, (i) => this.#admits(i, task, end));
      if (at >= 0) return this.#slot(this.#held.groupAt(at));
    }
    return this.#fresh.firstFit(need, task, end);
  }

  bestFit(task: Task, rackOf: readonly (string | undefined)[], end = 0): [Slot, number] | undefined {
    if (this.#open === 0) return this.#fresh.bestFit(task, rackOf, end);
    let best = -1;
    let bestLevel = Infinity;
    this.#tree.forEachFit(task.resources, (i) => {
      if (!this.#admits(i, task, end)) return false;
      const level = localityLevel(task, this.#held.groupAt(i).agent, rackOf);
      if (level < bestLevel) [best, bestLevel] = [i, level];
      return level === 0;
    });
    // A held slot comes before every fresh one: it wins a tie.
    const fresh = bestLevel === 0 ? undefined : this.#fresh.bestFit(task, rackOf, end);
    if (best >= 0 && (fresh === undefined || bestLevel <= fresh[1])) return [this.#slot(this.#held.groupAt(best)), bestLevel];
    return fresh;
  }

  take(slot: Slot, task: Task): void {
    const group = this.#groupOf.get(slot);
    if (group === undefined) return this.#fresh.take(slot, task);
    slot.take(task);
    if (slot.tasks.length === this.#limit) this.#open--;
    this.#tree.set(group.at, slot.tasks.length >= this.#limit ? undefined : slot.remaining);
  }

  giveBack(slot: Slot, task: Task): void {
    const group = this.#groupOf.get(slot);
    if (group === undefined) return this.#fresh.giveBack(slot, task);
    if (slot.tasks.length === this.#limit) this.#open++;
    slot.giveBack(task);
    this.#tree.set(group.at, slot.remaining);
  }

  /** The slots to answer: the touched held ones in order, then the fresh ones. Puts the touched groups' positions back to their sums. */
  finish(): Slot[] {
    const touched = [...this.#slotOf.keys()].sort((a, b) => a.at - b.at);
    for (const group of touched) this.#tree.set(group.at, group.sum);
    return [...touched.map((g) => this.#slotOf.get(g)!), ...this.#fresh.all];
  }

  /** Slot.admits, the deadline and the limit for the group at `at`, whose room the tree has checked. */
  #admits(at: number, task: Task, end: number): boolean {
    const group = this.#held.groupAt(at);
    const slot = this.#slotOf.get(group);
    if (slot !== undefined) return slot.tasks.length < this.#limit && end <= slot.deadline && slot.admits(task);
    return end <= offerDeadline(group.offers[0]!, this.#avoid) && poolAdmits(group.pool, task);
  }

  /** The group's Slot for this decision, made from its offers in hold order the first time. */
  #slot(group: Group): Slot {
    let slot = this.#slotOf.get(group);
    if (slot === undefined) {
      slot = new Slot(group.offers[0]!, this.#avoid);
      for (let i = 1; i < group.offers.length; i++) slot.combine(group.offers[i]!);
      this.#slotOf.set(group, slot);
      this.#groupOf.set(slot, group);
    }
    return slot;
  }
}
