/**
 * Sorters: only the order in which clients (roles at one level of the tree, or
 * the frameworks of one role) are offered resources, as in Mesos's Sorter.
 *
 * @module
 */
import type { Random } from '../core/random.js';

export interface SortClient<T> {
  readonly item: T;
  /** Weighted dominant share (allocation / cluster total, then / weight). */
  readonly share: number;
  /** Grants so far (tie-break). */
  readonly grants: number;
  /** Full path or name (final tie-break, byte-wise). */
  readonly key: string;
  readonly weight: number;
}

export interface Sorter {
  readonly name: string;
  /** True when the order depends only on the clients (so it may be cached until they change). */
  readonly deterministic: boolean;
  /** Returns the clients in the order they should be offered resources: a total order. */
  order<T>(clients: SortClient<T>[], random: Random): SortClient<T>[];
  /**
   * A deterministic sorter's order as a comparison (`order` sorts with it, stably),
   * so that an allocator may keep the order and move only the clients that change
   * (client-order.ts). Undefined: the allocator asks `order` each time.
   */
  readonly compare?: (a: SortClient<unknown>, b: SortClient<unknown>) => number;
}

/** Byte-wise string comparison, as C++ std::string compares (so 'fw10' < 'fw2'). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
