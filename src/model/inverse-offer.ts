/**
 * An inverse offer (Mesos's maintenance primitives): the master asks a
 * framework to give back everything it holds on one agent before the agent's
 * scheduled unavailability. It carries no resources (meaning "the whole
 * agent"); the framework accepts or declines it, or leaves it unanswered.
 * Either answer is only a hint: nothing in Mesos acts on it.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Unavailability } from './offer.js';

export type InverseOfferOutcome = 'accepted' | 'declined' | 'rescinded';

export interface InverseOffer {
  readonly id: number;
  readonly framework: number;
  readonly agent: number;
  readonly unavailability: Unavailability;
  /** When the master sent it. */
  readonly time: SimTime;
  /** Set when answered or rescinded; undefined while outstanding. */
  outcome: InverseOfferOutcome | undefined;
}

/** A framework's answer to an inverse offer. */
export interface InverseOfferAnswer {
  readonly inverseOffer: InverseOffer;
  readonly accept: boolean;
  /** Seconds before the master may send this framework another inverse offer for the agent (0: no filter). */
  readonly refuseSeconds: number;
}
