/**
 * A framework's scheduler: the half of two-level scheduling that Mesos leaves
 * to frameworks. It queues its jobs' tasks, answers offers by launching the
 * tasks that fit and declining the rest, suppresses offers when it has nothing
 * to run and revives when work arrives.
 *
 * The scenario's timeline may also make it call SUPPRESS and REVIVE
 * (`callByScript`). A scripted SUPPRESS holds: until the
 * scripted REVIVE, new work does not revive it, as a Mesos framework that
 * suppressed stays suppressed until it revives itself (the automatic rule is
 * this framework model's own choice, and the script overrides it). After the
 * scripted REVIVE the automatic rule applies again.
 *
 * Answering takes a decision time of per_job × jobs considered + per_task ×
 * tasks considered (the Omega paper's model); offers arriving meanwhile wait
 * their turn, and offered resources stay held until the answer reaches the
 * master. The scheduler talks to the master only through events.
 *
 * With `holdOffers` > 0 the scheduler hoards, as Aurora did with its
 * min_offer_hold_time: an offer it cannot use is kept unanswered for up to that
 * many seconds instead of being declined, in case work comes that fits it. Held
 * offers are examined again with every new batch of offers and whenever new
 * work is queued, and are declined (with refuse_seconds) when the hold runs
 * out, unless the master rescinds them first (offer_timeout). They are kept
 * as a HeldOffers (held-offers.ts), so that a decision costs what it examines,
 * not the number of offers held.
 *
 * @module
 */
import type { Scheduler as EventScheduler } from '../core/simulation.js';
import type { SimEvent, OfferAnswer } from '../model/events/sim-event.js';
import type { Message } from '../master/network.js';
import type { TaskRequest } from '../allocator/types.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import { JobQueue, QueuedJob } from './job-queue.js';
import { placeTasks, type PlacementLimits } from './placement.js';
import { HeldOffers } from './held-offers.js';
import { StageTracker } from './stages.js';
import { ServiceTracker } from './services.js';
import { refill } from '../core/refill.js';

export interface SchedulerConfig extends PlacementLimits {
  readonly index: number;
  readonly name: string;
  /** Seconds per job considered in one decision. */
  readonly perJob: number;
  /** Seconds per task considered in one decision. */
  readonly perTask: number;
  /** Filter installed on declined resources (Mesos Filters.refuse_seconds on DECLINE). */
  readonly refuseSeconds: number;
  /** Filter on the unused part of an accepted offer (the filters passed with ACCEPT). */
  readonly refuseSecondsOnAccept: number;
  /** Revive whenever new work arrives, even if not suppressed (clears filters): the idealised mode. */
  readonly reviveOnNewWork: boolean;
  /** Suppress offers while nothing is queued (and revive when work comes); false: never suppress. */
  readonly suppressWhenIdle: boolean;
  /** Tell the master when new work arrives (Mesos's REQUEST call), for allocators that react to demand. */
  readonly requestOnNewWork: boolean;
  /** Seconds an offer it cannot use is kept before it is declined; 0: declined at once. */
  readonly holdOffers: number;
}

export class FrameworkScheduler {
  readonly queue = new JobQueue();
  /** Jobs with stages waiting for their parents (see stages.ts). */
  readonly stages = new StageTracker();
  /** Its long-running services (see services.ts). */
  readonly services = new ServiceTracker();
  /** Tasks to kill once the decision placing them is sent. */
  #killAfterDecision: Task[] = [];
  /** Offer batches not yet answered, oldest first. */
  readonly #inbox: Offer[][] = [];
  #deciding = false;
  /** Tasks taken from the queue for the decision under way. */
  #placing: Task[] = [];
  /** Offers kept unanswered (holdOffers), each until used, rescinded or its hold runs out. */
  readonly #held = new HeldOffers();
  /** Work was queued since the held offers were last examined. */
  #recheckHeld = false;
  /** What this scheduler last told the master. */
  #suppressed = false;
  /** Suppressed by the script, until the script revives it: no automatic revive meanwhile. */
  #suppressedByScript = false;
  #subscribed = false;
  #gone = false;
  /** config.requestOnNewWork, until a fork changes the policy (requestOnNewWork). */
  #requestOnNewWork: boolean;

  constructor(
    readonly config: SchedulerConfig,
    private readonly sim: EventScheduler<SimEvent>,
    /** Sends a message to the master (through the network, which delays it). */
    private readonly toMaster: (message: Message) => void,
  ) {
    this.#requestOnNewWork = config.requestOnNewWork;
  }

  /** From now on, tell the master of new work, or not (a fork to a policy that reacts to demand, or not: src/checkpoint). */
  requestOnNewWork(on: boolean): void {
    this.#requestOnNewWork = on;
  }

  get subscribed(): boolean {
    return this.#subscribed;
  }

  /** The timeline suppressed it and has not revived it since. */
  get suppressedByScript(): boolean {
    return this.#suppressedByScript;
  }

  /** Registers with the master, suppressed if the script suppressed it or there is nothing to run yet. */
  subscribe(): void {
    this.#subscribed = true;
    this.#suppressed = this.#suppressedByScript || (this.config.suppressWhenIdle && this.queue.pendingTasks === 0);
    this.#send({ kind: 'subscribe', framework: this.config.index, suppressed: this.#suppressed });
  }

  /** The framework left: it answers nothing more; returns its tasks never launched (queued or being placed). */
  leave(): Task[] {
    this.#gone = true;
    this.#inbox.length = 0;
    this.#held.clear();
    const never = [...this.#placing, ...this.queue.drain()];
    this.#placing = [];
    return never;
  }

  get gone(): boolean {
    return this.#gone;
  }

  /** New tasks to run (a job arrived, or a launch failed and they go back to the head). */
  enqueue(tasks: readonly Task[], gang: boolean, atFront = false): void {
    const local = this.config.locality !== undefined && tasks.some((t) => t.prefer !== undefined);
    // A job under delay scheduling launches its tasks out of order: it gets its own array.
    const job = local ? new QueuedJob([...tasks], gang, { level: 0, waitSince: undefined }) : new QueuedJob(tasks, gang);
    if (atFront) this.queue.pushFront(job);
    else this.queue.push(job);
    if (this.#subscribed && !this.#gone && !this.#suppressed) {
      if (this.config.reviveOnNewWork) this.#send({ kind: 'revive', framework: this.config.index });
      else if (this.#requestOnNewWork) this.#send({ kind: 'request', framework: this.config.index });
    }
    this.#updateInterest();
    if (this.#held.size > 0) {
      this.#recheckHeld = true;
      if (!this.#deciding) this.#decideNext();
    }
  }

  /**
   * Kills one of its tasks: one still queued is taken out (true: the caller
   * ends it); one being placed is killed once the launch is sent; any other is
   * killed through the master.
   */
  kill(task: Task): boolean {
    if (task.state === 'pending' && this.queue.cancel(task)) {
      this.#updateInterest();
      return true;
    }
    if (this.#placing.includes(task)) this.#killAfterDecision.push(task);
    else this.#send({ kind: 'kill-task', framework: this.config.index, task });
    return false;
  }

  /** Its next unlaunched tasks as requests, oldest first (at most `limit`, within `lookahead` jobs). */
  requests(limit: number): TaskRequest[] {
    const out: TaskRequest[] = [];
    this.queue.forEachWaiting(this.config.lookahead, (job) => {
      const gangSize = job.gang ? job.tasks.length - job.next : 0;
      for (let k = job.next; k < job.tasks.length && out.length < limit; k++) {
        const t = job.tasks[k]!;
        out.push({
          resources: t.resources,
          bid: t.job.bid,
          priority: t.job.priority,
          pool: t.job.pool,
          submit: t.submit,
          job: t.job,
          index: t.index,
          duration: t.duration,
          gangSize,
        });
      }
      return out.length < limit;
    });
    return out;
  }

  offersReceived(offers: readonly Offer[]): void {
    if (this.#gone) return;
    this.#inbox.push([...offers]);
    if (!this.#deciding) this.#decideNext();
  }

  offerRescinded(offer: Offer): void {
    for (const batch of this.#inbox) {
      const i = batch.indexOf(offer);
      if (i >= 0) batch.splice(i, 1);
    }
    this.#held.delete(offer);
  }

  /** The hold on `offer` ran out: decline it now, unless it was used or rescinded meanwhile. */
  holdExpired(offer: Offer): void {
    if (!this.#held.delete(offer) || this.#gone) return;
    const answers = [{ offer, tasks: [], refuseSeconds: this.config.refuseSeconds }];
    this.#send({ kind: 'offer-answers', framework: this.config.index, answers });
    this.#updateInterest();
  }

  /** The decision time has passed: send the answers and take the next batch. */
  decisionMade(answers: readonly OfferAnswer[]): void {
    this.#deciding = false;
    this.#placing = [];
    if (this.#gone) return;
    this.#send({ kind: 'offer-answers', framework: this.config.index, answers });
    for (const task of this.#killAfterDecision) this.#send({ kind: 'kill-task', framework: this.config.index, task });
    this.#killAfterDecision = [];
    this.#decideNext();
    this.#updateInterest();
  }

  /** Starts a decision on the next batch of offers, with the held ones (if any) first. */
  #decideNext(): void {
    const fresh = this.#inbox.shift();
    const recheck = this.#recheckHeld && this.#held.size > 0;
    if (fresh === undefined && !recheck) return;
    this.#recheckHeld = false;
    // With offers held, as placeTasks on [...held, ...fresh]; the held slots it leaves out were not used and stay held.
    const placement =
      this.#held.size === 0 ? placeTasks(this.queue, fresh!, this.config, this.sim.now) : this.#held.place(this.queue, fresh ?? [], this.config, this.sim.now);
    const answers: OfferAnswer[] = [];
    for (const { offers, tasks } of placement.slots) {
      if (tasks.length > 0) {
        for (const offer of offers) this.#held.delete(offer);
        const [offer, ...also] = offers;
        answers.push({ offer: offer!, tasks, refuseSeconds: this.config.refuseSecondsOnAccept, ...(also.length > 0 ? { also } : {}) });
        for (const t of tasks) this.#placing.push(t);
      } else {
        for (const offer of offers) if (!this.#hold(offer)) answers.push({ offer, tasks, refuseSeconds: this.config.refuseSeconds });
      }
    }
    const delay = this.config.perJob * placement.jobsConsidered + this.config.perTask * placement.tasksConsidered;
    this.#deciding = true;
    this.sim.schedule(delay, { kind: 'decision-made', framework: this.config.index, answers });
  }

  /**
   * Keeps an offer it cannot use, if holding is on; its hold starts the first
   * time. False: decline it. An offer granted for named jobs is never kept:
   * no other job may use it.
   */
  #hold(offer: Offer): boolean {
    if (this.#held.has(offer)) return true;
    if (!(this.config.holdOffers > 0) || offer.forJobs !== undefined) return false;
    this.#held.add(offer);
    this.sim.schedule(this.config.holdOffers, { kind: 'hold-expired', framework: this.config.index, offer });
    return true;
  }

  /**
   * A scripted SUPPRESS or REVIVE, sent now (before the framework subscribes,
   * its SUBSCRIBE carries the state, as Mesos's driver carries its suppressed
   * roles). A SUPPRESS holds until the scripted REVIVE; outstanding offers are
   * still answered. A REVIVE is sent even if it is not suppressed (the master
   * clears its filters and allocates, as Mesos does for a redundant REVIVE),
   * and from then on the automatic rule applies again. False: the framework
   * has left, and nothing is sent.
   */
  callByScript(call: 'suppress' | 'revive'): boolean {
    if (this.#gone) return false;
    this.#suppressedByScript = this.#suppressed = call === 'suppress';
    if (this.#subscribed) this.#send({ kind: call, framework: this.config.index });
    this.#updateInterest();
    return true;
  }

  /** Suppresses offers when nothing is queued; revives when work is waiting (never while the script holds it suppressed). */
  #updateInterest(): void {
    if (!this.#subscribed || this.#gone || this.#suppressedByScript) return;
    const wants = this.queue.pendingTasks > 0;
    if (wants && this.#suppressed) {
      this.#suppressed = false;
      this.#send({ kind: 'revive', framework: this.config.index });
    } else if (this.config.suppressWhenIdle && !wants && !this.#suppressed && !this.#deciding && this.#inbox.length === 0) {
      this.#suppressed = true;
      this.#send({ kind: 'suppress', framework: this.config.index });
    }
  }

  #send(message: Message): void {
    this.toMaster(message);
  }

  /** Its state as data (src/checkpoint/snapshot.ts): its queue, stages, services, inbox, decision under way, held offers and what it told the master. */
  saveState() {
    return {
      queue: this.queue.saveState(),
      stages: this.stages.saveState(),
      services: this.services.saveState(),
      killAfterDecision: this.#killAfterDecision,
      inbox: this.#inbox,
      deciding: this.#deciding,
      placing: this.#placing,
      held: this.#held.inHoldOrder(),
      recheckHeld: this.#recheckHeld,
      suppressed: this.#suppressed,
      suppressedByScript: this.#suppressedByScript,
      subscribed: this.#subscribed,
      gone: this.#gone,
      requestOnNewWork: this.#requestOnNewWork,
    };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<FrameworkScheduler['saveState']>): void {
    this.queue.loadState(s.queue);
    this.stages.loadState(s.stages);
    this.services.loadState(s.services);
    this.#killAfterDecision = s.killAfterDecision;
    refill(this.#inbox, s.inbox);
    this.#deciding = s.deciding;
    this.#placing = s.placing;
    this.#held.clear();
    for (const offer of s.held) this.#held.add(offer);
    this.#recheckHeld = s.recheckHeld;
    this.#suppressed = s.suppressed;
    this.#suppressedByScript = s.suppressedByScript;
    this.#subscribed = s.subscribed;
    this.#gone = s.gone;
    this.#requestOnNewWork = s.requestOnNewWork;
  }
}
