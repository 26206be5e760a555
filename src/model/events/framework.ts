/**
 * Events a framework receives: the master's messages, and its own timers.
 *
 * @module
 */
import type { InverseOffer } from '../inverse-offer.js';
import type { Offer } from '../offer.js';
import type { Task, TaskState } from '../task.js';
import type { OfferAnswer } from './master.js';

export type FrameworkEvent =
  // From the master
  | { readonly kind: 'offers-received'; readonly framework: number; readonly offers: readonly Offer[] }
  | { readonly kind: 'offer-rescinded'; readonly framework: number; readonly offer: Offer }
  | { readonly kind: 'launch-failed'; readonly framework: number; readonly tasks: readonly Task[] }
  | { readonly kind: 'status-update'; readonly framework: number; readonly task: Task; readonly state: TaskState }
  | { readonly kind: 'inverse-offers-received'; readonly framework: number; readonly inverseOffers: readonly InverseOffer[] }
  /** The new leader acknowledges a subscription (master failover). */
  | { readonly kind: 'subscribed'; readonly framework: number; readonly epoch: number }
  // Its timers
  | { readonly kind: 'decision-made'; readonly framework: number; readonly answers: readonly OfferAnswer[] }
  | { readonly kind: 'hold-expired'; readonly framework: number; readonly offer: Offer }
  | { readonly kind: 'task-retry'; readonly framework: number; readonly task: Task };
