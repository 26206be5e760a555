/**
 * The discrete-event loop: a clock and a queue, nothing about clusters.
 *
 * Events are plain data. The caller passes one handler that receives every
 * event; domain code dispatches on the event's kind. Time only moves forward,
 * and only this loop moves it.
 *
 * @module
 */
import { EventQueue, Priority, type SimTime } from './event-queue.js';

export { Priority, type SimTime } from './event-queue.js';

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

export type Handler<E> = (event: E, now: SimTime) => void;

export class Simulation<E> implements Scheduler<E> {
  readonly #queue = new EventQueue<E>();
  #now: SimTime = 0;
  #processed = 0;
  #handler: Handler<E> | undefined;

  /** The handler may also be set later, once the model that owns it exists. */
  constructor(handler?: Handler<E>) {
    this.#handler = handler;
  }

  setHandler(handler: Handler<E>): void {
    this.#handler = handler;
  }

  get now(): SimTime {
    return this.#now;
  }

  /** Events handled so far. */
  get processed(): number {
    return this.#processed;
  }

  /** Events still queued. */
  get pending(): number {
    return this.#queue.size;
  }

  /** Time of the next queued event, or undefined when none is left. */
  get nextTime(): SimTime | undefined {
    return this.#queue.peek()?.time;
  }

  schedule(delay: SimTime, event: E, priority: number = Priority.Normal): void {
    if (!(delay >= 0) || !Number.isFinite(delay)) {
      throw new RangeError(`cannot schedule an event with delay ${delay}: delays must be finite and >= 0`);
    }
    this.#queue.push(this.#now + delay, priority, event);
  }

  scheduleAt(time: SimTime, event: E, priority: number = Priority.Normal): void {
    if (!(time >= this.#now) || !Number.isFinite(time)) {
      throw new RangeError(`cannot schedule an event at ${time}: it is before now (${this.#now}) or not finite`);
    }
    this.#queue.push(time, priority, event);
  }

  /** Handles the next event. Returns false when nothing is left. */
  step(): boolean {
    const next = this.#queue.pop();
    if (next === undefined) return false;
    if (this.#handler === undefined) throw new Error('Simulation.step: no handler set');
    this.#now = next.time;
    this.#processed++;
    this.#handler(next.event, next.time);
    return true;
  }

  /**
   * Steps until the queue is empty, the next event is later than `until`, or
   * `stop()` returns true (checked after each event). When stopped by `until`,
   * or when the queue runs empty before a finite `until`, the clock is advanced
   * to `until` (as SimPy's `run(until)`): nothing happens in between, but the
   * time passes.
   */
  run(until: SimTime = Infinity, stop?: () => boolean): void {
    for (;;) {
      const next = this.#queue.peek();
      if (next === undefined) {
        if (Number.isFinite(until) && until > this.#now) this.#now = until;
        break;
      }
      if (next.time > until) {
        this.#now = until;
        break;
      }
      this.step();
      if (stop !== undefined && stop()) break;
    }
  }
}
