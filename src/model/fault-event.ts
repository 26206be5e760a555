/**
 * What the fault models report: one record per fault, recovery or
 * protective action, as plain data; the timeline's scripted SUPPRESS and
 * REVIVE calls are reported the same way. The world passes them to the run's
 * observer (`RunObserver.fault`), which writes them to `events.csv` and
 * counts them by kind in summary.json; the model never counts them itself.
 *
 * Add a kind here when a fault model needs one, and document it in
 * docs/faults.md (the list of kinds is a public contract: users filter
 * events.csv by it).
 *
 * @module
 */
import type { Task } from './task.js';

export type FaultKind =
  // An agent's machine or process
  | 'agent-failed'
  | 'agent-repaired'
  // The master's view of an agent
  | 'agent-unreachable'
  | 'agent-reregistered'
  // The network
  | 'partition-started'
  | 'partition-healed'
  // The leading master and its election
  | 'master-failed'
  | 'leader-elected'
  | 'master-recovered'
  | 'master-repaired'
  | 'framework-resubscribed'
  | 'launch-lost'
  | 'allocation-paused'
  | 'allocation-resumed'
  // Tasks
  | 'task-failed'
  | 'task-oom-killed'
  | 'task-throttled'
  | 'task-slowed'
  // Maintenance
  | 'maintenance-scheduled'
  | 'inverse-offer'
  | 'inverse-offer-answered'
  | 'inverse-offer-rescinded'
  | 'agent-draining'
  | 'agent-drained'
  | 'task-drained'
  | 'task-migrated'
  | 'maintenance-started'
  | 'maintenance-ended'
  // Scripted calls of a framework (the timeline's suppress and revive)
  | 'offers-suppressed'
  | 'offers-revived';

export interface FaultEvent {
  readonly kind: FaultKind;
  /** The agent concerned (index), if any. */
  readonly agent?: number;
  /** The framework concerned (index), if any. */
  readonly framework?: number;
  /** The task concerned, if any. */
  readonly task?: Task;
  /** A figure the kind defines (seconds, a count); documented per kind in docs/faults.md. */
  readonly value?: number;
  /** Free text: a cause or a name. */
  readonly detail?: string;
}
