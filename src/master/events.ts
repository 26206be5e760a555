/**
 * Every event of the cluster model, as plain data. The kernel orders them;
 * `world.ts` dispatches each kind to the component it is addressed to (the
 * master, an agent or a framework). Message latencies are the delays with
 * which they are scheduled.
 *
 * @module
 */
import type { AgentFaultAction } from '../faults/agent-faults-spec.js';
import type { JobSpec } from '../model/job.js';
import type { InverseOffer, InverseOfferAnswer } from '../model/inverse-offer.js';
import type { Offer } from '../model/offer.js';
import type { Quantities } from '../model/resources.js';
import type { Quota } from '../model/roles.js';
import type { Task, TaskState } from '../model/task.js';
import type { FailoverStep } from '../faults/failover-steps.js';

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

export type SimEvent =
  // Scripted (scenario timeline, workloads)
  | { readonly kind: 'agent-register'; readonly agent: number }
  | { readonly kind: 'agent-remove'; readonly agent: number }
  | { readonly kind: 'framework-register'; readonly framework: number }
  | { readonly kind: 'framework-unregister'; readonly framework: number }
  | { readonly kind: 'set-weight'; readonly role: string; readonly weight: number }
  | { readonly kind: 'set-pool-capacity'; readonly pool: string; readonly capacity: Quantities }
  | { readonly kind: 'set-quota'; readonly role: string; readonly quota: Quota | undefined }
  | { readonly kind: 'scale-service'; readonly framework: number; readonly job: string; readonly instances: number }
  | { readonly kind: 'job-arrival'; readonly framework: number; readonly job: JobSpec }
  // The operator's maintenance (faults/maintenance.ts): `window` indexes WorldSpec.maintenance
  | { readonly kind: 'maintenance-schedule'; readonly window: number }
  | { readonly kind: 'maintenance-drain'; readonly window: number }
  | { readonly kind: 'machine-down'; readonly window: number }
  | { readonly kind: 'machine-up'; readonly window: number }
  // At the master
  | { readonly kind: 'allocation-tick' }
  | { readonly kind: 'allocation-run' }
  | { readonly kind: 'subscribe'; readonly framework: number; readonly suppressed: boolean }
  | { readonly kind: 'offer-answers'; readonly framework: number; readonly answers: readonly OfferAnswer[] }
  | { readonly kind: 'suppress'; readonly framework: number }
  | { readonly kind: 'revive'; readonly framework: number }
  | { readonly kind: 'request'; readonly framework: number }
  | { readonly kind: 'task-status'; readonly task: Task; readonly state: TaskState }
  | { readonly kind: 'kill-task'; readonly framework: number; readonly task: Task }
  | { readonly kind: 'offer-timeout'; readonly offer: Offer }
  | { readonly kind: 'inverse-offer-answers'; readonly framework: number; readonly answers: readonly InverseOfferAnswer[] }
  | { readonly kind: 'inverse-offer-timeout'; readonly inverseOffer: InverseOffer }
  // At a framework
  | { readonly kind: 'offers-received'; readonly framework: number; readonly offers: readonly Offer[] }
  | { readonly kind: 'decision-made'; readonly framework: number; readonly answers: readonly OfferAnswer[] }
  | { readonly kind: 'offer-rescinded'; readonly framework: number; readonly offer: Offer }
  | { readonly kind: 'hold-expired'; readonly framework: number; readonly offer: Offer }
  | { readonly kind: 'launch-failed'; readonly framework: number; readonly tasks: readonly Task[] }
  | { readonly kind: 'status-update'; readonly framework: number; readonly task: Task; readonly state: TaskState }
  | { readonly kind: 'task-retry'; readonly framework: number; readonly task: Task }
  | { readonly kind: 'inverse-offers-received'; readonly framework: number; readonly inverseOffers: readonly InverseOffer[] }
  // At an agent
  | { readonly kind: 'task-launch'; readonly task: Task }
  | { readonly kind: 'task-finish'; readonly task: Task }
  | { readonly kind: 'task-kill'; readonly task: Task; readonly state: 'preempted' | 'killed' }
  /** DRAIN_AGENT reaches the agent: it kills its tasks still running `gracePeriod` seconds later (drain `drain`). */
  | { readonly kind: 'drain-agent'; readonly agent: number; readonly drain: number; readonly gracePeriod: number }
  | { readonly kind: 'drain-deadline'; readonly agent: number; readonly drain: number }
  /** Task fault models (faults/task-runtime.ts): the task reaches its stop point; stale unless `generation` is current. */
  | { readonly kind: 'task-due'; readonly task: Task; readonly generation: number }
  // Agent faults (src/faults/agent-faults.ts): the model's own steps, and an agent's registration at the master
  | { readonly kind: 'agent-fault'; readonly action: AgentFaultAction }
  | { readonly kind: 'agent-registration'; readonly agent: number }
  // Master failover (faults/master-failover.ts): its timers, and its messages
  | { readonly kind: 'failover'; readonly step: FailoverStep }
  | { readonly kind: 'reregister-agent'; readonly agent: number; readonly epoch: number }
  | { readonly kind: 'agent-reregistered'; readonly agent: number; readonly epoch: number }
  | { readonly kind: 'subscribed'; readonly framework: number; readonly epoch: number };

export type SimEventKind = SimEvent['kind'];
