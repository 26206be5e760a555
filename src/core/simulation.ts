/**
 * The discrete-event loop: a clock and a queue, nothing about clusters.
 *
 * Events are plain data with a `kind`. The simulation is made with its
 * handler table (handlers.ts): one function per kind, so each event is one
 * table lookup and one call. Time only moves forward, and only this loop
 * moves it.
 *
 * @module
 */
import { Agenda, type Scheduler } from './agenda.js';
import type { SimTime } from './event-queue.js';
import type { EventBase, Handler, Handlers } from './handlers.js';

export { Agenda, type Clock, type Scheduler } from './agenda.js';
export { Priority, type SimTime } from './event-queue.js';
export { guarded, mergeHandlers, type EventBase, type Handler, type Handlers, type HandlersFor } from './handlers.js';

/** The kernel's state as data: the events handled, the clock and the queue (Simulation.snapshot). */
export interface KernelState<E> {
  readonly processed: number;
  readonly agenda: ReturnType<Agenda<E>['saveState']>;
  /** Saved while an event was about to be handled: it is the first queued (due now). */
  readonly taken: boolean;
}

export interface SimulationOptions {
  /** Called before each event is handled, with its time (the clock is already there). */
  readonly beforeEach?: (now: SimTime) => void;
}

export class Simulation<E extends EventBase> implements Scheduler<E> {
  readonly #agenda: Agenda<E>;
  readonly #handlers: Readonly<Record<string, Handler<E>>>;
  readonly #beforeEach: ((now: SimTime) => void) | undefined;
  #processed = 0;
  #restoredTaken = false;

  /** Restored from a state saved as an event was about to be handled (that event is queued again, first). */
  get restoredTaken(): boolean {
    return this.#restoredTaken;
  }

  /** The event taken off the queue and not yet handled, while `beforeEach` runs. */
  #taken: E | undefined;

  /**
   * Runs `agenda` (a fresh one by default), dispatching each event to its
   * kind's handler. The components that schedule onto the agenda are made
   * with it before the simulation, so that their handlers can be given here.
   */
  constructor(handlers: Handlers<E>, agenda: Agenda<E> = new Agenda<E>(), options: SimulationOptions = {}) {
    this.#agenda = agenda;
    this.#handlers = handlers as unknown as Readonly<Record<string, Handler<E>>>;
    this.#beforeEach = options.beforeEach;
  }

  /** The agenda it runs (what components schedule onto). */
  get agenda(): Agenda<E> {
    return this.#agenda;
  }

  get now(): SimTime {
    return this.#agenda.now;
  }

  /** Events handled so far. */
  get processed(): number {
    return this.#processed;
  }

  /** Events still queued. */
  get pending(): number {
    return this.#agenda.pending;
  }

  /** Time of the next queued event, or undefined when none is left. */
  get nextTime(): SimTime | undefined {
    return this.#agenda.pending === 0 ? undefined : this.#agenda.nextTime;
  }

  /**
   * The events handled so far, the clock and the queue, as data (a
   * checkpoint's). Called from `beforeEach`, it saves the state before the
   * event about to be handled: that event still queued, due now.
   */
  saveState(): KernelState<E> {
    const taken = this.#taken;
    return { processed: this.#processed - (taken === undefined ? 0 : 1), agenda: this.#agenda.saveState(taken), taken: taken !== undefined };
  }

  /** Takes a saveState() in place of its own count, clock and queue. */
  loadState(state: KernelState<E>): void {
    if (!Number.isSafeInteger(state.processed) || state.processed < 0) throw new RangeError(`kernel state: ${state.processed} events handled (expected a count)`);
    if (typeof state.taken !== 'boolean' || (state.taken && state.agenda.queue.events.length === 0)) throw new RangeError('kernel state: whether an event was about to be handled');
    this.#agenda.loadState(state.agenda);
    this.#processed = state.processed;
    this.#restoredTaken = state.taken;
  }

  schedule(delay: SimTime, event: E, priority?: number): void {
    this.#agenda.schedule(delay, event, priority);
  }

  scheduleAt(time: SimTime, event: E, priority?: number): void {
    this.#agenda.scheduleAt(time, event, priority);
  }

  /** Handles the next event. Returns false when nothing is left. */
  step(): boolean {
    const agenda = this.#agenda;
    const event = agenda.take();
    if (event === undefined) return false;
    this.#processed++;
    const time = agenda.now;
    if (this.#beforeEach !== undefined) {
      this.#taken = event;
      this.#beforeEach(time);
      this.#taken = undefined;
    }
    this.#handlers[event.kind]!(event, time);
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
    const agenda = this.#agenda;
    for (;;) {
      if (agenda.pending === 0) {
        if (Number.isFinite(until)) agenda.passTo(until);
        break;
      }
      if (agenda.nextTime > until) {
        agenda.passTo(until);
        break;
      }
      this.step();
      if (stop !== undefined && stop()) break;
    }
  }
}
