/**
 * Checks of a trace reader's saved state (a checkpoint's, src/checkpoint/
 * snapshot.ts) before a reader takes it: each `loadState` of src/workload/
 * traces throws a TypeError naming the field that does not fit when the
 * state cannot be its own (another reader's, another format's, or not data
 * a `saveState()` makes).
 *
 * @module
 */

/** A saved state's fields. */
export type Saved = Readonly<Record<string, unknown>>;

/** Throws: `saved` cannot be the state it was given to. */
export function notOwn(what: string): never {
  throw new TypeError(`a trace reader's state: ${what}`);
}

/** `saved` as the state of a `kind` (its `kind` field); throws when it is not one. */
export function savedOf(saved: unknown, kind: string): Saved {
  const k = typeof saved === 'object' && saved !== null ? (saved as Saved).kind : undefined;
  if (k !== kind) notOwn(`the state of ${typeof k === 'string' ? `a ${k}` : 'no reader'} (expected the state of a ${kind})`);
  return saved as Saved;
}

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'an array' : 'an object') : String(v));

/** Field `field` of `s`, checked by `ok`; throws naming the field and `expected` when it fails. */
function field<T>(s: Saved, name: string, ok: (v: unknown) => boolean, expected: string): T {
  const v = s[name];
  if (!ok(v)) notOwn(`${String(s.kind ?? '')} field ${name} is ${shown(v)} (expected ${expected})`);
  return v as T;
}

export const countIn = (s: Saved, name: string): number => field(s, name, (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a whole number >= 0');
/** A number, ±Infinity included (not NaN). */
export const numberIn = (s: Saved, name: string): number => field(s, name, (v) => typeof v === 'number' && !Number.isNaN(v), 'a number');
export const booleanIn = (s: Saved, name: string): boolean => field(s, name, (v) => typeof v === 'boolean', 'true or false');
export const stringIn = (s: Saved, name: string): string => field(s, name, (v) => typeof v === 'string', 'a string');
export const arrayIn = (s: Saved, name: string): unknown[] => field(s, name, Array.isArray, 'an array');
export const mapIn = <K, V>(s: Saved, name: string): Map<K, V> => field(s, name, (v) => v instanceof Map, 'a Map');
/** Counts by reason: an object of whole numbers. */
export const countsIn = (s: Saved, name: string): Record<string, number> =>
  field(s, name, (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((n) => Number.isSafeInteger(n) && (n as number) >= 0), 'counts by reason');
/** An object (the fields of a part). */
export const objectIn = (s: Saved, name: string): Saved => field(s, name, (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object');
