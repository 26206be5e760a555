/**
 * The agenda: the clock and the queue of events to come. Components that
 * schedule events are given it (as a `Scheduler`) before the simulation that
 * runs it is made, so that the simulation can be made with their handlers.
 * Only the simulation loop takes events off it and moves its clock.
 *
 * @module
 */
import { EventQueue, Priority, type QueueState, type Scheduled, type SimTime } from './event-queue.js';

export interface Clock {
  /** Current simulated time, in seconds. */
  readonly now: SimTime;
}

/** What a model may do with the simulation: read the clock and schedule events. */
export interface Scheduler<E> extends Clock {
  /** Schedules `event` at now + delay. Throws on a negative or non-finite delay. */
  schedule(delay: SimTime, event: E, priority?: number): void;
  /** Schedules `event` at an absolute time, which must not be in the past. */
  scheduleAt(time: SimTime, event: E, priority?: number): void;
}

export class Agenda<E> implements Scheduler<E> {
  readonly #queue = new EventQueue<E>();
  #now: SimTime = 0;

  get now(): SimTime {
    return this.#now;
  }

  /** Events still queued. */
  get pending(): number {
    return this.#queue.size;
  }

  /** The next queued entry, left in place; undefined when none is left. */
  peek(): Scheduled<E> | undefined {
    return this.#queue.peek();
  }

  /** Time of the next queued event; Infinity when none is left. */
  get nextTime(): SimTime {
    return this.#queue.nextTime;
  }

  schedule(delay: SimTime, event: E, priority: number = Priority.Normal): void {
    if (!(delay >= 0) || !Number.isFinite(delay)) {
      throw new RangeError(`cannot schedule an event with delay ${delay}: delays must be finite and >= 0`);
    }
    this.#queue.add(this.#now + delay, priority, event);
  }

  scheduleAt(time: SimTime, event: E, priority: number = Priority.Normal): void {
    if (!(time >= this.#now) || !Number.isFinite(time)) {
      throw new RangeError(`cannot schedule an event at ${time}: it is before now (${this.#now}) or not finite`);
    }
    this.#queue.add(time, priority, event);
  }

  /** For the simulation loop: removes the next event and moves the clock to its time (undefined, the clock unmoved, when none is left). */
  take(): E | undefined {
    const queue = this.#queue;
    if (queue.size === 0) return undefined;
    this.#now = queue.nextTime;
    return queue.next();
  }

  /** The clock and the queue as data (a checkpoint's); with `taken`, the event take() last returned is put back, due now. */
  saveState(taken?: E): { readonly now: SimTime; readonly queue: QueueState<E> } {
    return { now: this.#now, queue: this.#queue.saveState(taken === undefined ? undefined : { time: this.#now, event: taken }) };
  }

  /** Takes a saveState() in place of the clock and everything queued. */
  loadState(state: { readonly now: SimTime; readonly queue: QueueState<E> }): void {
    if (!Number.isFinite(state.now) || state.now < 0) throw new RangeError(`agenda state: the clock at ${state.now} (expected a time >= 0)`);
    if (state.queue.events.length > 0 && state.queue.times.some((t) => t < state.now)) throw new RangeError('agenda state: an event queued before the clock');
    this.#queue.loadState(state.queue);
    this.#now = state.now;
  }

  /** For the simulation loop: time passes to `time` with nothing happening (never backwards). */
  passTo(time: SimTime): void {
    if (time > this.#now) this.#now = time;
  }
}
