/**
 * Every second of every wait, attributed (waits.csv and summary.json
 * `waits`): an observer that splits each task attempt's wait into the causes
 * of wait-causes.ts, which add up to it.
 *
 * The wait of an attempt runs from when it was due (its job's submission for
 * a stage's task, the previous attempt's end for a retry, else its
 * submission) to its start, or to its end if it never started, or to the end
 * of the run if it is still queued. Each framework keeps a clock per cause:
 * the seconds its queued tasks have spent in each state so far. A queued
 * attempt's share of a cause is the clock's advance between its queueing and
 * its launch, so an attempt costs O(causes) when it is queued and when its
 * wait ends, whatever the number of state changes meanwhile; attempts queued
 * by a framework at one instant share one copy of the clocks.
 *
 * It only reads the world (through WaitSource) and never changes it.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { forwarding, type RunObserver } from '../master/observer.js';
import type { Offer } from '../model/offer.js';
import { type Quantities } from '../model/resources.js';
import type { Task } from '../model/task.js';
import type { AgentView, ClusterView } from '../model/view.js';
import { csvCell } from './csv-text.js';
import type { TableSink } from './sinks.js';
import { CAUSE, judge, NO_ROOM, roomOn, WAIT_CAUSES, type JudgedCluster, type QueuedDemand } from './wait-causes.js';
import { WaitTotals, type WaitsReport } from './wait-totals.js';
import { balance, CAUSES, FrameworkClock, type Mark, type Waiting } from './wait-clock.js';
import type { MeasurementWindow } from './window.js';
import { refill } from '../core/refill.js';
import { FreeAgentIndex } from '../allocator/baselines/agent-tree.js';
import { IndexMap } from '../core/index-map.js';
import type { Snapshotting } from '../checkpoint/snapshotting.js';

/** What the attribution reads of the world, read-only. */
export interface WaitSource {
  /** The allocator's view of the master's books (agents, frameworks, filters). */
  readonly view: ClusterView;
  /** The cluster's sums, in milli-units. */
  readonly total: Quantities;
  readonly offered: Quantities;
  readonly allocated: Quantities;
  /** Tasks released from their agents by the master so far (a count that only grows). */
  releases(): number;
  /** What framework `fw`'s queued tasks need (undefined when none is queued). */
  demand(fw: number): QueuedDemand | undefined;
  /** Whether the task belongs to a stage of a job with stages (queued when its parents finish). */
  staged(task: Task): boolean;
}

/** The names and grouping of frameworks, known before the run. */
export interface WaitGroups {
  readonly frameworks: readonly { readonly name: string; readonly role: string }[];
}

/** The framework's clocks at one instant, shared by the attempts it queued then. */
/** The attribution's observer, and its summary figures once the run is over. */
export function waitAttribution(
  inner: RunObserver,
  source: () => WaitSource,
  groups: WaitGroups,
  sink: TableSink | undefined,
  window: MeasurementWindow,
): { observer: RunObserver; report: (end: SimTime) => WaitsReport; readonly state: Snapshotting<ReturnType<Attribution['saveState']>> } {
  const a = new Attribution(source, groups, sink, window);
  const observer = forwarding(inner, {
    beforeEvent: (now) => {
      a.settle(now);
      inner.beforeEvent?.(now);
    },
    taskSubmitted: (task, now) => {
      a.submitted(task, now);
      inner.taskSubmitted(task, now);
    },
    taskStarted: (task, now) => {
      a.started(task, now);
      inner.taskStarted(task, now);
    },
    taskEnded: (task, now) => {
      a.ended(task, now);
      inner.taskEnded(task, now);
    },
    offerMade: (offer) => {
      a.offerMade(offer);
      inner.offerMade(offer);
    },
    offerResolved: (offer, n, now, unused) => {
      a.offerResolved(offer, n, now);
      inner.offerResolved(offer, n, now, unused);
    },
    allocationPass: (now) => {
      a.allocationPass(now);
      inner.allocationPass?.(now);
    },
    fault: (event, now) => {
      a.agentsChanged();
      inner.fault?.(event, now);
    },
  });
  return { observer, report: (end) => a.finish(end), state: a };
}

class Attribution {
  readonly #fw: FrameworkClock[];
  readonly #waiting = new Map<Task, Waiting>();
  /** Ends of attempts to be retried, by task id: the next attempt is due then. */
  readonly #retried = new Map<string, SimTime>();
  /** Frameworks to judge at the next event, with the time the change happened and whether just after a run. */
  readonly #toJudge = new IndexMap<{ time: SimTime; afterRun: boolean }>();
  /**
   * Agents that get resources back: from an offer declined or left over (at
   * once), or from a task that ended (once the master has its status update
   * and releases them: until then the agent still holds the task).
   */
  readonly #freed = new IndexMap<Task | undefined>();
  /**
   * Whether an entry of #freed is due whatever the master released: an
   * agent freed by an offer, or by a task already released when it was
   * reported ended. Otherwise an entry is due only once its task is released,
   * so #freed is looked through only after a release (not at every event).
   */
  #freedDue = false;
  /** The master's release count when #freed was last looked through. */
  #releasesSeen = -1;
  /** The time of the event last handled. */
  #eventTime: SimTime = 0;
  /** Launched attempts' accepted offers, by framework and agent, until their tasks start. */
  readonly #launches = new Map<number, { time: SimTime; mark: Mark; tasks: number }>();
  readonly #totals: WaitTotals;
  /** Agents seen registered (so that one away is a failure, not a late start). */
  #seen: Uint8Array | undefined;
  #away = false;
  #awayStale = true;
  /** The next time a maintenance window opens or closes (the away flag is recomputed then). */
  #awayUntil: SimTime = Infinity;
  #free: Quantities | undefined;
  /** The free agents by what they have available, kept up to date from what changed: the judgement finds one with room without walking every free agent. Not saved: a restored run builds it again. */
  readonly #rooms = new FreeAgentIndex((a) => a.available);
  readonly #withRoom = (least: Quantities, visit: (agent: AgentView) => boolean): boolean => this.#rooms.positions(this.source().view).find(least, visit) >= 0;
  /** One attempt's seconds by cause, reused from attempt to attempt. */
  readonly #seconds = new Float64Array(CAUSES);

  constructor(
    private readonly source: () => WaitSource,
    private readonly groups: WaitGroups,
    private readonly sink: TableSink | undefined,
    private readonly window: MeasurementWindow,
  ) {
    this.#fw = groups.frameworks.map(() => new FrameworkClock());
    this.#totals = new WaitTotals(groups.frameworks);
    sink?.header(['task_id', 'attempt', ...WAIT_CAUSES, 'wait']);
  }

  submitted(task: Task, now: SimTime): void {
    const f = task.job.framework;
    const clock = this.#fw[f]!;
    let due = task.submit;
    if (task.attempt > 0) {
      const id = task.id;
      due = this.#retried.get(id) ?? due;
      this.#retried.delete(id);
    } else if (this.source().staged(task)) due = task.job.submit;
    this.#waiting.set(task, clock.waiting(Math.min(due, now), now));
    if (clock.queued++ === 0 && clock.offers === 0) this.#toJudge.set(f, { time: now, afterRun: false });
  }

  started(task: Task, now: SimTime): void {
    const w = this.#waiting.get(task);
    if (w === undefined) return;
    const f = task.job.framework;
    const key = f * this.source().view.agents.length + task.agent;
    const launch = this.#launches.get(key);
    if (launch !== undefined && launch.time >= w.queuedAt) {
      if (--launch.tasks <= 0) this.#launches.delete(key);
      this.#close(task, w, now, launch.time, launch.mark);
    } else this.#close(task, w, now);
  }

  ended(task: Task, now: SimTime): void {
    if (task.retried) this.#retried.set(task.id, now);
    if (task.start >= 0 && task.agent >= 0) {
      this.#freed.set(task.agent, task);
      if (!this.source().view.agents[task.agent]!.tasks.has(task)) this.#freedDue = true;
    }
    const w = this.#waiting.get(task);
    if (w !== undefined) this.#close(task, w, now);
  }

  offerMade(offer: Offer): void {
    const clock = this.#fw[offer.framework]!;
    if (clock.offers++ === 0) clock.switch(CAUSE.decision, offer.time);
    this.#toJudge.delete(offer.framework);
  }

  offerResolved(offer: Offer, launched: number, now: SimTime): void {
    const f = offer.framework;
    const clock = this.#fw[f]!;
    if (launched > 0) {
      const key = f * this.source().view.agents.length + offer.agent;
      this.#launches.set(key, { time: now, mark: clock.markAt(now), tasks: launched });
    }
    if (offer.outcome !== 'accepted' || launched === 0) {
      this.#freed.set(offer.agent, undefined);
      this.#freedDue = true;
    }
    if (--clock.offers === 0) this.#toJudge.set(f, { time: now, afterRun: false });
  }

  allocationPass(now: SimTime): void {
    this.#fw.forEach((clock, f) => {
      if (clock.queued > 0 && clock.offers === 0) this.#toJudge.set(f, { time: now, afterRun: true });
    });
  }

  agentsChanged(): void {
    this.#awayStale = true;
  }

  /** Before each event: judges the frameworks whose state may have changed at the last events (the world now shows it). */
  settle(now: SimTime): void {
    const last = this.#eventTime;
    this.#eventTime = now;
    if (this.#toJudge.size === 0 && this.#freed.size === 0) return;
    const cluster = this.#cluster(now);
    for (let f = this.#toJudge.first(); f >= 0; f = this.#toJudge.after(f)) {
      const { time, afterRun } = this.#toJudge.get(f)!;
      const clock = this.#fw[f]!;
      if (clock.offers > 0) continue;
      const demand = this.source().demand(f);
      if (demand !== undefined) clock.switch(judge(cluster, f, demand, afterRun), time);
    }
    this.#toJudge.clear();
    const releases = this.source().releases();
    if (this.#freed.size === 0 || (!this.#freedDue && releases === this.#releasesSeen)) return;
    this.#freedDue = false;
    this.#releasesSeen = releases;
    for (let agentIndex = this.#freed.first(), next; agentIndex >= 0; agentIndex = next) {
      next = this.#freed.after(agentIndex);
      const task = this.#freed.get(agentIndex);
      const agent = cluster.view.agents[agentIndex]!;
      if (task !== undefined && agent.tasks.has(task)) continue; // not released yet
      this.#freed.delete(agentIndex);
      this.#roomBack(cluster, agent, last);
    }
  }

  /** An agent got resources back: a framework without room that now has room there waits for the next run. */
  #roomBack(cluster: JudgedCluster, agent: AgentView, time: SimTime): void {
    this.#fw.forEach((clock, f) => {
      if (clock.queued === 0 || clock.offers > 0 || !NO_ROOM.has(clock.cause)) return;
      const demand = this.source().demand(f);
      if (demand !== undefined && roomOn(cluster, f, agent, demand.least) === 'room') clock.switch(CAUSE.allocation_interval, time);
    });
  }

  #cluster(now: SimTime): JudgedCluster {
    const s = this.source();
    const free = (this.#free ??= new Float64Array(s.total.length));
    for (let i = 0; i < free.length; i++) free[i] = s.total[i]! - s.offered[i]! - s.allocated[i]!;
    if (this.#awayStale || now >= this.#awayUntil) this.#away = this.#anyAway(s.view, now);
    return { view: s.view, free, offered: s.offered, agentAway: this.#away, withRoom: this.#withRoom };
  }

  /** Whether an agent that registered before is away, draining or in maintenance (recomputed after fault events). */
  #anyAway(view: ClusterView, now: SimTime): boolean {
    const seen = (this.#seen ??= new Uint8Array(view.agents.length));
    let away = false;
    let next = Infinity;
    for (const agent of view.agents) {
      if (agent.registered) seen[agent.index] = 1;
      const u = agent.unavailability;
      if (u !== undefined) {
        // A window opens and closes without a fault event of its own: look again then.
        if (now < u.start) next = Math.min(next, u.start);
        else if (now < u.start + u.duration) next = Math.min(next, u.start + u.duration);
      }
      if ((!agent.registered && seen[agent.index] === 1) || agent.draining || (u !== undefined && now >= u.start && now < u.start + u.duration)) away = true;
    }
    this.#awayStale = false;
    this.#awayUntil = next;
    return away;
  }

  /** The attempt's wait is over at `now` (launched at `launchedAt`, the clocks then `launchMark`, if it was): its row and its totals. */
  #close(task: Task, w: Waiting, now: SimTime, launchedAt?: SimTime, launchMark?: Mark): void {
    this.#waiting.delete(task);
    const clock = this.#fw[task.job.framework]!;
    const queuedEnd = launchedAt ?? now;
    const endMark = launchMark ?? clock.markAt(now);
    clock.queued--;
    const seconds = this.#seconds;
    for (let c = 0; c < CAUSES; c++) seconds[c] = endMark.clocks[c]! - w.mark.clocks[c]!;
    seconds[task.attempt > 0 ? CAUSE.retry_backoff : CAUSE.stage_parents]! += w.queuedAt - w.due;
    seconds[CAUSE.launching]! += now - queuedEnd;
    const wait = now - w.due;
    balance(seconds, wait);
    const sink = this.sink;
    if (sink?.line !== undefined) {
      // The row as text (csv-text.ts): the same bytes as the cells below, without an array a row.
      let text = `${csvCell(task.id)},${task.attempt}`;
      for (let c = 0; c < CAUSES; c++) text += `,${seconds[c]!}`;
      sink.line(`${text},${wait}\n`);
    } else if (sink !== undefined) {
      const cells: (string | number)[] = [task.id, task.attempt];
      for (let c = 0; c < CAUSES; c++) cells.push(seconds[c]!);
      cells.push(wait);
      sink.row(cells);
    }
    if (this.window.contains(now)) this.#totals.add(task.job.framework, seconds);
  }

  /** Closes the waits still open at the end of the run, and returns the totals. */
  finish(end: SimTime): WaitsReport {
    this.settle(end);
    for (const [task, w] of [...this.#waiting]) this.#close(task, w, end);
    return this.#totals.report();
  }

  /** Its state as data (src/checkpoint/snapshot.ts): every framework's clocks, the attempts waiting, and what is to judge. */
  saveState() {
    const clocks = this.#fw.map((c) => ({ clocks: c.clocks, cause: c.cause, since: c.since, queued: c.queued, offers: c.offers, mark: c.mark, markTime: c.markTime }));
    return {
      ...{ clocks, waiting: this.#waiting, retried: this.#retried, toJudge: this.#toJudge.toMap(), freed: this.#freed.toMap(), eventTime: this.#eventTime, launches: this.#launches },
      ...{ totals: this.#totals.saveState(), seen: this.#seen, away: this.#away, awayStale: this.#awayStale, awayUntil: this.#awayUntil, free: this.#free },
    };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<Attribution['saveState']>): void {
    if (s.clocks.length !== this.#fw.length) throw new RangeError(`${this.#fw.length} frameworks' wait clocks`);
    this.#fw.forEach((c, i) => {
      const saved = s.clocks[i]!;
      refill(c.clocks, saved.clocks);
      Object.assign(c, { cause: saved.cause, since: saved.since, queued: saved.queued, offers: saved.offers, mark: saved.mark, markTime: saved.markTime });
    });
    refill(this.#waiting, s.waiting);
    refill(this.#retried, s.retried);
    const toJudge = new Map<number, { time: SimTime; afterRun: boolean }>();
    refill(toJudge, s.toJudge);
    this.#toJudge.load(toJudge);
    const freed = new Map<number, Task | undefined>();
    refill(freed, s.freed);
    this.#freed.load(freed);
    this.#eventTime = s.eventTime;
    refill(this.#launches, s.launches);
    this.#totals.loadState(s.totals);
    this.#seen = s.seen;
    this.#away = s.away;
    this.#awayStale = s.awayStale;
    this.#awayUntil = s.awayUntil;
    this.#free = s.free;
  }
}
