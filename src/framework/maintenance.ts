/**
 * How a framework responds to maintenance (docs/faults.md#maintenance):
 *
 * - `inverseOffers`: it accepts or declines each inverse offer at once (no
 *   decision time), with its refuse_seconds as the inverse-offer filter, or
 *   ignores them (never answers: a framework written before maintenance
 *   primitives, as most were);
 * - `avoid`: it places no task on an offer carrying an unavailability unless
 *   the task is expected to end by the unavailability's start (placement.ts);
 * - `migrate`: on an inverse offer it accepts, it kills its tasks on that
 *   agent expected to run past the start, and resubmits them (as new attempts,
 *   whatever its retry policy says), to run elsewhere.
 *
 * A task's expected run time is its job's user estimate when the workload
 * gives one (SWF's requested time), else its duration: the simulator's
 * frameworks know how long their tasks run.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Message } from '../master/network.js';
import type { Agent } from '../model/agent.js';
import type { InverseOffer } from '../model/inverse-offer.js';
import type { Task } from '../model/task.js';

export type InverseOfferAnswerPolicy = 'accept' | 'decline' | 'ignore';

export interface MaintenanceResponse {
  readonly inverseOffers: InverseOfferAnswerPolicy;
  readonly avoid: boolean;
  readonly migrate: boolean;
}

/** Accept inverse offers, and place no task that would run into an unavailability; do not move running tasks. */
export const DEFAULT_MAINTENANCE_RESPONSE: MaintenanceResponse = { inverseOffers: 'accept', avoid: true, migrate: false };

/** Seconds a framework expects `task` to run. */
export function expectedRuntime(task: Task): SimTime {
  return task.job.estimate ?? task.duration;
}

/** When a framework expects `task` to end: from its start, or from `now` if it has not started. */
export function expectedEnd(task: Task, now: SimTime): SimTime {
  return (task.start >= 0 ? task.start : now) + expectedRuntime(task);
}

/** What the responder may do in its framework's name. */
export interface ResponderContext {
  readonly framework: number;
  /** The framework's refuse_seconds: its inverse-offer filter. */
  readonly refuseSeconds: number;
  /** Where its tasks run (it launched them; read from the master's books). */
  readonly agents: readonly Agent[];
  /** The framework has left (it answers nothing). */
  gone(): boolean;
  /** Sends a message to the master. */
  send(message: Message): void;
  /** Kills one of its tasks (KILL). */
  kill(task: Task): void;
  /** Notes that `task` is killed to move it off an agent whose unavailability starts at `start`. */
  migrating(task: Task, start: SimTime): void;
}

export class InverseOfferResponder {
  constructor(
    private readonly response: MaintenanceResponse,
    private readonly c: ResponderContext,
  ) {}

  /** A batch of inverse offers arrives (at `now`). */
  received(inverseOffers: readonly InverseOffer[], now: SimTime): void {
    const policy = this.response.inverseOffers;
    if (policy === 'ignore' || this.c.gone()) return;
    const accept = policy === 'accept';
    const answers = inverseOffers.map((inverseOffer) => ({ inverseOffer, accept, refuseSeconds: this.c.refuseSeconds }));
    this.c.send({ kind: 'inverse-offer-answers', framework: this.c.framework, answers });
    if (accept && this.response.migrate) for (const io of inverseOffers) this.#migrate(io, now);
  }

  /** Kills its tasks on the agent that would still run at the unavailability's start. */
  #migrate(io: InverseOffer, now: SimTime): void {
    const start = io.unavailability.start;
    for (const task of this.c.agents[io.agent]!.tasks) {
      if (task.job.framework !== this.c.framework || task.preempting || expectedEnd(task, now) <= start) continue;
      if (task.state !== 'staging' && task.state !== 'running') continue;
      this.c.migrating(task, start);
      this.c.kill(task);
    }
  }
}
