/**
 * Events the master receives: its own timers, and the messages frameworks
 * and agents send it (delayed by the network, see master/network.ts).
 *
 * @module
 */
import type { InverseOffer, InverseOfferAnswer } from '../inverse-offer.js';
import type { Offer } from '../offer.js';
import type { Task, TaskState } from '../task.js';

/** A framework's answer to one offer: launch these tasks, decline the rest. */
export interface OfferAnswer {
  readonly offer: Offer;
  /**
   * Other offers of the same agent accepted with it, as one (Mesos's ACCEPT
   * with several offer ids): the tasks use all of them, and what is left of
   * them all is declined together. Absent: none.
   */
  readonly also?: readonly Offer[];
  readonly tasks: readonly Task[];
  /** How long the declined part stays filtered (Mesos Filters.refuse_seconds). */
  readonly refuseSeconds: number;
}

export type MasterEvent =
  // Its timers
  | { readonly kind: 'allocation-tick' }
  | { readonly kind: 'allocation-run' }
  | { readonly kind: 'offer-timeout'; readonly offer: Offer }
  | { readonly kind: 'inverse-offer-timeout'; readonly inverseOffer: InverseOffer }
  // From frameworks
  | { readonly kind: 'subscribe'; readonly framework: number; readonly suppressed: boolean }
  | { readonly kind: 'offer-answers'; readonly framework: number; readonly answers: readonly OfferAnswer[] }
  | { readonly kind: 'suppress'; readonly framework: number }
  | { readonly kind: 'revive'; readonly framework: number }
  | { readonly kind: 'request'; readonly framework: number }
  | { readonly kind: 'kill-task'; readonly framework: number; readonly task: Task }
  | { readonly kind: 'inverse-offer-answers'; readonly framework: number; readonly answers: readonly InverseOfferAnswer[] }
  // From agents
  | { readonly kind: 'task-status'; readonly task: Task; readonly state: TaskState }
  /** An agent process registers (agent faults: after a failure or a partition). */
  | { readonly kind: 'agent-registration'; readonly agent: number }
  /** An agent re-registers with a new leader (master failover). */
  | { readonly kind: 'reregister-agent'; readonly agent: number; readonly epoch: number };
