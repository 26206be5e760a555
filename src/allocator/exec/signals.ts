/**
 * What happened between two requests to a policy, for policies that learn or
 * keep their own state (docs/protocol.md, "Signals" and "Notifications"): per
 * framework, the tasks submitted, started and ended, the waiting they did and
 * the share they held, exactly integrated over simulated time; and, when the
 * policy asked for them, the task events one by one.
 *
 * It watches the run as an observer and never changes it. Queue lengths
 * change only at task events, so their integral is kept exactly at each;
 * shares change at many kinds of event, so they are integrated before each
 * event over the time since the one before (they are constant in between).
 * Cost: O(1) per task event, O(frameworks × resources) per distinct event time.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';
import type { RunObserver } from '../../master/observer.js';
import type { Task } from '../../model/task.js';
import { dominantShareWith } from '../share.js';
import type { ClusterView } from '../types.js';
import { taskId } from './view-encoder.js';

interface Tally {
  submitted: number;
  started: number;
  /** Σ (start − submit) of the tasks started (s). */
  waited: number;
  ended: number;
  finished: number;
  /** Tasks submitted and neither started nor ended, now. */
  queued: number;
  /** ∫ queued dt (task·s). */
  waitTime: number;
  /** ∫ dominant share dt (share·s). */
  shareTime: number;
  /** When `queued` last changed. */
  queuedSince: SimTime;
}

const NO_EXCLUSIONS: ReadonlySet<number> = new Set();

export class Signals {
  readonly #tallies: Tally[] = [];
  /** Task events since the last take, when notifications are on. */
  #events: Record<string, unknown>[] = [];
  /** The last take's time. */
  #since: SimTime = 0;
  /** Shares are integrated up to here. */
  #sharesAt: SimTime = 0;
  #view: ClusterView | undefined;

  constructor(private readonly notifications: boolean) {}

  /** The view whose shares are integrated (known from the first request on; nothing is held before it). */
  watch(view: ClusterView): void {
    this.#view = view;
  }

  /** The observer calls that feed the signals (`touch`: an agent's tasks changed). */
  observer(touch: (agent: number) => void): Partial<RunObserver> {
    return {
      beforeEvent: (now) => this.#integrateShares(now),
      taskSubmitted: (task, now) => {
        const t = this.#tally(task);
        this.#queue(t, now, +1);
        t.submitted++;
      },
      taskStarted: (task, now) => {
        const t = this.#tally(task);
        this.#queue(t, now, -1);
        t.started++;
        t.waited += now - task.submit;
        touch(task.agent);
        this.#event('task_started', task, now);
      },
      taskEnded: (task, now) => {
        const t = this.#tally(task);
        if (task.start < 0) this.#queue(t, now, -1);
        t.ended++;
        if (task.state === 'finished') t.finished++;
        if (task.agent >= 0) touch(task.agent);
        this.#event('task_ended', task, now, { state: task.state });
      },
      offerResolved: (offer) => touch(offer.agent),
    };
  }

  /** Agent registrations seen in a view delta, as notifications (stamped with the request's time). */
  agentEvents(changes: readonly { readonly agent: number; readonly registered: boolean }[], now: SimTime): void {
    if (!this.notifications) return;
    for (const c of changes) this.#events.push({ event: c.registered ? 'agent_added' : 'agent_removed', time: now, agent: c.agent });
  }

  /** The signals of `frameworks` frameworks since the last take, up to `now`, and the notifications; starts the next interval. */
  take(now: SimTime, frameworks: number): { signals: unknown; events?: unknown[] } {
    this.#integrateShares(now);
    while (this.#tallies.length < frameworks) this.#tallies.push(fresh(this.#since));
    const figures = this.#tallies.map((t, framework) => {
      const waitTime = t.waitTime + t.queued * (now - t.queuedSince);
      return {
        framework,
        submitted: t.submitted,
        started: t.started,
        waited: t.waited,
        ended: t.ended,
        finished: t.finished,
        queued: t.queued,
        wait_time: waitTime,
        share_time: t.shareTime,
      };
    });
    const signals = { since: this.#since, frameworks: figures };
    this.#since = now;
    for (let i = 0; i < this.#tallies.length; i++) this.#tallies[i] = fresh(now, this.#tallies[i]!.queued);
    if (!this.notifications) return { signals };
    const events = this.#events;
    this.#events = [];
    return { signals, events };
  }

  #tally(task: Task): Tally {
    return this.#of(task.job.framework);
  }

  #of(framework: number): Tally {
    while (this.#tallies.length <= framework) this.#tallies.push(fresh(this.#since));
    return this.#tallies[framework]!;
  }

  #queue(t: Tally, now: SimTime, change: 1 | -1): void {
    t.waitTime += t.queued * (now - t.queuedSince);
    t.queuedSince = now;
    t.queued += change;
  }

  #integrateShares(now: SimTime): void {
    const view = this.#view;
    if (now <= this.#sharesAt) return;
    if (view !== undefined) {
      const dt = now - this.#sharesAt;
      for (const fw of view.frameworks) this.#of(fw.index).shareTime += dt * dominantShareWith(fw.allocation, undefined, view.total, NO_EXCLUSIONS);
    }
    this.#sharesAt = now;
  }

  #event(event: string, task: Task, now: SimTime, extra: Record<string, unknown> = {}): void {
    if (!this.notifications) return;
    this.#events.push({ event, time: now, task: taskId(task), attempt: task.attempt, framework: task.job.framework, agent: task.agent, ...extra });
  }
}

function fresh(now: SimTime, queued = 0): Tally {
  return { submitted: 0, started: 0, waited: 0, ended: 0, finished: 0, queued, waitTime: 0, shareTime: 0, queuedSince: now };
}
