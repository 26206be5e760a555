/**
 * Frameworks across a master failover: their scheduler drivers subscribe
 * again with the new leader, and reconcile what they launched meanwhile.
 *
 * While a framework has not re-subscribed with a leader, the calls it sends
 * reach no master: SUPPRESS, REVIVE and REQUEST are lost (the SUBSCRIBE it
 * sends later carries whether it is suppressed); KILL calls are kept and sent
 * again once it is subscribed (a framework keeps killing what it wants dead);
 * and an ACCEPT is lost with its launches. Those tasks are in limbo: the
 * framework thinks them launched, the master never saw them. When the
 * framework re-subscribes it reconciles, and the master answers TASK_LOST for
 * each (Mesos's answer to frameworks that are not partition-aware): the task
 * ends `lost` and the framework's retry policy decides whether it runs again.
 *
 * Drivers learn of the new leader at its election and subscribe at once; until
 * the leader's `subscribed` answer arrives they try again after delays drawn
 * from [0, 2f], [0, 4f], ... capped at one minute (f: the driver's
 * registration backoff factor, 2 s by default), from `faults/master/frameworks`.
 *
 * @module
 */
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Task } from '../../model/task.js';
import { Reconnection, report, retryAfter, type FailoverContext, type ReconnectionState } from './failover-context.js';
import { refill } from '../../core/refill.js';
import type { FailoverStep } from '../../model/events/sim-event.js';

/** Framework calls to the master. */
type Call = Extract<SimEvent, { kind: 'subscribe' | 'offer-answers' | 'suppress' | 'revive' | 'request' | 'kill-task' }>;

export class FrameworkReconnection extends Reconnection {
  /** Frameworks the current or next leader waits for: subscribed, not gone, not yet re-subscribed with it. */
  readonly waiting = new Set<number>();
  /** By framework: tasks launched in an ACCEPT no master received. */
  readonly #limbo = new Map<number, Task[]>();

  constructor(
    ctx: FailoverContext,
    /** Seconds: the scheduler driver's registration backoff factor. */
    private readonly backoffFactor: number,
    /** Called when a framework is back or has left. */
    private readonly changed: () => void,
  ) {
    super(ctx, 'faults/master/frameworks');
  }

  /** The leader failed: every framework subscribed must subscribe again. */
  leaderLost(): void {
    this.ctx.schedulers.forEach((s, i) => {
      if (s.subscribed && !s.gone) this.waiting.add(i);
    });
    this.acked.clear();
  }

  /** A leader is elected: every waiting driver subscribes at once. */
  elected(epoch: number): void {
    this.follow(epoch);
    for (const fw of this.waiting) this.attempt({ kind: 'framework-attempt', framework: fw, epoch, backoff: this.backoffFactor });
  }

  /** A try: SUBSCRIBE again and schedule the next, unless answered, gone or stale. */
  attempt(s: Extract<FailoverStep, { kind: 'framework-attempt' }>): void {
    const { framework, epoch } = s;
    const sched = this.ctx.schedulers[framework]!;
    if (this.stale(epoch) || this.acked.has(framework) || sched.gone) return;
    sched.subscribe();
    const [delay, next] = retryAfter(s.backoff, this.random);
    this.ctx.sim.schedule(delay, { kind: 'failover', step: { kind: 'framework-attempt', framework, epoch, backoff: next } });
  }

  /** A framework call reaching the master: true when it is dropped (or handled here). */
  intercept(call: Call): boolean {
    const fw = call.framework;
    const m = this.ctx.master;
    if (call.kind === 'subscribe') {
      if (!m.leading) {
        if (!this.ctx.schedulers[fw]!.gone) this.waiting.add(fw);
        return true;
      }
      if (m.frameworks[fw]!.registered) return true; // a retry of one that got through
      if (!this.waiting.has(fw)) return false; // a first subscription, as usual
      this.#resubscribe(fw, call.suppressed);
      return true;
    }
    if (!this.waiting.has(fw)) return false;
    if (call.kind === 'offer-answers') {
      const limbo = this.#limbo.get(fw) ?? [];
      for (const a of call.answers) limbo.push(...a.tasks);
      if (limbo.length > 0) this.#limbo.set(fw, limbo);
    } else if (call.kind === 'kill-task') {
      this.keep(fw, call);
    }
    return true;
  }

  /**
   * The framework leaves (scripted) before it is back. Its launches in limbo
   * are dropped; its tasks on agents that are back are killed now, the others
   * when their agents re-register (agent-reregistration.ts).
   */
  left(framework: number): void {
    if (!this.waiting.delete(framework)) return;
    const now = this.ctx.sim.now;
    for (const task of this.#limbo.get(framework) ?? []) {
      task.terminate('dropped', now);
      this.ctx.tasks.ended(task);
    }
    this.#limbo.delete(framework);
    this.kept.delete(framework);
    const m = this.ctx.master;
    for (const agent of m.agents) {
      if (!agent.registered) continue;
      for (const task of agent.tasks) if (task.job.framework === framework) m.killTask(task);
    }
    this.changed();
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): ReconnectionState & { readonly waiting: ReadonlySet<number>; readonly limbo: ReadonlyMap<number, Task[]> } {
    return { ...this.saveCommon(), waiting: this.waiting, limbo: this.#limbo };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<FrameworkReconnection['saveState']>): void {
    this.loadCommon(s);
    refill(this.waiting, s.waiting);
    refill(this.#limbo, s.limbo);
  }

  /** At the master: the framework subscribes again and reconciles; its launches in limbo are lost. */
  #resubscribe(framework: number, suppressed: boolean): void {
    const now = this.ctx.sim.now;
    this.ctx.master.subscribe(this.ctx.master.frameworks[framework]!, suppressed);
    this.waiting.delete(framework);
    report(this.ctx, { kind: 'framework-resubscribed', framework, value: now - this.electedAt });
    for (const task of this.#limbo.get(framework) ?? []) {
      task.terminate('lost', now);
      report(this.ctx, { kind: 'launch-lost', framework, task, detail: 'reconciliation' });
      this.ctx.tasks.ended(task);
      this.ctx.network.send({ kind: 'status-update', framework, task, state: 'lost' });
    }
    this.#limbo.delete(framework);
    this.ctx.network.send({ kind: 'subscribed', framework, epoch: this.epoch });
    this.changed();
  }
}
