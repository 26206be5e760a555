/**
 * The breakdown of waiting by cause per policy (sim compare's text, sim
 * report's stacked bars), from summary.json `waits` (metrics/waits.ts), and
 * the words each cause is shown with.
 *
 * @module
 */
import { WAIT_CAUSES, type WaitCause } from '../metrics/wait-causes.js';
import type { Summary } from '../run.js';

/** Each cause in a few words, in waits.csv's column order. */
export const WAIT_PHRASES: Record<WaitCause, string> = {
  stage_parents: "waiting for its stage's parents",
  retry_backoff: 'after a preemption or failure, until resubmitted (retry back-off)',
  allocation_interval: 'waiting for the next allocation run',
  offers_elsewhere: "resources on offer to other frameworks",
  filtered: "its framework's decline filters",
  suppressed: 'its framework suppressed',
  cluster_full: 'cluster full',
  fragmentation: 'room in total, but on no single agent',
  held_back: 'held back (quota, pool capacity, reservation)',
  decision: "its framework's decision",
  gang_siblings: "waiting for room for its gang's siblings",
  agent_unavailable: 'agents down or in maintenance',
  launching: 'launching (accepted, on its way to its agent)',
};

/** A policy's waiting by cause: the share of each cause in all its waiting, the mean over its runs (runs without `waits` left out). */
export interface PolicyWaits {
  readonly policy: string;
  /** Runs with waits figures. */
  readonly runs: number;
  /** Mean seconds of waiting per run. */
  readonly seconds: number;
  readonly shares: Record<WaitCause, number>;
}

export function policyWaits(runs: readonly { readonly allocator: string; readonly summary: Summary }[], policies: readonly string[]): PolicyWaits[] {
  return policies.map((policy) => {
    const mine = runs.filter((r) => r.allocator === policy && r.summary.waits !== undefined).map((r) => r.summary.waits!.all);
    const shares = Object.fromEntries(WAIT_CAUSES.map((c) => [c, mean(mine.map((w) => w.causes[c]?.share ?? 0))])) as Record<WaitCause, number>;
    return { policy, runs: mine.length, seconds: mean(mine.map((w) => w.seconds)), shares };
  });
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Causes with a share in any policy, in column order. */
export function causesShown(waits: readonly PolicyWaits[]): WaitCause[] {
  return WAIT_CAUSES.filter((c) => waits.some((w) => w.shares[c] > 0));
}

/** sim compare's lines: a row per cause, a column per policy, the share of all waiting in %. */
export function formatPolicyWaits(waits: readonly PolicyWaits[]): string[] {
  const shown = causesShown(waits);
  if (shown.length === 0 || waits.every((w) => w.runs === 0)) return [];
  const header = ['waiting by cause (% of all waiting)', ...waits.map((w) => w.policy)];
  const rows = shown.map((c) => [c, ...waits.map((w) => (w.runs === 0 ? '-' : `${(100 * w.shares[c]).toFixed(1)}%`))]);
  rows.push(['wait s per run', ...waits.map((w) => (w.runs === 0 ? '-' : w.seconds.toFixed(0)))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
