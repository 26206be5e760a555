/**
 * The states built-in allocators save for a checkpoint (Allocator.saveState,
 * docs/checkpoints.md): each a record tagged with the allocator's name, so
 * that loadState refuses a state that is another allocator's, and helpers
 * to check a saved field's kind as it is taken (each throws naming the field).
 *
 * @module
 */
import { record } from '../core/refill.js';

/** A built-in allocator's saved state: its name, and its fields. */
export type SavedState<S extends object> = S & { readonly allocator: string };

/** `fields` tagged with the allocator's `name`. */
export function savedState<S extends object>(name: string, fields: S): SavedState<S> {
  return { allocator: name, ...fields };
}

/** The fields of `saved` when it is a state `name` saved; throws otherwise. */
export function fieldsOf(saved: unknown, name: string): Record<string, unknown> {
  const s = record(saved, `allocator ${name}'s state`);
  if (s['allocator'] !== name) throw new TypeError(`the state of allocator ${String(s['allocator'])} (expected one of allocator ${name})`);
  return s;
}

/** `saved` when it is a Map whose keys and values pass `key` and `value`; throws naming `what`. */
export function mapOf<K, V>(saved: unknown, what: string, key: (k: unknown) => k is K, value: (v: unknown) => v is V): Map<K, V> {
  if (!(saved instanceof Map)) throw new TypeError(`${what}: a map`);
  for (const [k, v] of saved) if (!key(k) || !value(v)) throw new TypeError(`${what}: an entry ${String(k)} of another kind`);
  return saved as Map<K, V>;
}

/** `saved` when it is an array whose items pass `item`; throws naming `what`. */
export function listOf<T>(saved: unknown, what: string, item: (v: unknown) => v is T): T[] {
  if (!Array.isArray(saved) || !saved.every(item)) throw new TypeError(`${what}: a list`);
  return saved as T[];
}

export const isNumber = (v: unknown): v is number => typeof v === 'number';
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** An allocator that keeps nothing from one run to the next: its saved state is its name alone. */
export abstract class KeepsNothing {
  abstract readonly name: string;

  /** Its state as data (docs/checkpoints.md): none but its name. */
  saveState(): SavedState<Record<never, never>> {
    return savedState(this.name, {});
  }

  /** Takes a saveState() in place of its own; throws on another allocator's state. */
  loadState(saved: unknown): void {
    fieldsOf(saved, this.name);
  }
}
