/**
 * A framework as a world runs it: resolved from the scenario's framework
 * section by build.ts (or written by hand in tests).
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { JobSource } from '../model/job.js';
import type { MaintenanceResponse } from './maintenance.js';
import type { RetryPolicy } from './retry.js';

export interface FrameworkSpec {
  readonly name: string;
  readonly role: string;
  readonly gpuCapable: boolean;
  /** Suppress offers while nothing is queued; false: never suppress. */
  readonly suppressWhenIdle: boolean;
  readonly tasksPerOffer: number;
  readonly lookahead: number;
  readonly perJob: number;
  readonly perTask: number;
  readonly refuseSeconds: number;
  /** Filter on the unused part of an accepted offer; defaults to refuseSeconds. */
  readonly refuseSecondsOnAccept?: number;
  /** Seconds an unusable offer is held before it is declined (absent or 0: declined at once). */
  readonly holdOffers?: number;
  readonly registerAt: SimTime;
  readonly unregisterAt: SimTime | null;
  readonly jobs: JobSource;
  /** The pool its jobs draw from when a job names none. */
  readonly pool?: string | undefined;
  /** Which unsuccessful ends it resubmits tasks after; default DEFAULT_RETRY. */
  readonly retry?: RetryPolicy;
  /** Bidding: the most it may spend over the run (money; default Infinity). */
  readonly budget?: number;
  /** Bidding: the most it pays per unit of the priced resource (default Infinity). */
  readonly maxPrice?: number;
  /** Delay scheduling: seconds a job waits for a node-local offer (absent: tasks' preferences are ignored). */
  readonly localityWait?: number;
  /** Delay scheduling: further seconds it waits for a rack-local one (default 0). */
  readonly rackWait?: number;
  /** The agent attribute that names its rack (default 'rack'). */
  readonly rackAttribute?: string;
  /** How it responds to maintenance (default DEFAULT_MAINTENANCE_RESPONSE). */
  readonly maintenance?: MaintenanceResponse;
}
