/**
 * Messages held across a cut link, as TCP holds them while a partition
 * lasts: per agent, in send order, each with the time it would have arrived
 * on a healthy link.
 *
 * @module
 */
import { refill } from '../../core/refill.js';
import type { Scheduler, SimTime } from '../../core/simulation.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Message } from '../../master/network.js';

/** True for a message from an agent to the master (the others on an agent's link go to the agent). */
function fromAgent(m: Message): boolean {
  return m.kind === 'task-status' || m.kind === 'agent-registration';
}

export interface Held {
  readonly message: Message;
  readonly arrival: SimTime;
}

export class HeldMessages {
  readonly #held = new Map<number, Held[]>();

  constructor(private readonly sim: Scheduler<SimEvent>) {}

  /** Its state as data (src/checkpoint/snapshot.ts): the messages held, by agent. */
  saveState(): ReadonlyMap<number, Held[]> {
    return this.#held;
  }

  /** Takes a saveState() in place of its own. */
  loadState(held: ReadonlyMap<number, Held[]>): void {
    refill(this.#held, held);
    for (const list of this.#held.values()) if (!Array.isArray(list)) throw new TypeError('held messages: a list per agent');
  }

  hold(agent: number, message: Message, arrival: SimTime): void {
    let list = this.#held.get(agent);
    if (list === undefined) this.#held.set(agent, (list = []));
    list.push({ message, arrival });
  }

  /**
   * Delivers the agent's held messages in order, each at the later of now
   * and its own arrival; with `toAgent` false, those addressed to the agent
   * are dropped instead (the master gave up on it).
   */
  release(agent: number, toAgent: boolean): void {
    const list = this.#held.get(agent);
    if (list === undefined) return;
    this.#held.delete(agent);
    const now = this.sim.now;
    for (const { message, arrival } of list) {
      if (toAgent || fromAgent(message)) this.sim.scheduleAt(Math.max(now, arrival), message);
    }
  }
}
