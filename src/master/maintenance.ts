/**
 * The master's side of maintenance (Mesos's maintenance primitives and the
 * allocator's `generateInverseOffers`): which agents have a scheduled
 * unavailability (their machine is DRAINING), which machines are DOWN, the
 * inverse offers outstanding, and the frameworks' inverse-offer filters.
 *
 * After every allocation run, each candidate agent with an unavailability
 * gets one inverse offer per registered framework with resources offered or
 * allocated on it, unless that framework already has one outstanding for the
 * agent or a live inverse-offer filter for it. Inverse offers for one
 * framework go out together, as one message (`inverse_offers`).
 *
 * An answer (accept or decline) closes the inverse offer and installs a
 * filter for exactly the answer's refuse_seconds (no allocation-interval
 * adjustment, unlike offer filters). A filter is in force while now <
 * installed + refuse_seconds. An answer to an inverse offer that was
 * rescinded meanwhile is ignored. Posting a new unavailability, removing the
 * agent, or the framework leaving rescinds outstanding inverse offers;
 * revive and a new unavailability clear the filters (a framework's, an
 * agent's).
 *
 * Costs nothing unless a scenario schedules maintenance: the master only has
 * one of these when it does.
 *
 * @module
 */
import type { Scheduler, SimTime } from '../core/simulation.js';
import type { FaultEvent } from '../model/fault-event.js';
import type { Agent } from '../model/agent.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { InverseOffer, InverseOfferAnswer } from '../model/inverse-offer.js';
import type { Offer, Unavailability } from '../model/offer.js';
import { MAX_REFUSE_SECONDS } from './config.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { Network } from './network.js';
import { num, record, refill } from '../core/refill.js';

/** Its state as data (src/checkpoint/snapshot.ts); the inverse offers are shared with the events that carry them. */
export interface MaintenanceState {
  readonly unavailable: ReadonlyMap<number, Unavailability>;
  readonly down: ReadonlyMap<number, boolean>;
  readonly outstanding: ReadonlyMap<number, Map<number, InverseOffer>>;
  readonly filters: ReadonlyMap<number, Map<number, SimTime>>;
  readonly nextId: number;
}

/** What the book needs of the master. */
export interface MaintenanceContext {
  readonly agents: readonly Agent[];
  readonly frameworks: readonly FrameworkRecord[];
  readonly offers: ReadonlyMap<number, Offer>;
  readonly sim: Scheduler<SimEvent>;
  readonly network: Network;
  /** Rescind inverse offers not answered within this many seconds (Mesos --offer_timeout); null: never. */
  readonly offerTimeout: number | null;
  /** Reports a fault event now. */
  readonly report: (event: FaultEvent) => void;
}

export class MasterMaintenance {
  /** Agents with a posted unavailability (their machine is DRAINING), by agent index, in posting order. */
  readonly #unavailable = new Map<number, Unavailability>();
  /** Machines DOWN, by agent index: their agents may not register; true when the agent will register once up. */
  readonly #down = new Map<number, boolean>();
  /** Outstanding inverse offers: agent → framework → inverse offer. */
  readonly #outstanding = new Map<number, Map<number, InverseOffer>>();
  /** Inverse-offer filters: agent → framework → when it stops being in force. */
  readonly #filters = new Map<number, Map<number, SimTime>>();
  #nextId = 1;

  constructor(private readonly c: MaintenanceContext) {}

  /** The agent's posted unavailability, if any. */
  unavailability(agent: number): Unavailability | undefined {
    return this.#unavailable.get(agent);
  }

  /** Inverse offers outstanding (answered, rescinded and timed-out ones are not). */
  get outstanding(): number {
    let n = 0;
    for (const byFramework of this.#outstanding.values()) n += byFramework.size;
    return n;
  }

  /**
   * Mesos's updateUnavailability for one agent (`undefined` removes it): its
   * outstanding inverse offers are rescinded and its inverse-offer filters
   * cleared. The master rescinds its offers and triggers a run for it.
   */
  setUnavailability(agent: number, u: Unavailability | undefined): void {
    this.#rescindAgent(agent, 'unavailability updated');
    this.#filters.delete(agent);
    if (u === undefined) this.#unavailable.delete(agent);
    else this.#unavailable.set(agent, u);
  }

  /**
   * True when the agent's machine is DOWN, so the agent may not register; it
   * will register once the machine is up (an agent keeps trying).
   */
  refusesRegistration(agent: number): boolean {
    const down = this.#down.get(agent);
    if (down === undefined) return false;
    this.#down.set(agent, true);
    return true;
  }

  /** /machine/down for the agent's machine; `registered`: its agent was registered (it registers again when up). */
  down(agent: number, registered: boolean): void {
    this.#down.set(agent, registered);
  }

  /** The agent left the cluster for good (the timeline removed it): its machine coming up does not bring it back. */
  forget(agent: number): void {
    if (this.#down.has(agent)) this.#down.set(agent, false);
  }

  /** /machine/up for the agent's machine: true when its agent should register now. */
  up(agent: number): boolean {
    const wants = this.#down.get(agent) === true;
    this.#down.delete(agent);
    return wants;
  }

  /**
   * Sends the inverse offers this allocation run owes: over `candidates`, or
   * every agent with an unavailability when undefined (a batch run, or a
   * triggered run over all agents).
   */
  generate(candidates: Iterable<Agent> | undefined): void {
    if (this.#unavailable.size === 0) return;
    const batches = new Map<number, InverseOffer[]>();
    const now = this.c.sim.now;
    const consider = (agent: Agent): void => {
      const u = this.#unavailable.get(agent.index);
      if (u === undefined || !agent.registered) return;
      const outstanding = this.#outstanding.get(agent.index);
      const filters = this.#filters.get(agent.index);
      for (const fw of this.#holders(agent)) {
        if (!this.c.frameworks[fw]!.registered || outstanding?.has(fw) === true) continue;
        const until = filters?.get(fw);
        if (until !== undefined && now < until) continue;
        const io: InverseOffer = { id: this.#nextId++, framework: fw, agent: agent.index, unavailability: u, time: now, outcome: undefined };
        this.#open(io);
        let batch = batches.get(fw);
        if (batch === undefined) batches.set(fw, (batch = []));
        batch.push(io);
      }
    };
    if (candidates === undefined) for (const a of this.#unavailable.keys()) consider(this.c.agents[a]!);
    else for (const a of candidates) consider(a);
    for (const [framework, inverseOffers] of batches) {
      this.c.network.send({ kind: 'inverse-offers-received', framework, inverseOffers });
    }
  }

  /** A framework's answers arrive: each closes its inverse offer (unless rescinded meanwhile) and installs its filter. */
  answer(answers: readonly InverseOfferAnswer[]): void {
    const now = this.c.sim.now;
    for (const { inverseOffer: io, accept, refuseSeconds } of answers) {
      if (io.outcome !== undefined) continue;
      const outcome = accept ? 'accepted' : 'declined';
      this.#close(io, outcome);
      this.c.report({ kind: 'inverse-offer-answered', agent: io.agent, framework: io.framework, value: now - io.time, detail: outcome });
      if (refuseSeconds > 0) {
        let byFramework = this.#filters.get(io.agent);
        if (byFramework === undefined) this.#filters.set(io.agent, (byFramework = new Map()));
        byFramework.set(io.framework, now + Math.min(refuseSeconds, MAX_REFUSE_SECONDS));
      }
    }
  }

  /** offer_timeout ran out on an inverse offer: rescinded, without a filter. */
  timedOut(io: InverseOffer): void {
    if (io.outcome === undefined) this.#rescind(io, 'offer timeout');
  }

  /** The agent left: its inverse offers are rescinded and its filters dropped. */
  agentRemoved(agent: number): void {
    this.#rescindAgent(agent, 'agent removed');
    this.#filters.delete(agent);
  }

  /** The framework left: its inverse offers are rescinded and its filters dropped. */
  frameworkRemoved(framework: number): void {
    for (const byFramework of this.#outstanding.values()) {
      const io = byFramework.get(framework);
      if (io !== undefined) this.#rescind(io, 'framework removed');
    }
    this.clearFilters(framework);
  }

  /** Revive: the framework's inverse-offer filters go, as its offer filters do. */
  clearFilters(framework: number): void {
    for (const byFramework of this.#filters.values()) byFramework.delete(framework);
  }

  saveState(): MaintenanceState {
    return { unavailable: this.#unavailable, down: this.#down, outstanding: this.#outstanding, filters: this.#filters, nextId: this.#nextId };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: MaintenanceState): void {
    record(s, 'maintenance');
    refill(this.#unavailable, s.unavailable);
    refill(this.#down, s.down);
    refill(this.#outstanding, s.outstanding);
    refill(this.#filters, s.filters);
    this.#nextId = num(s.nextId, 'maintenance: next inverse offer id');
    for (const m of [...this.#outstanding.values(), ...this.#filters.values()]) if (!(m instanceof Map)) throw new TypeError('maintenance: a map per agent');
  }

  /** Frameworks with resources offered or allocated on `agent`, by index. */
  #holders(agent: Agent): number[] {
    const out = new Set<number>();
    for (const t of agent.tasks) out.add(t.job.framework);
    for (const id of agent.offers) out.add(this.c.offers.get(id)!.framework);
    return [...out].sort((a, b) => a - b);
  }

  #open(io: InverseOffer): void {
    let byFramework = this.#outstanding.get(io.agent);
    if (byFramework === undefined) this.#outstanding.set(io.agent, (byFramework = new Map()));
    byFramework.set(io.framework, io);
    this.c.report({ kind: 'inverse-offer', agent: io.agent, framework: io.framework, value: io.unavailability.start });
    if (this.c.offerTimeout !== null) this.c.sim.schedule(this.c.offerTimeout, { kind: 'inverse-offer-timeout', inverseOffer: io });
  }

  #rescindAgent(agent: number, why: string): void {
    const byFramework = this.#outstanding.get(agent);
    if (byFramework !== undefined) for (const io of [...byFramework.values()]) this.#rescind(io, why);
  }

  /** Takes an outstanding inverse offer back (Mesos tells the framework; our frameworks keep no state about it). */
  #rescind(io: InverseOffer, why: string): void {
    this.#close(io, 'rescinded');
    this.c.report({ kind: 'inverse-offer-rescinded', agent: io.agent, framework: io.framework, value: this.c.sim.now - io.time, detail: why });
  }

  #close(io: InverseOffer, outcome: NonNullable<InverseOffer['outcome']>): void {
    io.outcome = outcome;
    const byFramework = this.#outstanding.get(io.agent)!;
    byFramework.delete(io.framework);
    if (byFramework.size === 0) this.#outstanding.delete(io.agent);
  }
}
