/**
 * Scalar resources in fixed point, as Mesos does them.
 *
 * Mesos rounds every scalar to 3 decimals (it works in integer thousandths),
 * so that sums never drift. Here a resource vector is a Float64Array of
 * integer milli-units, one slot per resource name of a {@link ResourceSpace}.
 * Integers up to 2^53 are exact in a double, far beyond any cluster.
 *
 * Units follow Mesos: cpus in cores, mem and disk in MB, gpus in devices, any
 * other name in its own unit.
 *
 * @module
 */

/** A resource vector in milli-units, indexed by a ResourceSpace. */
export type Quantities = Float64Array;

/** Converts a quantity to milli-units the way Mesos does (round to nearest). */
/** price · q, with `price` per unit (not milli-unit) of each resource. */
export function cost(price: Float64Array, q: Quantities): number {
  let c = 0;
  for (let i = 0; i < q.length; i++) if (price[i]! !== 0) c += price[i]! * fromMilli(q[i]!);
  return c;
}

export function toMilli(value: number): number {
  return Math.round(value * 1000);
}

/** Converts milli-units back to the unit of the resource. */
export function fromMilli(milli: number): number {
  return milli / 1000;
}

/** The resource names of one scenario, in a fixed order. */
export class ResourceSpace {
  readonly names: readonly string[];
  readonly #index: Map<string, number>;

  constructor(names: Iterable<string>) {
    const unique = [...new Set(names)];
    this.names = unique;
    this.#index = new Map(unique.map((n, i) => [n, i]));
  }

  get size(): number {
    return this.names.length;
  }

  indexOf(name: string): number | undefined {
    return this.#index.get(name);
  }

  zero(): Quantities {
    return new Float64Array(this.names.length);
  }

  /** From `{ cpus: 0.5, mem: 512 }`; names outside the space throw. */
  fromRecord(record: Readonly<Record<string, number>>): Quantities {
    const q = this.zero();
    for (const [name, value] of Object.entries(record)) {
      const i = this.#index.get(name);
      if (i === undefined) throw new Error(`unknown resource '${name}' (known: ${this.names.join(', ')})`);
      q[i] = toMilli(value);
    }
    return q;
  }

  /** To `{ cpus: 0.5, mem: 512 }`, leaving out zero entries. */
  toRecord(q: Quantities): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < q.length; i++) if (q[i] !== 0) out[this.names[i]!] = fromMilli(q[i]!);
    return out;
  }

  /** Human-readable, e.g. `cpus:0.5,mem:512`. */
  format(q: Quantities): string {
    const parts: string[] = [];
    for (let i = 0; i < q.length; i++) if (q[i] !== 0) parts.push(`${this.names[i]}:${fromMilli(q[i]!)}`);
    return parts.length === 0 ? '{}' : parts.join(',');
  }
}

/** a += b */
export function addInto(a: Quantities, b: Quantities): void {
  for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
}

/** a -= b */
export function subtractInto(a: Quantities, b: Quantities): void {
  for (let i = 0; i < a.length; i++) a[i]! -= b[i]!;
}

/** a − b, as a new vector. */
export function difference(a: Quantities, b: Quantities): Quantities {
  const out = new Float64Array(a);
  subtractInto(out, b);
  return out;
}

/** True when every entry of `a` is <= the matching entry of `b` (Mesos `contains`). */
export function fits(a: Quantities, b: Quantities): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! > b[i]!) return false;
  return true;
}

export function isZero(q: Quantities): boolean {
  for (let i = 0; i < q.length; i++) if (q[i] !== 0) return false;
  return true;
}

export function equal(a: Quantities, b: Quantities): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * True when `q` contains at least one of the `minimum` sets (Mesos's
 * --min_allocatable_resources); with no sets, any non-empty `q`. What the
 * master offers and what an allocator may grant both follow it.
 */
export function meetsMinimum(q: Quantities, minimum: readonly Quantities[]): boolean {
  if (minimum.length === 0) return !isZero(q);
  for (const m of minimum) if (fits(m, q) && !isZero(q)) return true;
  return false;
}

/** True when no entry is negative. */
export function isNonNegative(q: Quantities): boolean {
  for (let i = 0; i < q.length; i++) if (q[i]! < 0) return false;
  return true;
}

/**
 * DRF's dominant share: the largest allocated/total over resource names,
 * skipping names whose total is zero or that are excluded from fair sharing.
 *
 * Computed on the unit values (milli/1000), in the same order of operations as
 * Mesos's sorter, so floating-point ties break the same way.
 */
export function dominantShare(allocated: Quantities, total: Quantities, excluded?: ReadonlySet<number>): number {
  let share = 0;
  for (let i = 0; i < allocated.length; i++) {
    const t = total[i]!;
    if (t <= 0 || excluded?.has(i)) continue;
    const s = allocated[i]! / 1000 / (t / 1000);
    if (s > share) share = s;
  }
  return share;
}
