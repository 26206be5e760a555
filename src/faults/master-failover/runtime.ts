/**
 * Master failover (issue 5, item 2): the leading master fails, a standby is
 * elected through ZooKeeper (leadership.ts), and the new leader rebuilds its
 * state from the agents and frameworks that come back to it
 * (agent-reregistration.ts, framework-resubscription.ts).
 *
 * The world hands every event to `intercept` before dispatching it, and the
 * model's own events to `handle`. While no master leads, messages addressed
 * to the master reach nobody, and nothing is allocated. At the failure the
 * master's books lose every offer (rescinded, unannounced: frameworks drop
 * them when their ZooKeeper watch fires at the session expiry), filter,
 * allocation count, agent and framework (Master.loseLeadership); tasks keep
 * running on their agents.
 *
 * With quota configured, the new leader's allocator pauses, as Mesos's does,
 * until floor(agent_recovery_factor × agents in the registry at the failure)
 * agents are registered, or allocator_recovery_timeout passes.
 *
 * Fault events: master-failed, leader-elected (value: seconds without a
 * leader), agent-reregistered, framework-resubscribed (value: seconds since
 * the election), launch-lost, allocation-paused (value: agents awaited),
 * allocation-resumed (value: seconds paused), agent-unreachable,
 * master-recovered (value: seconds since the failure) and master-repaired.
 * The figures are computed from them by faults/master-failover/figures.ts.
 *
 * @module
 */
import { guarded, type Handlers, type HandlersFor, type SimTime } from '../../core/simulation.js';
import type { FaultRuntime } from '../../cluster/fault-hooks.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Offer } from '../../model/offer.js';
import type { RoleNode } from '../../model/roles.js';
import { AgentReconnection } from './agent-reregistration.js';
import { report, type FailoverContext } from './failover-context.js';
import { FrameworkReconnection } from './framework-resubscription.js';
import { Leadership, type LeadershipEvents } from './leadership.js';
import { bool, num, record } from '../../core/refill.js';
import type { Snapshotting } from '../../checkpoint/snapshotting.js';

export type { MasterFailoverSpec } from './spec.js';
import type { MasterFailoverSpec } from './spec.js';

/** The kinds `intercept` may act on or stop. */
const INTERCEPTED: readonly SimEvent['kind'][] = [
  'agent-register',
  'agent-remove',
  'framework-unregister',
  'subscribe',
  'offer-answers',
  'suppress',
  'revive',
  'request',
  'kill-task',
  'task-status',
  'task-launch',
  'task-finish',
  'task-kill',
];

type Handled = Extract<SimEvent, { kind: 'failover' | 'reregister-agent' | 'agent-reregistered' | 'subscribed' }>;

/** Its state as data (src/checkpoint/snapshot.ts). */
export interface MasterFailoverState {
  readonly leadership: ReturnType<Leadership['saveState']>;
  readonly agents: ReturnType<AgentReconnection['saveState']>;
  readonly frameworks: ReturnType<FrameworkReconnection['saveState']>;
  readonly failedAt: SimTime;
  readonly electedAt: SimTime;
  readonly recovering: boolean;
  readonly lost: readonly Offer[];
  readonly required: number | undefined;
  readonly registered: number;
  readonly known: number;
}

export class MasterFailover implements LeadershipEvents, FaultRuntime, Snapshotting<MasterFailoverState> {
  readonly handlers: HandlersFor<SimEvent, Handled['kind']> = {
    failover: (e) => this.handle(e),
    'reregister-agent': (e) => this.handle(e),
    'agent-reregistered': (e) => this.handle(e),
    subscribed: (e) => this.handle(e),
  };
  readonly #leadership: Leadership;
  readonly #agents: AgentReconnection;
  readonly #frameworks: FrameworkReconnection;
  #failedAt: SimTime = 0;
  #electedAt: SimTime = 0;
  /** A failover is under way: not every agent and framework is back. */
  #recovering = false;
  /** Offers lost at the failure, until the frameworks drop them. */
  #lost: Offer[] = [];
  /** While the allocator pauses: the registered agents it waits for. */
  #required: number | undefined;
  /** Agents in the books since the last election. */
  #registered = 0;
  /** Agents in the registry when the leader failed (those the allocator's recovery counts on). */
  #known = 0;

  constructor(
    private readonly spec: MasterFailoverSpec,
    private readonly ctx: FailoverContext,
  ) {
    this.#leadership = new Leadership(spec, ctx.random, ctx.sim, this);
    this.#agents = new AgentReconnection(ctx, spec.agentBackoffFactor, (joined) => this.#changed(joined));
    this.#frameworks = new FrameworkReconnection(ctx, spec.frameworkBackoffFactor, () => this.#changed(0));
  }

  /** Schedules the failures. */
  start(): void {
    this.#leadership.start();
  }

  /** Scripted failures that found no leader to fail. */
  get skippedFailures(): number {
    return this.#leadership.skipped;
  }

  /** The world's handler table, with the events `intercept` sees passed to it first. */
  guard(table: Handlers<SimEvent>): Handlers<SimEvent> {
    return guarded(table, INTERCEPTED, (e) => this.intercept(e));
  }

  /**
   * Sees every event before the world dispatches it; true when the event
   * must not be dispatched (a message to a master that cannot hear it, or an
   * agent-side event of a gone agent).
   */
  intercept(e: SimEvent): boolean {
    switch (e.kind) {
      case 'agent-register':
        if (this.ctx.master.leading && !this.ctx.master.agents[e.agent]!.registered) this.#changed(1);
        this.#agents.registering(e.agent);
        return false;
      case 'agent-remove':
        if (this.ctx.master.agents[e.agent]!.registered) this.#registered--;
        this.#agents.removed(e.agent);
        return false;
      case 'framework-unregister':
        this.#frameworks.left(e.framework);
        return false;
      case 'subscribe':
      case 'offer-answers':
      case 'suppress':
      case 'revive':
      case 'request':
      case 'kill-task':
        return this.#frameworks.intercept(e);
      case 'task-status':
        return this.#agents.hold(e.task, e.state);
      case 'task-launch':
      case 'task-finish':
      case 'task-kill':
        return this.#agents.frozen(e.task);
      default:
        return false;
    }
  }

  /** The model's own events. */
  handle(e: Handled): void {
    switch (e.kind) {
      case 'reregister-agent':
        return this.#agents.reregister(e.agent, e.epoch);
      case 'agent-reregistered':
        return this.#agents.acknowledged(e.agent, e.epoch);
      case 'subscribed':
        return this.#frameworks.acknowledged(e.framework, e.epoch);
    }
    const s = e.step;
    switch (s.kind) {
      case 'agent-attempt':
        return this.#agents.attempt(s);
      case 'framework-attempt':
        return this.#frameworks.attempt(s);
      case 'reregister-timeout':
        return this.#agents.timeout(s.epoch);
      case 'recovery-timeout':
        if (s.epoch === this.#leadership.epoch && this.#required !== undefined) this.#resume('allocator_recovery_timeout');
        return;
      default:
        return this.#leadership.handle(s);
    }
  }

  saveState(): MasterFailoverState {
    const parts = { leadership: this.#leadership.saveState(), agents: this.#agents.saveState(), frameworks: this.#frameworks.saveState() };
    return { ...parts, failedAt: this.#failedAt, electedAt: this.#electedAt, recovering: this.#recovering, lost: this.#lost, required: this.#required, registered: this.#registered, known: this.#known };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: MasterFailoverState): void {
    for (const part of [s, s.leadership, s.agents, s.frameworks]) record(part, 'master failover');
    this.#leadership.loadState(s.leadership);
    this.#agents.loadState(s.agents);
    this.#frameworks.loadState(s.frameworks);
    this.#failedAt = num(s.failedAt, 'failover: failed at');
    this.#electedAt = num(s.electedAt, 'failover: elected at');
    this.#recovering = bool(s.recovering, 'failover: recovering');
    if (!Array.isArray(s.lost)) throw new TypeError('failover: the offers lost, a list');
    this.#lost = [...s.lost];
    this.#required = s.required === undefined ? undefined : num(s.required, 'failover: agents required');
    this.#registered = num(s.registered, 'failover: agents registered');
    this.#known = num(s.known, 'failover: agents known');
  }

  // ------------------------------------------------------------ leadership

  failed(master: number, cause: 'scripted' | 'random'): void {
    this.#failedAt = this.ctx.sim.now;
    this.#recovering = true;
    report(this.ctx, { kind: 'master-failed', detail: `master-${master} (${cause})` });
    this.#lost = this.ctx.master.loseLeadership();
    this.#known = this.#agents.registry.size;
    this.#agents.leaderLost();
    this.#frameworks.leaderLost();
    this.#required = undefined;
    this.#registered = 0;
  }

  /** Watchers learn there is no leader: frameworks drop the offers they hold from it. */
  sessionExpired(): void {
    for (const offer of this.#lost) this.ctx.schedulers[offer.framework]!.offerRescinded(offer);
    this.#lost = [];
  }

  elected(master: number, epoch: number): void {
    const now = this.ctx.sim.now;
    this.ctx.master.leaderElected();
    this.#electedAt = now;
    report(this.ctx, { kind: 'leader-elected', value: now - this.#failedAt, detail: `master-${master}` });
    this.#pauseIfQuota(epoch);
    this.ctx.sim.schedule(this.spec.agentReregisterTimeout, { kind: 'failover', step: { kind: 'reregister-timeout', epoch } });
    this.#agents.elected(epoch);
    this.#frameworks.elected(epoch);
    this.#changed(0);
  }

  repaired(master: number): void {
    report(this.ctx, { kind: 'master-repaired', detail: `master-${master}` });
  }

  // -------------------------------------------------------------- recovery

  /** Mesos's allocator recovery: with quota, no offers until enough agents are back. */
  #pauseIfQuota(epoch: number): void {
    if (!hasQuota(this.ctx.master.roles.root)) return;
    const required = Math.floor(this.spec.agentRecoveryFactor * this.#known);
    if (required === 0) return;
    this.#required = required;
    this.ctx.master.pauseAllocation();
    report(this.ctx, { kind: 'allocation-paused', value: required });
    this.ctx.sim.schedule(this.spec.recoveryTimeout, { kind: 'failover', step: { kind: 'recovery-timeout', epoch } });
  }

  #resume(cause: string): void {
    this.#required = undefined;
    this.ctx.master.resumeAllocation();
    report(this.ctx, { kind: 'allocation-resumed', value: this.ctx.sim.now - this.#electedAt, detail: cause });
  }

  /** After a change: the pause may end, and the failover may be over. */
  #changed(joined: number): void {
    this.#registered += joined;
    if (!this.ctx.master.leading) return;
    if (this.#required !== undefined && this.#registered >= this.#required) this.#resume('agents');
    if (this.#recovering && this.#agents.waiting.size === 0 && this.#frameworks.waiting.size === 0) {
      this.#recovering = false;
      report(this.ctx, { kind: 'master-recovered', value: this.ctx.sim.now - this.#failedAt, detail: `master-${this.#leadership.leader}` });
    }
  }
}

function hasQuota(root: RoleNode): boolean {
  return root.children.some((r) => r.quota !== undefined);
}
