/**
 * A resource offer: some of one agent's resources, held for one framework
 * until it answers, or the master rescinds them.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { JobView } from '../allocator/types.js';
import type { Quantities } from './resources.js';

export type OfferOutcome = 'accepted' | 'declined' | 'rescinded';

/**
 * A scheduled unavailability of an agent's machine (Mesos's Unavailability):
 * from `start` (simulated seconds) for `duration` seconds.
 */
export interface Unavailability {
  readonly start: SimTime;
  readonly duration: SimTime;
}

export interface Offer {
  readonly id: number;
  readonly framework: number;
  readonly agent: number;
  readonly role: string;
  /** The pool it was granted for, if any (see Grant.pool). */
  readonly pool: string | undefined;
  readonly resources: Quantities;
  /** Money per unit of each resource (see Grant.price); undefined: free. */
  readonly price: Float64Array | undefined;
  /** What the whole offer would cost if used: price · resources. */
  readonly value: number;
  /** When the master made it. */
  readonly time: SimTime;
  /** Set when resolved; undefined while outstanding. */
  outcome: OfferOutcome | undefined;
  /** The agent's scheduled unavailability, when it has one (Mesos's Offer.unavailability); frameworks may use it. */
  readonly unavailability?: Unavailability | undefined;
  /** The jobs it was granted for (see Grant.forJobs); undefined: any. */
  readonly forJobs?: readonly JobView[] | undefined;
}
