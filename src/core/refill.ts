/**
 * Restoring a snapshot in place: an actor's containers and resource vectors
 * may be shared with other actors (the master's `total` is its books' own
 * vector), so a restored actor keeps its objects and refills them with the
 * saved content rather than taking the saved objects. Each function throws
 * when the saved value is not of the live one's kind (or, for a vector, its
 * length): a snapshot of something else.
 *
 * @module
 */

type Vector = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** `live` takes the content of `saved`, in place: a typed array (of the same kind and length), Set, Map or array. */
export function refill<T extends Vector | Set<unknown> | Map<unknown, unknown> | unknown[]>(live: T, saved: unknown): void {
  if (ArrayBuffer.isView(live)) {
    const v = live as Vector;
    if (!ArrayBuffer.isView(saved) || saved.constructor !== v.constructor || (saved as Vector).length !== v.length) throw new RangeError(`a ${v.constructor.name} of ${v.length} (got ${describe(saved)})`);
    v.set(saved as never);
  } else if (live instanceof Set) {
    if (!(saved instanceof Set)) throw new TypeError(`a set (got ${describe(saved)})`);
    live.clear();
    for (const v of saved) live.add(v);
  } else if (live instanceof Map) {
    if (!(saved instanceof Map)) throw new TypeError(`a map (got ${describe(saved)})`);
    live.clear();
    for (const [k, v] of saved) live.set(k, v);
  } else {
    if (!Array.isArray(saved)) throw new TypeError(`an array (got ${describe(saved)})`);
    live.length = 0;
    for (const v of saved) live.push(v);
  }
}

/** `saved` when it is a number (finite or not), else throws naming `what`. */
export function num(saved: unknown, what: string): number {
  if (typeof saved !== 'number') throw new TypeError(`${what}: a number (got ${describe(saved)})`);
  return saved;
}

/** `saved` when it is a boolean, else throws naming `what`. */
export function bool(saved: unknown, what: string): boolean {
  if (typeof saved !== 'boolean') throw new TypeError(`${what}: true or false (got ${describe(saved)})`);
  return saved;
}

/** `saved` as a record of fields, else throws naming `what`. */
export function record(saved: unknown, what: string): Record<string, unknown> {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw new TypeError(`${what}: an object (got ${describe(saved)})`);
  return saved as Record<string, unknown>;
}

const describe = (v: unknown): string => (v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v);

/** `live`, a record of counts, takes the counts of `saved`, which must have exactly its keys, each a number; throws naming `what`. */
export function refillCounts(live: Record<string, number>, saved: unknown, what: string): void {
  const s = record(saved, what);
  const keys = Object.keys(live);
  if (Object.keys(s).sort().join() !== [...keys].sort().join()) throw new RangeError(`${what}: the counts ${keys.join(', ')}`);
  for (const k of keys) live[k] = num(s[k], `${what}: ${k}`);
}
