/**
 * The outstanding offers by id, oldest first: a read-only Map to its readers,
 * kept without a hash table on the hot path. A revive storm makes and closes
 * millions of offers, each once: an offer's id is its place in an array
 * (`id − first`), so adding and removing one is an array write.
 *
 * Contract: ids are added in increasing order (the master numbers offers as it
 * makes them). Iteration is in id order, which is the order offers were added,
 * as a Map's would be. Memory stays proportional to the outstanding offers:
 * the array drops its closed head, and offers left outstanding while many
 * newer ones came and went (a framework that stopped answering) move to a Map
 * of old offers, so that they hold no hole open.
 *
 * @module
 */
import type { Offer } from './offer.js';

/** Holes the array may hold beyond its live offers before it is compacted. */
const SLACK = 4096;

export class OfferBook implements ReadonlyMap<number, Offer> {
  /** Offers older than `#first`, moved out of the array, by id in increasing order. */
  readonly #old = new Map<number, Offer>();
  /** slots[i] is the offer with id `#first + i` while outstanding; undefined once closed. */
  #slots: (Offer | undefined)[] = [];
  /** The id of slots[0]. */
  #first = 0;
  /** Index of the first outstanding offer in `#slots` (slots.length when none). */
  #head = 0;
  /** Outstanding offers in `#slots`. */
  #live = 0;

  get size(): number {
    return this.#old.size + this.#live;
  }

  /** Array slots held, live or closed (what its memory grows with; at most about twice the live offers plus 4,096). */
  get slotsHeld(): number {
    return this.#slots.length;
  }

  /** Takes `saved` (a restored run's outstanding offers, by increasing id) in place of its own, which must be none yet. */
  load(saved: unknown): void {
    if (this.#slots.length !== 0) throw new RangeError('offers restored into a book that has held some');
    if (!Array.isArray(saved)) throw new TypeError(`an array of offers (got ${typeof saved})`);
    for (const offer of saved as Offer[]) this.add(offer);
  }

  /** Adds an outstanding offer; its id must be greater than every id added before. */
  add(offer: Offer): void {
    const slots = this.#slots;
    if (slots.length === 0) this.#first = offer.id;
    const at = offer.id - this.#first;
    if (!(at >= slots.length)) throw new Error(`offer ${offer.id} added out of order`);
    while (slots.length < at) slots.push(undefined); // ids skipped (none, as the master numbers them)
    slots.push(offer);
    this.#live++;
  }

  /** Removes the offer with `id`; true if it was outstanding. */
  delete(id: number): boolean {
    const at = id - this.#first;
    const slots = this.#slots;
    if (at >= 0 && at < slots.length) {
      if (slots[at] === undefined) return false;
      slots[at] = undefined;
      this.#live--;
      if (at === this.#head) this.#advance();
      else if (slots.length - this.#head > 2 * this.#live + SLACK) this.#retireHead();
      return true;
    }
    return this.#old.delete(id);
  }

  get(id: number): Offer | undefined {
    const at = id - this.#first;
    if (at >= 0 && at < this.#slots.length) return this.#slots[at];
    return this.#old.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** The outstanding offers oldest first, as they are when it is called (a copy: the book may change meanwhile). */
  values(): MapIterator<Offer> {
    const out = [...this.#old.values()];
    const slots = this.#slots;
    for (let i = this.#head; i < slots.length; i++) if (slots[i] !== undefined) out.push(slots[i]!);
    return out.values();
  }

  *keys(): MapIterator<number> {
    for (const o of this.values()) yield o.id;
  }

  *entries(): MapIterator<[number, Offer]> {
    for (const o of this.values()) yield [o.id, o];
  }

  [Symbol.iterator](): MapIterator<[number, Offer]> {
    return this.entries();
  }

  forEach(callback: (value: Offer, key: number, map: ReadonlyMap<number, Offer>) => void, thisArg?: unknown): void {
    for (const o of this.values()) callback.call(thisArg, o, o.id, this);
  }

  /** The head offer closed: skip to the next outstanding one, and drop the closed head once it is long. */
  #advance(): void {
    const slots = this.#slots;
    let head = this.#head;
    while (head < slots.length && slots[head] === undefined) head++;
    this.#head = head;
    if (head === slots.length) {
      this.#first += head;
      this.#slots = [];
      this.#head = 0;
    } else if (head > SLACK && 2 * head > slots.length) {
      this.#slots = slots.slice(head);
      this.#first += head;
      this.#head = 0;
    }
  }

  /** Too many holes behind an old offer: the offers before the newest half move to `#old`, in id order. */
  #retireHead(): void {
    const slots = this.#slots;
    const keep = slots.length >> 1;
    for (let i = this.#head; i < keep; i++) {
      const o = slots[i];
      if (o !== undefined) {
        this.#old.set(o.id, o);
        this.#live--;
      }
    }
    this.#slots = slots.slice(keep);
    this.#first += keep;
    this.#head = 0;
    this.#advance();
  }
}
