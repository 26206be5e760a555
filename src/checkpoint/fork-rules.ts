/**
 * What a fork may change. A fork continues a saved run from its moment T
 * under other settings; only what the run has not yet built into its state
 * can change. Everything else is refused, one line per field, naming it and
 * saying why.
 *
 * Can change: `master.allocator` and `master.allocator_options` (the policy
 * from T on). Cannot: the seed (the random streams are drawn up to T), the
 * cluster (its agents are registered), frameworks and workloads (jobs queued
 * and tasks running), roles, pools, the timeline and fault models (scheduled
 * from the start), the master's other settings (built into it), metrics and
 * output (the rows up to T were written under them), the run's end and
 * limits, and the name.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Scenario } from '../scenario/schema.js';

/** One field whose value a fork changes. */
export interface ForkChange {
  /** Its path, dot-separated (as for --set). */
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The fields that may change at a fork: these paths and everything under them. */
export const FORKABLE = ['master.allocator', 'master.allocator_options'] as const;

/** Why each part of a scenario cannot change at a fork at `at` seconds. */
const WHY: readonly (readonly [prefix: string, why: (at: SimTime) => string])[] = [
  ['seed', (at) => `the random streams were drawn from it up to ${at} s`],
  ['name', () => 'it names the run the checkpoint saved'],
  ['cluster', (at) => `the agents are registered by ${at} s`],
  ['frameworks', (at) => `the frameworks' jobs are queued and their tasks running at ${at} s`],
  ['roles', (at) => `the role tree holds the allocations made up to ${at} s`],
  ['pools', (at) => `the pools hold the allocations made up to ${at} s`],
  ['timeline', () => 'the script was scheduled when the run started'],
  ['faults', () => 'the fault models were set up, and drew from their streams, from the start'],
  ['master', () => "the master's settings other than its allocator were built into it at the start"],
  ['metrics', (at) => `the rows up to ${at} s were written under it`],
  ['output', (at) => `the rows up to ${at} s were written under it`],
  ['until', () => "the run's end is part of the saved run"],
  ['limits', () => "the run's limits are part of the saved run"],
];

/** Every field whose value differs between `before` and `after` (plain data; the folder a scenario was read from is not a field). */
export function forkChanges(before: Scenario, after: Scenario): ForkChange[] {
  const { dir: _a, ...a } = before;
  const { dir: _b, ...b } = after;
  const changes: ForkChange[] = [];
  diff(a, b, [], changes);
  return changes;
}

function diff(a: unknown, b: unknown, path: string[], out: ForkChange[]): void {
  if (Object.is(a, b)) return;
  const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if ((Array.isArray(a) && Array.isArray(b)) || (plain(a) && plain(b))) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k], out);
    return;
  }
  out.push({ field: path.join('.'), from: a, to: b });
}

/** True when the fork may change `field`. */
export const forkable = (field: string): boolean => FORKABLE.some((f) => field === f || field.startsWith(`${f}.`));

/** One line for each change a fork at `at` cannot make; empty when every change may be made. */
export function refusedChanges(changes: readonly ForkChange[], at: SimTime): string[] {
  return changes
    .filter((c) => !forkable(c.field))
    .map((c) => {
      const why = WHY.find(([prefix]) => c.field === prefix || c.field.startsWith(`${prefix}.`))?.[1](at) ?? 'it is part of the saved run';
      return `sim: ${c.field}: cannot change at a fork at ${at} s: ${why} (expected changes to ${FORKABLE.join(' or ')} only; got ${shown(c.from)} -> ${shown(c.to)})`;
    });
}

const shown = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v).slice(0, 80));
