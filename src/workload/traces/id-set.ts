/**
 * The ids of a trace's jobs seen so far, in 8 bytes a slot of a table at
 * most half full (16 to 32 bytes an id, in typed arrays), so that a
 * streamed trace of millions of jobs can still tell a repeated id (common.ts
 * skips the job as `duplicate_id`). An id is kept as a 64-bit hash (two
 * 32-bit FNV-1a hashes with different offsets), not as text: two different
 * ids are taken for one with a probability below 3e-6 for ten million jobs.
 *
 * @module
 */

/** The hashes `hashes` computed last (module scratch, so that hashing allocates nothing). */
let hashHi = 0;
let hashLo = 0;

/** Two 32-bit FNV-1a hashes of `s` (over its UTF-16 code units), with different offset bases, into hashHi and hashLo. */
function hashes(s: string): void {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  a >>>= 0;
  b >>>= 0;
  // (0, 0) marks an empty slot.
  hashHi = a;
  hashLo = a === 0 && b === 0 ? 1 : b;
}

export class IdSet {
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  #size = 0;

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    if (2 * (this.#size + 1) > this.#hi.length) this.#grow();
    hashes(id);
    const h = hashHi;
    const l = hashLo;
    const mask = this.#hi.length - 1;
    for (let i = (h ^ Math.imul(l, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const ih = this.#hi[i]!;
      const il = this.#lo[i]!;
      if (ih === 0 && il === 0) {
        this.#hi[i] = h;
        this.#lo[i] = l;
        this.#size++;
        return true;
      }
      if (ih === h && il === l) return false;
    }
  }

  /** Its table, as data (a checkpoint's). */
  saveState(): { readonly hi: Uint32Array; readonly lo: Uint32Array; readonly size: number } {
    return { hi: this.#hi.slice(), lo: this.#lo.slice(), size: this.#size };
  }

  /** Takes a saveState() in place of its table; throws when `saved` cannot be one. */
  loadState(saved: Readonly<Record<string, unknown>>): void {
    const { hi, lo, size } = saved;
    const n = hi instanceof Uint32Array ? hi.length : 0;
    if (!(hi instanceof Uint32Array) || !(lo instanceof Uint32Array) || lo.length !== n || n < 1024 || (n & (n - 1)) !== 0 || !Number.isSafeInteger(size) || 2 * (size as number) > n) {
      throw new TypeError('a set of job ids: two tables of 2^k >= 1024 slots, at most half full');
    }
    this.#hi = hi.slice();
    this.#lo = lo.slice();
    this.#size = size as number;
  }

  #grow(): void {
    const [hi, lo] = [this.#hi, this.#lo];
    this.#hi = new Uint32Array(hi.length * 2);
    this.#lo = new Uint32Array(lo.length * 2);
    const mask = this.#hi.length - 1;
    for (let j = 0; j < hi.length; j++) {
      const h = hi[j]!;
      const l = lo[j]!;
      if (h === 0 && l === 0) continue;
      let i = (h ^ Math.imul(l, 0x9e3779b1)) & mask;
      while (this.#hi[i] !== 0 || this.#lo[i] !== 0) i = (i + 1) & mask;
      this.#hi[i] = h;
      this.#lo[i] = l;
    }
  }
}
