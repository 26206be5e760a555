/**
 * Shares as Mesos's sorters compute them, including grants made earlier in the
 * same run.
 *
 * @module
 */
import type { Quantities } from '../model/resources.js';

/** A client's share from its allocation (plus this run's extra), the cluster total and excluded resources. */
export type ShareFunction = (
  base: Quantities,
  extra: Quantities | undefined,
  total: Quantities,
  excluded: ReadonlySet<number>,
) => number;

/**
 * max over resource names of (base + extra) / total, skipping names whose total
 * is zero and names in `excluded`. Unit values (milli / 1000) are divided in the
 * same order as Mesos, so floating-point ties break as they do there.
 */
export function dominantShareWith(
  base: Quantities,
  extra: Quantities | undefined,
  total: Quantities,
  excluded: ReadonlySet<number>,
): number {
  let share = 0;
  for (let i = 0; i < base.length; i++) {
    const t = total[i]!;
    if (t <= 0 || excluded.has(i)) continue;
    const a = base[i]! + (extra === undefined ? 0 : extra[i]!);
    const s = a / 1000 / (t / 1000);
    if (s > share) share = s;
  }
  return share;
}
