/**
 * The frameworks' work in progress, as counts kept by the frameworks
 * (frameworks.ts, framework.ts) and read by end-of-run detection
 * (cluster/run-end.ts).
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';

export class WorkCounts {
  /** Task attempts submitted and not yet ended. */
  live = 0;
  /** Tasks running with a finite duration. */
  finiteRunning = 0;
  /** Workloads with jobs still to come. */
  activeSources = 0;
  /** Ended tasks whose retry is decided but not yet resubmitted. */
  pendingRetries = 0;
  /** The last time a job arrived, or a task started or ended. */
  lastProgress: SimTime = 0;
}
