/**
 * The "Limited Price" bidding allocator (the seed document, sections 3.1 to 4.2).
 *
 * Each run, every active framework's waiting tasks are requests (R, B, P);
 * a gang job's waiting tasks form one unit, granted whole or not at all.
 * Units are served one at a time:
 * 1. order: priority class P ascending (1 first), then bid ratio b = R/B
 *    ascending (the higher unit bid first), then submit time, then framework
 *    name and queue order;
 * 2. each unit goes to the pool where its pool priority p = P / (C − U − R) is
 *    lowest (U: what the pool holds), among pools it fits (U + R within C for
 *    every resource, and the pool's agents have room for every task, with no
 *    decline filter of the framework) and can afford (below);
 *    ties go to the higher pool priority, then the smaller pool name;
 * 3. each task is granted exactly R on the pool's first agent with room
 *    (fine-grained offers, unlike Mesos's coarse-grained DRF).
 *
 * Prices ("limited price"): a pool's unit price is
 *   π = reserve_price × C / (C − U)
 * in money per unit of the priced resource (`resource`, default cpus): the
 * reserve price when the pool is empty, doubling at half full, unbounded as it
 * fills (the M/M/1 congestion factor 1/(1 − ρ)); a pool with unlimited C stays
 * at the reserve price. A unit may take a pool only if π is at most its limit,
 * min(B/R, the framework's max_price), and the framework's budget covers
 * spent + committed + π × R. A winner pays the posted price π × R per task at
 * launch (not its bid): a posted-price mechanism, so bidding more than one's
 * value never lowers the price paid. With reserve_price 0 (the default) every
 * price is 0 and only priority and bids order the requests.
 *
 * Reservations and quota: it grants unreserved resources only, so a role's
 * reservations stay idle under this policy; a unit that would take its role
 * past its quota limit waits. Guarantees are not served (no headroom is held
 * back).
 *
 * Cost per run: O(requests × pools × agents per pool).
 *
 * @module
 */
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { addInto, fromMilli, type Quantities } from '../../model/resources.js';
import { compareKeys } from '../sorter.js';
import { parseOptions } from '../options.js';
import { KeepsNothing } from '../saved-state.js';
import { QuotaRun } from '../quota.js';
import {
  FreeResources,
  GrantBook,
  placeUnit,
  requestUnits,
  withinCapacity,
  type Placement,
  type RequestUnit,
} from '../request-grants.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant, PoolView } from '../types.js';
import { bidRatio, poolPriority } from './formulas.js';

export const biddingOptions = z
  .object({
    /** The resource prices are computed in (the document prices CPUs). */
    resource: z.string().default('cpus'),
    /** Most requests taken from one framework per run. */
    requests_per_framework: z.number().int().positive().default(100),
    /** Money per unit of the priced resource in an empty pool; 0: no prices. */
    reserve_price: z.number().min(0).default(0),
  })
  .strict();

interface Bid {
  readonly unit: RequestUnit;
  /** P of the unit's first task. */
  readonly priority: number;
  /** b = R/B over the whole unit, in the priced resource. */
  readonly ratio: number;
  /** B/R: the most it offers per priced unit (Infinity when it asks for none of it). */
  readonly unitBid: number;
  readonly submit: number;
}

export function createBidding(ctx: AllocatorContext): Allocator {
  const o = parseOptions(biddingOptions, ctx.options, 'bidding');
  if (ctx.pools.length === 0) {
    throw new InputError(
      "master.allocator: allocator 'bidding' needs resource pools (expected a 'pools' mapping, and agent groups with 'pool')",
    );
  }
  if (!ctx.bids) {
    throw new InputError(
      "master.allocator: allocator 'bidding' needs bids, and no job of the scenario bids (expected 'bid' > 0 on jobs under frameworks.N.workload.jobs, or 'bid' in a synthetic workload)",
    );
  }
  const priced = ctx.space.indexOf(o.resource);
  if (priced === undefined) {
    throw new InputError(
      `master.allocator_options.resource: unknown resource '${o.resource}' (expected one of: ${ctx.space.names.join(', ')})`,
    );
  }
  return new BiddingAllocator(priced, o.requests_per_framework, o.reserve_price);
}

/** It keeps nothing from one run to the next (KeepsNothing: its checkpoint state is its name). */
export class BiddingAllocator extends KeepsNothing implements Allocator {
  readonly name = 'bidding';
  readonly reactsToDemand = true;

  constructor(
    private readonly priced: number,
    private readonly perFramework: number,
    private readonly reservePrice: number,
  ) {
    super();
  }

  /** π = reserve × C / (C − U) per priced unit, given what the pool holds (milli-units). */
  unitPrice(pool: PoolView, held: number): number {
    const c = pool.capacity[this.priced]!;
    if (this.reservePrice === 0) return 0;
    if (!Number.isFinite(c)) return this.reservePrice;
    return held < c ? (this.reservePrice * c) / (c - held) : Infinity;
  }

  prices(view: ClusterView): ReadonlyMap<string, number> {
    return new Map(view.pools.map((p) => [p.name, this.unitPrice(p, p.held[this.priced]!)]));
  }

  allocate(view: ClusterView): Grant[] {
    const pools = [...view.pools].sort((a, b) => b.priority - a.priority || compareKeys(a.name, b.name));
    const members = new Map<string, AgentView[]>(pools.map((p) => [p.name, []]));
    for (const agent of view.freeAgents) if (agent.pool !== undefined) members.get(agent.pool)?.push(agent);
    const held = new Map<string, Quantities>(pools.map((p) => [p.name, new Float64Array(p.held)]));
    const free = new FreeResources();
    const book = new GrantBook();
    const quota = QuotaRun.start(view);
    /** Money committed this run, by framework. */
    const committed = new Map<FrameworkView, number>();

    for (const bid of this.#bids(view)) {
      const { unit } = bid;
      const fw = unit.framework;
      if (quota !== undefined && !quota.admits(fw.role, unit.total)) continue;
      const amount = fromMilli(unit.total[this.priced]!);
      const limit = Math.min(bid.unitBid, fw.maxPrice);
      const budgetLeft = fw.budget - fw.spent - fw.committed - (committed.get(fw) ?? 0);
      let best: { pool: PoolView; price: number; unitPrice: number; cost: number; placement: Placement } | undefined;
      for (const pool of pools) {
        const pinned = unit.requests[0]!.pool;
        if (pinned !== undefined && pinned !== pool.name) continue;
        const used = held.get(pool.name)!;
        if (!withinCapacity(used, unit.total, pool.capacity)) continue;
        const unitPrice = this.unitPrice(pool, used[this.priced]!);
        const cost = amount > 0 ? unitPrice * amount : 0;
        if (amount > 0 && (unitPrice > limit || cost > budgetLeft)) continue;
        const price = poolPriority(bid.priority, pool.capacity[this.priced]!, [used[this.priced]!], unit.total[this.priced]!);
        if (best !== undefined && !(price < best.price)) continue;
        // Tried, then undone: only the chosen pool's placement is taken, once.
        const placement = placeUnit(view, members.get(pool.name)!, free, unit, () => true);
        if (placement === undefined) continue;
        for (const [r, agent] of placement) free.give(agent, r.resources);
        best = { pool, price, unitPrice, cost, placement };
      }
      if (best === undefined) continue;
      const { placement } = best;
      for (const [r, agent] of placement) free.take(agent, r.resources);
      quota?.record(quota.of(fw.role), unit.total);
      addInto(held.get(best.pool.name)!, unit.total);
      committed.set(fw, (committed.get(fw) ?? 0) + best.cost);
      const price = this.#priceVector(unit.total.length, best.unitPrice);
      for (const [r, agent] of placement) book.add(fw.index, agent.index, r.resources, best.pool.name, price);
    }
    return book.grants();
  }

  /** Money per unit of each resource: the priced one at `unitPrice`, the rest free; undefined when free. */
  #priceVector(size: number, unitPrice: number): Float64Array | undefined {
    if (unitPrice === 0) return undefined;
    const v = new Float64Array(size);
    v[this.priced] = unitPrice;
    return v;
  }

  /** Every active framework's waiting units, in serving order. */
  #bids(view: ClusterView): Bid[] {
    const bids: Bid[] = [];
    for (const framework of view.frameworks) {
      if (!framework.active) continue;
      for (const unit of requestUnits(framework, framework.requests(this.perFramework))) {
        if (!unit.complete) continue;
        let money = 0;
        for (const r of unit.requests) money += r.bid;
        const amount = fromMilli(unit.total[this.priced]!);
        const first = unit.requests[0]!;
        bids.push({
          unit,
          priority: first.priority,
          ratio: bidRatio(unit.total[this.priced]!, money),
          unitBid: amount > 0 ? money / amount : Infinity,
          submit: first.submit,
        });
      }
    }
    return bids.sort(
      (a, b) =>
        a.priority - b.priority ||
        a.ratio - b.ratio ||
        a.submit - b.submit ||
        compareKeys(a.unit.framework.name, b.unit.framework.name) ||
        a.unit.order - b.unit.order,
    );
  }
}
