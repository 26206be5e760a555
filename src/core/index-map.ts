/**
 * A map from small non-negative integers (indices: of agents, of frameworks)
 * to values, iterated in insertion order exactly as a `Map` is: setting a
 * present key keeps its place, deleting and setting it again moves it to the
 * end, and a key deleted while the map is walked (`first`/`after`) is not met
 * again.
 *
 * Why not a `Map`: V8 gives a `Map` a new table when it is cleared and when
 * deletes empty it, so a map that fills and empties at nearly every event of a
 * run (the wait attribution's frameworks to judge and agents freed) allocates
 * at that rate. Here the keys are slots of arrays sized to the largest key
 * seen, linked in insertion order: nothing is allocated once they have grown.
 *
 * @module
 */

/** No key (the end of the order, or a slot not in the map). */
const NONE = -1;
/** A slot whose key is not in the map. */
const ABSENT = -2;

export class IndexMap<V> {
  /** The value at each key (undefined for an absent key, or a present key whose value is undefined). */
  readonly #values: (V | undefined)[] = [];
  /** The next key in insertion order (NONE: the last), or ABSENT. */
  readonly #next: number[] = [];
  /** The previous key in insertion order (NONE: the first). */
  readonly #prev: number[] = [];
  #first = NONE;
  #last = NONE;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(key: number): boolean {
    return key < this.#next.length && this.#next[key] !== ABSENT;
  }

  get(key: number): V | undefined {
    return key < this.#values.length ? this.#values[key] : undefined;
  }

  /** Sets `key` to `value`: a new key goes last, a present one keeps its place. */
  set(key: number, value: V): this {
    if (!Number.isInteger(key) || key < 0) throw new RangeError(`IndexMap: key ${key} is not an index`);
    while (this.#next.length <= key) {
      this.#next.push(ABSENT);
      this.#prev.push(NONE);
      this.#values.push(undefined);
    }
    this.#values[key] = value;
    if (this.#next[key] !== ABSENT) return this;
    this.#next[key] = NONE;
    this.#prev[key] = this.#last;
    if (this.#last === NONE) this.#first = key;
    else this.#next[this.#last] = key;
    this.#last = key;
    this.#size++;
    return this;
  }

  /** Removes `key`; true if it was present. */
  delete(key: number): boolean {
    if (!this.has(key)) return false;
    const next = this.#next[key]!;
    const prev = this.#prev[key]!;
    if (prev === NONE) this.#first = next;
    else this.#next[prev] = next;
    if (next === NONE) this.#last = prev;
    else this.#prev[next] = prev;
    this.#next[key] = ABSENT;
    this.#values[key] = undefined;
    this.#size--;
    return true;
  }

  clear(): void {
    for (let k = this.#first; k !== NONE; ) {
      const next = this.#next[k]!;
      this.#next[k] = ABSENT;
      this.#values[k] = undefined;
      k = next;
    }
    this.#first = this.#last = NONE;
    this.#size = 0;
  }

  /** The first key in insertion order, or −1 when empty. */
  first(): number {
    return this.#first;
  }

  /**
   * The key after `key` in insertion order, or −1 at the end. Read it before
   * deleting `key` when walking: `for (let k = m.first(); k >= 0; k = next) { next = m.after(k); … }`.
   */
  after(key: number): number {
    return this.#next[key]!;
  }

  /** The entries in insertion order, as a Map (a copy: for saving). */
  toMap(): Map<number, V | undefined> {
    const out = new Map<number, V | undefined>();
    for (let k = this.#first; k !== NONE; k = this.#next[k]!) out.set(k, this.#values[k]);
    return out;
  }

  /** Takes the entries of `saved` (a Map, in its order) in place of its own. */
  load(saved: unknown): void {
    if (!(saved instanceof Map)) throw new TypeError('IndexMap: a map to load');
    this.clear();
    for (const [k, v] of saved as Map<number, V>) this.set(k, v);
  }
}
