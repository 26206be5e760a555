/**
 * V8's heap settings for simulations, set by the `sim` command (main.ts) and
 * the benchmark (perf/bench.ts) before any run, for every user.
 *
 * V8 lets the old generation grow after each full collection by a factor it
 * picks from its own speed, up to 4: a run that keeps hundreds of MB of
 * tasks alive while it makes garbage quickly (every event, offer and result
 * row) peaked at three to four times its live heap. A fixed factor of 1.5
 * (`--heap-growing-percent=50`) holds the peak near 2× the live heap, for
 * about a tenth more CPU time in the more frequent full collections on the
 * large benchmarks (docs/performance.md, "Memory: V8's heap growth").
 *
 * A user's own `node --heap-growing-percent=N` or `--initial-old-space-size=M`
 * wins (0 is V8's default rule for either).
 * The flag is process-wide, so it covers the simulation threads (run-thread.ts,
 * run-pool.ts), which are started later.
 *
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation's growth after a full collection, in percent of what it kept. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * The old generation's size before its first full collection, in MB. With
 * growth held to 1.5, a small run's heap (tens of MB) was collected in full
 * many times as it grew from V8's small start: about a tenth more CPU for
 * `sim run scenarios/quickstart.yaml`, and for every test that runs `sim`.
 * Starting at 256 MB, a run whose heap stays below it is never collected in
 * full for growth, as under V8's own rule; a large run is held to 1.5 once
 * past it.
 */
export const INITIAL_OLD_SPACE_MB = 256;

/** The V8 flags to set, given node's own command-line flags (`process.execArgv`): none that the user set himself. */
export function heapFlags(execArgv: readonly string[]): string[] {
  const own = (name: string): boolean => execArgv.some((a) => new RegExp(`^--${name.replaceAll('-', '[-_]')}\\b`).test(a));
  return [
    ...(own('heap-growing-percent') ? [] : [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]),
    ...(own('initial-old-space-size') ? [] : [`--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`]),
  ];
}

/** Sets heapFlags(process.execArgv) for this process: call it before the first simulation starts. */
export function applyHeapSettings(): void {
  for (const flag of heapFlags(process.execArgv)) setFlagsFromString(flag);
}
