/**
 * What a validation check returns: rows comparing one simulator figure with an
 * independent reference or a published result. `npm run validate` prints them
 * (validation/validate.ts); the tests under test/validation/ call the same check
 * functions and assert on the same rows, so the two never drift apart.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { estimate } from '../../src/analysis/statistics.js';

/**
 * pass: within the stated tolerance; fail: not; pending: the simulator cannot
 * run the check yet; departure: the simulator differs from the reference
 * exactly as docs/ document it (a deliberate departure, itself checked, so
 * that a change to it shows). Only fail fails a run.
 */
export type Verdict = 'pass' | 'fail' | 'pending' | 'departure';

export interface CheckRow {
  /** The group it belongs to (a section of the table). */
  readonly group: string;
  /** What is compared, in a few words. */
  readonly check: string;
  /** The reference figure (or behaviour), as text. */
  readonly reference: string;
  /** Where the reference comes from: a paper and section, a formula, an independent replay, a Mesos test. */
  readonly source: string;
  /** The simulator's figure, as text. */
  readonly simulator: string;
  /** Simulator − reference, as text (relative or absolute, as the row says). */
  readonly difference: string;
  readonly verdict: Verdict;
  /** Why it failed (the first mismatches), or what the tolerance is. */
  readonly note?: string;
}

/** The repository's root: the nearest folder above `from` with mesos-sim's package.json (from bench/ and dist/bench/ alike). */
export function repoRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mesos-sim') return dir;
    if (dirname(dir) === dir) throw new Error(`no mesos-sim package.json above ${from}`);
  }
}

/** A number in at most `digits` significant digits, without trailing zeros. */
export function num(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/** (sim − ref) / ref as a signed percentage. */
export function percent(sim: number, ref: number, digits = 2): string {
  const d = (100 * (sim - ref)) / ref;
  return `${d >= 0 ? '+' : '−'}${num(Math.abs(d), digits)} %`;
}

/** A row comparing two numbers: passes when |sim − ref| ≤ tolerance × |ref|. */
export function relativeRow(
  base: Pick<CheckRow, 'group' | 'check' | 'source'> & { readonly unit?: string; readonly referenceText?: string },
  sim: number,
  ref: number,
  tolerance: number,
): CheckRow {
  const unit = base.unit === undefined ? '' : ` ${base.unit}`;
  return {
    group: base.group,
    check: base.check,
    source: base.source,
    reference: base.referenceText ?? `${num(ref)}${unit}`,
    simulator: `${num(sim)}${unit}`,
    difference: percent(sim, ref),
    verdict: Math.abs(sim - ref) <= tolerance * Math.abs(ref) ? 'pass' : 'fail',
    note: `tolerance ±${num(100 * tolerance)} %`,
  };
}

/**
 * A row comparing a figure measured over several seeds with a reference:
 * passes when the reference lies in the 95 % confidence interval of the seeds'
 * mean (Student t) and the mean is within `tolerance` × |ref| of it (so that a
 * wide interval cannot pass a poor figure).
 */
export function seedsRow(
  base: Pick<CheckRow, 'group' | 'check' | 'source'> & { readonly unit?: string; readonly referenceText?: string },
  values: readonly number[],
  ref: number,
  tolerance: number,
): CheckRow {
  const e = estimate(values)!;
  const unit = base.unit === undefined ? '' : ` ${base.unit}`;
  const inInterval = e.low <= ref && ref <= e.high;
  const close = Math.abs(e.mean - ref) <= tolerance * Math.abs(ref);
  return {
    group: base.group,
    check: base.check,
    source: base.source,
    reference: base.referenceText ?? `${num(ref)}${unit}`,
    simulator: `${num(e.mean)} ± ${num((e.high - e.low) / 2, 2)}${unit}`,
    difference: percent(e.mean, ref),
    verdict: inInterval && close ? 'pass' : 'fail',
    note: `± is the 95 % CI over ${e.n} seeds; passes when it holds the reference and the mean is within ${num(100 * tolerance)} %${inInterval ? '' : ' (the reference is outside the interval)'}`,
  };
}

/**
 * A row comparing two lists item by item: passes when every item agrees.
 * `show` renders a mismatch; `list`, if given, renders a whole (short) list for
 * the reference and simulator columns, else they give counts.
 */
export function exactRow<T>(
  base: Pick<CheckRow, 'group' | 'check' | 'source'> & { readonly what: string; readonly list?: (xs: readonly T[]) => string },
  sim: readonly T[],
  ref: readonly T[],
  same: (a: T, b: T) => boolean,
  show: (a: T | undefined, b: T | undefined, i: number) => string,
): CheckRow {
  const n = Math.max(sim.length, ref.length);
  const mismatches: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = sim[i];
    const b = ref[i];
    if (a === undefined || b === undefined || !same(a, b)) mismatches.push(show(a, b, i));
  }
  return {
    group: base.group,
    check: base.check,
    source: base.source,
    reference: base.list?.(ref) ?? `${ref.length} ${base.what}`,
    simulator: base.list?.(sim) ?? `${n - mismatches.length} of ${ref.length} agree`,
    difference: `${mismatches.length} differ`,
    verdict: mismatches.length === 0 && sim.length === ref.length ? 'pass' : 'fail',
    ...(mismatches.length > 0 ? { note: mismatches.slice(0, 3).join('; ') } : {}),
  };
}

/** Mean of a non-empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('mean of nothing');
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
