/**
 * The offer lifecycle: offers made of checked grants, frameworks' answers
 * (launches and declines), rescinds, timeouts, and the decline filters that
 * answers install. An offer's resources move through the books (books.ts):
 * offered when it is made; allocated to the tasks an answer launches; back to
 * available when declined, rescinded or left unused. Offers are never changed
 * once made; each closes once, with its outcome, and is reported to the
 * observer (offerResolved) with what went back unused.
 *
 * @module
 */
import { InvariantError } from '../errors.js';
import type { Agent } from '../model/agent.js';
import type { OfferAnswer } from '../model/events/sim-event.js';
import { DeclineFilters } from '../model/filters.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { Grant } from '../model/grant.js';
import type { Offer, Unavailability } from '../model/offer.js';
import { addInto, cost, isNonNegative, isZero, subtractInto, type Quantities } from '../model/resources.js';
import type { Task } from '../model/task.js';
import type { Books } from './books.js';
import { isIdealised, MAX_REFUSE_SECONDS } from './config.js';
import type { MasterContext } from './context.js';
import { checkGrant, type GrantCheckContext } from './grant-check.js';
import { OfferBook } from '../model/offer-book.js';

export interface OffersContext extends MasterContext {
  /** The deciding policy's name, read when a grant is refused (a fork may switch policy mid-run). */
  allocatorName(): string;
  readonly books: Books;
  /** The agent's posted maintenance unavailability, carried by its offers. */
  unavailability(agent: number): Unavailability | undefined;
}

/** Removes `id` from `ids` in place, keeping the order of the rest (nothing allocated). */
function removeId(ids: number[], id: number): void {
  const i = ids.indexOf(id);
  if (i < 0) return;
  for (let k = i + 1; k < ids.length; k++) ids[k - 1] = ids[k]!;
  ids.pop();
}

export class Offers {
  /** Outstanding offers by id. */
  readonly #outstanding = new OfferBook();
  /** Decline filters (Mesos's refuse_seconds): frameworks' answers install them; the allocator sees them. */
  readonly filters = new DeclineFilters();
  #nextOfferId = 1;
  readonly #idealised: boolean;
  readonly #check: GrantCheckContext;

  constructor(private readonly c: OffersContext) {
    this.#idealised = isIdealised(c.config);
    const { books } = c;
    this.#check = {
      allocatorName: () => c.allocatorName(),
      space: c.space,
      agents: c.agents,
      frameworks: c.frameworks,
      filters: this.filters,
      isDeactivated: (agent) => books.isDeactivated(agent),
      hasPool: (name) => books.pool(name) !== undefined,
    };
  }

  /** Outstanding offers by id, oldest first. */
  get outstanding(): ReadonlyMap<number, Offer> {
    return this.#outstanding;
  }

  /** Checks a grant (grant-check.ts) and makes it an offer, timed out after --offer_timeout if set. */
  make(grant: Grant): Offer {
    const { sim } = this.c;
    checkGrant(grant, this.#check, sim.now);
    const fw = this.c.frameworks[grant.framework]!;
    const agent = this.c.agents[grant.agent]!;
    const resources = grant.resources; // owned by the master from here (Grant's contract)
    this.c.books.offer(fw, agent, resources, grant.pool);
    const offer: Offer = {
      id: this.#nextOfferId++,
      framework: fw.index,
      agent: agent.index,
      role: fw.role.path,
      pool: grant.pool,
      resources,
      price: grant.price,
      value: grant.price === undefined ? 0 : cost(grant.price, resources),
      time: sim.now,
      outcome: undefined,
      unavailability: this.c.unavailability(agent.index),
      forJobs: grant.forJobs,
    };
    this.#outstanding.add(offer);
    fw.committed += offer.value;
    agent.offers.push(offer.id);
    this.c.observer.offerMade(offer);
    if (this.c.config.offerTimeout !== null) {
      sim.schedule(this.c.config.offerTimeout, { kind: 'offer-timeout', offer });
    }
    return offer;
  }

  /** A framework's answers: launch the tasks, return the rest, filtered for refuse_seconds. */
  answers(fw: FrameworkRecord, answers: readonly OfferAnswer[]): void {
    const { books, network } = this.c;
    const failed: Task[] = [];
    for (const { offer, also, tasks, refuseSeconds } of answers) {
      if (offer.outcome !== undefined || !fw.registered || (also !== undefined && also.some((o) => o.outcome !== undefined))) {
        failed.push(...tasks);
        // An accept naming an offer no longer outstanding fails whole; Mesos recovers its other offers unfiltered.
        if (also !== undefined && fw.registered) for (const o of [offer, ...also]) if (o.outcome === undefined) this.#recover(o, 'declined');
        continue;
      }
      const agent = this.c.agents[offer.agent]!;
      // Offers are never changed once made, so a declined offer's vector can stand for its unused part.
      const unused = tasks.length === 0 ? offer.resources : new Float64Array(offer.resources);
      if (also !== undefined) for (const o of also) addInto(unused, o.resources);
      for (const task of tasks) subtractInto(unused, task.resources);
      if (!isNonNegative(unused)) {
        throw new InvariantError(`framework ${fw.name} launched more than offer ${offer.id} holds on ${agent.name}`);
      }
      this.#close(offer, tasks.length > 0 ? 'accepted' : 'declined');
      if (also !== undefined) for (const o of also) this.#close(o, 'accepted');
      for (const task of tasks) {
        if (offer.price !== undefined) {
          task.paid = cost(offer.price, task.resources);
          fw.spent += task.paid;
        }
        books.launch(task, agent, offer.pool);
        network.send({ kind: 'task-launch', task });
      }
      books.unoffer(fw, agent, unused, offer.pool);
      if (also === undefined) this.c.observer.offerResolved(offer, tasks.length, this.c.sim.now, unused);
      else this.#resolvedTogether([offer, ...also], tasks.length, unused);
      if (!isZero(unused)) this.#installFilter(fw, agent, unused, refuseSeconds, tasks.length > 0);
    }
    if (failed.length > 0) {
      network.send({
        kind: 'launch-failed',
        framework: fw.index,
        tasks: failed,
      });
    }
  }

  /** --offer_timeout ran out: the offer is rescinded if still outstanding. */
  timedOut(offer: Offer): void {
    if (offer.outcome === undefined) this.rescind(offer);
  }

  /** Takes the offer back: its resources return unfiltered, and the framework is told (unless `notify` is false). */
  rescind(offer: Offer, notify = true): void {
    this.#recover(offer, 'rescinded');
    if (notify) {
      this.c.network.send({
        kind: 'offer-rescinded',
        framework: offer.framework,
        offer,
      });
    }
  }

  /** Rescinds every outstanding offer of the framework, oldest first (`notify`: see rescind). */
  rescindOf(fw: FrameworkRecord, notify: boolean): void {
    for (const offer of this.#outstanding.values()) if (offer.framework === fw.index) this.rescind(offer, notify);
  }

  /** Rescinds every outstanding offer on the agent. */
  rescindOn(agent: Agent): void {
    for (const id of [...agent.offers]) this.rescind(this.#outstanding.get(id)!);
  }

  /**
   * Reports offers accepted together: the tasks count on the first, and what is
   * left unused is the last offers' part, as if the tasks used the offers in
   * order (a split for the offer metrics only; the books hold the sum).
   */
  #resolvedTogether(offers: readonly Offer[], launched: number, unused: Quantities): void {
    const left = new Float64Array(unused);
    const parts = offers.map(() => this.c.space.zero());
    for (let k = offers.length - 1; k >= 0; k--) {
      const r = offers[k]!.resources;
      for (let i = 0; i < left.length; i++) {
        const take = Math.min(r[i]!, left[i]!);
        parts[k]![i] = take;
        left[i]! -= take;
      }
    }
    offers.forEach((o, k) => this.c.observer.offerResolved(o, k === 0 ? launched : 0, this.c.sim.now, parts[k]!));
  }

  /** Closes the offer with `outcome` and returns its resources unfiltered. */
  #recover(offer: Offer, outcome: 'declined' | 'rescinded'): void {
    this.#close(offer, outcome);
    this.c.books.unoffer(this.c.frameworks[offer.framework]!, this.c.agents[offer.agent]!, offer.resources, offer.pool);
    this.c.observer.offerResolved(offer, 0, this.c.sim.now, offer.resources);
  }

  #close(offer: Offer, outcome: NonNullable<Offer['outcome']>): void {
    offer.outcome = outcome;
    const fw = this.c.frameworks[offer.framework]!;
    fw.committed -= offer.value;
    this.#outstanding.delete(offer.id);
    removeId(this.c.agents[offer.agent]!.offers, offer.id);
  }

  /**
   * Mesos: a filter lasts max(allocation_interval, refuse_seconds); 0 means none. Keeps `refused`.
   *
   * In the idealised mode what an accepted offer left unused is not filtered: it comes back at
   * once and is offered again at the same instant (an ideal scheduler wastes no time on it). A
   * decline (nothing launched) holds until something changes: the agent has more to offer (the
   * containment rule lifts the filter) or the framework gets new work (it revives, which clears
   * its filters). Without that, a declined agent would be re-offered at the same instant forever.
   */
  #installFilter(fw: FrameworkRecord, agent: Agent, refused: Quantities, refuseSeconds: number, accepted: boolean): void {
    if (this.#idealised) {
      if (!accepted) this.filters.add(fw.index, agent.index, refused, Infinity, true);
      return;
    }
    if (!(refuseSeconds > 0)) return;
    const interval = this.c.config.allocationInterval;
    const duration = Math.max(interval, Math.min(refuseSeconds, MAX_REFUSE_SECONDS));
    this.filters.add(fw.index, agent.index, refused, this.c.sim.now + duration, duration <= interval);
  }

  /** Its state as data (src/checkpoint/snapshot.ts): outstanding offers, filters, the next offer id. */
  saveState(): { readonly outstanding: readonly Offer[]; readonly filters: ReturnType<DeclineFilters['saveState']>; readonly nextOfferId: number } {
    return { outstanding: [...this.#outstanding.values()], filters: this.filters.saveState(), nextOfferId: this.#nextOfferId };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<Offers['saveState']>): void {
    this.#outstanding.load(s.outstanding);
    this.filters.loadState(s.filters);
    this.#nextOfferId = s.nextOfferId;
  }
}
