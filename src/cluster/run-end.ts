/**
 * When a run is over. With a finite `until` the run stops at that time. With
 * `until: drained` it stops once every task has ended and nothing more can
 * come (no job, no retry, no stage waiting), or as stalled: nothing has
 * started or ended for `stallTimeout` seconds while nothing but periodic
 * events could still happen (tasks left can never start).
 *
 * @module
 */
import type { Clock } from '../core/simulation.js';
import type { WorkCounts } from '../framework/work-counts.js';
import type { FaultHooks } from './fault-hooks.js';
import type { EndReason, WorldSpec } from '../world-spec.js';

export interface RunEndSources {
  readonly clock: Clock;
  /** The frameworks' work in progress. */
  readonly work: WorkCounts;
  /** Some job has stages waiting for their parents. */
  readonly unreleased: () => boolean;
  /** Scripted events still to come. */
  readonly scripted: () => number;
  readonly faults: FaultHooks;
}

export class RunEnd {
  constructor(
    private readonly spec: Pick<WorldSpec, 'until' | 'stallTimeout'>,
    private readonly s: RunEndSources,
  ) {}

  /** After an event: why the run ends now, or undefined when it goes on (a finite `until` is the loop's). */
  check(): EndReason | undefined {
    if (this.spec.until !== 'drained') return undefined;
    const w = this.s.work;
    if (w.activeSources !== 0 || w.pendingRetries !== 0) return undefined;
    if (w.live === 0 && !this.s.unreleased()) return 'drained';
    if (
      w.finiteRunning === 0 &&
      this.s.scripted() === 0 &&
      !this.s.unreleased() &&
      !this.s.faults.busy &&
      this.s.clock.now - w.lastProgress >= this.spec.stallTimeout
    ) {
      return 'stalled';
    }
    return undefined;
  }
}
