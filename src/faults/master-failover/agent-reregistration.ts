/**
 * Agents across a master failover: who the master's registry holds, who has
 * not re-registered with the current leader yet, and the terminal status
 * updates agents keep until a leader takes them.
 *
 * When the leader fails, every agent of the registry (admitted and not
 * removed) must re-register. Agents learn of the new leader at its election
 * (their ZooKeeper watch) and try after a delay drawn from [0, b] (b: the
 * agent's registration_backoff_factor, 1 s by default), then, until the
 * leader acknowledges, after delays from [0, 2b], [0, 4b], ... capped at one
 * minute; draws from `faults/master/agents`. Each try is a `reregister_agent`
 * message; the leader answers `agent_reregistered`.
 *
 * Tasks keep running meanwhile. A terminal status update that reaches the
 * master while its agent is not back is kept by the agent (Mesos's status
 * update manager retries until acknowledged) and sent again once the agent
 * has the leader's acknowledgement.
 *
 * An agent removed (by the timeline) before it is back is gone: its tasks are
 * frozen (they neither finish nor start) until the master gives up on it,
 * agent_reregister_timeout after the election; then it, and any agent still
 * not back, is unreachable and its tasks are lost.
 *
 * @module
 */
import type { Task, TaskState } from '../../model/task.js';
import { Reconnection, report, retryAfter, type FailoverContext, type ReconnectionState } from './failover-context.js';
import { refill } from '../../core/refill.js';
import type { FailoverStep } from '../../model/events/sim-event.js';

export class AgentReconnection extends Reconnection {
  /** Agents admitted (registered once) and not removed: the master's registry. */
  readonly registry = new Set<number>();
  /** Agents the current or next leader waits for: in the registry, not yet (re-)registered with it. */
  readonly waiting = new Set<number>();
  /** Agents removed while waiting: gone, their tasks frozen until they are found unreachable. */
  readonly #dead = new Set<number>();

  constructor(
    ctx: FailoverContext,
    /** Seconds: the agent's --registration_backoff_factor. */
    private readonly backoffFactor: number,
    /** Called when an agent has joined the books (1) or was given up on (0). */
    private readonly changed: (joined: number) => void,
  ) {
    super(ctx, 'faults/master/agents');
  }

  /** An agent registers (scripted): while no master leads, it waits for the next leader. */
  registering(agent: number): void {
    this.registry.add(agent);
    if (!this.ctx.master.leading) this.waiting.add(agent);
  }

  /** An agent is removed (scripted); one not back yet is gone without the master knowing. */
  removed(agent: number): void {
    this.registry.delete(agent);
    if (this.waiting.has(agent)) this.#dead.add(agent);
  }

  /** The leader failed: every agent of the registry must re-register. */
  leaderLost(): void {
    for (const a of this.registry) this.waiting.add(a);
    this.acked.clear();
  }

  /** A leader is elected: the agents waiting start registering with it. */
  elected(epoch: number): void {
    this.follow(epoch);
    for (const agent of this.waiting) {
      if (this.#dead.has(agent)) continue;
      this.#schedule(agent, this.backoffFactor * this.random.next(), 2 * this.backoffFactor);
    }
  }

  /** A try: sends `reregister_agent` and schedules the next, unless acknowledged, gone or stale. */
  attempt(s: Extract<FailoverStep, { kind: 'agent-attempt' }>): void {
    const { agent, epoch } = s;
    if (this.stale(epoch) || this.acked.has(agent) || this.#dead.has(agent)) return;
    this.ctx.network.send({ kind: 'reregister-agent', agent, epoch });
    const [delay, next] = retryAfter(s.backoff, this.random);
    this.#schedule(agent, delay, next);
  }

  /** At the master: a re-registration. The agent joins the books with its tasks, and is acknowledged. */
  reregister(agent: number, epoch: number): void {
    const m = this.ctx.master;
    if (this.stale(epoch) || this.#dead.has(agent)) return; // sent to a master that is gone
    const a = m.agents[agent]!;
    if (!a.registered) {
      m.reregisterAgent(a);
      this.waiting.delete(agent);
      this.registry.add(agent);
      report(this.ctx, { kind: 'agent-reregistered', agent, value: this.ctx.sim.now - this.electedAt, detail: 'failover' });
      // Tasks of frameworks that left while the master could not hear them are shut down.
      for (const task of a.tasks) if (this.ctx.schedulers[task.job.framework]!.gone) m.killTask(task);
      this.changed(1);
    }
    this.ctx.network.send({ kind: 'agent-reregistered', agent, epoch }); // again, for a retry that crossed it
  }

  /** A status update reaches the master from an agent that is not back: true, the agent keeps it. */
  hold(task: Task, state: TaskState): boolean {
    if (!this.waiting.has(task.agent)) return false;
    this.keep(task.agent, { kind: 'task-status', task, state });
    return true;
  }

  /** True for a task on a gone agent: its agent-side events do not happen. */
  frozen(task: Task): boolean {
    return this.#dead.size > 0 && this.#dead.has(task.agent);
  }

  /**
   * agent_reregister_timeout after the election: agents not back are
   * unreachable. Frameworks hear the real end of tasks whose updates the
   * agent kept; the others are lost.
   */
  timeout(epoch: number): void {
    const m = this.ctx.master;
    if (this.stale(epoch) || this.waiting.size === 0) return;
    for (const agent of [...this.waiting]) {
      for (const m of this.kept.get(agent) ?? []) {
        if (m.kind === 'task-status') this.ctx.network.send({ kind: 'status-update', framework: m.task.job.framework, task: m.task, state: m.state });
      }
      this.kept.delete(agent);
      this.waiting.delete(agent);
      this.registry.delete(agent);
      this.#dead.delete(agent);
      report(this.ctx, { kind: 'agent-unreachable', agent, detail: 'agent_reregister_timeout' });
      m.markUnreachable(m.agents[agent]!);
    }
    this.changed(0);
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): ReconnectionState & { readonly registry: ReadonlySet<number>; readonly waiting: ReadonlySet<number>; readonly dead: ReadonlySet<number> } {
    return { ...this.saveCommon(), registry: this.registry, waiting: this.waiting, dead: this.#dead };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<AgentReconnection['saveState']>): void {
    this.loadCommon(s);
    refill(this.registry, s.registry);
    refill(this.waiting, s.waiting);
    refill(this.#dead, s.dead);
  }

  #schedule(agent: number, delay: number, backoff: number): void {
    this.ctx.sim.schedule(delay, { kind: 'failover', step: { kind: 'agent-attempt', agent, epoch: this.epoch, backoff } });
  }
}
