/**
 * The "Limited Price" bidding allocator (the seed document, sections 3.1 to 4.2).
 *
 * Each run, every active framework's waiting tasks are requests (R, B, P), and
 * requests are served one at a time:
 * 1. order: priority class P ascending (1 first), then bid ratio b = R/B
 *    ascending (the higher unit bid first), then submit time, then framework
 *    name and queue order;
 * 2. each request goes to the pool where its pool priority p = P / (C − U − R)
 *    is lowest (U: what the pool's tasks already hold), among pools it fits
 *    (U + R within C for every resource, and one of the pool's agents has R
 *    available and not filtered for the framework); ties go to the higher pool
 *    priority, then the smaller pool name;
 * 3. it is granted exactly R on the pool's first such agent (fine-grained
 *    offers, unlike Mesos's coarse-grained DRF).
 * Prices are in the priced resource's unit (`resource`, default cpus), as in
 * the document. See docs/bidding.md for the rule's justification.
 *
 * Cost per run: O(requests × pools × agents per pool); it looks at every
 * registered agent of every pool, not only the candidates of the run.
 *
 * @module
 */
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { addInto, fits, subtractInto, type Quantities } from '../../model/resources.js';
import { compareKeys } from '../sorter.js';
import { parseOptions } from '../options.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant, PoolView, TaskRequest } from '../types.js';
import { bidRatio, poolPriority } from './formulas.js';

export const biddingOptions = z
  .object({
    /** The resource prices are computed in (the document prices CPUs). */
    resource: z.string().default('cpus'),
    /** Most requests taken from one framework per run. */
    requests_per_framework: z.number().int().positive().default(100),
  })
  .strict();

interface Bid {
  readonly framework: FrameworkView;
  readonly request: TaskRequest;
  readonly order: number;
  /** b = R/B in the priced resource. */
  readonly ratio: number;
}

export function createBidding(ctx: AllocatorContext): Allocator {
  const o = parseOptions(biddingOptions, ctx.options, 'bidding');
  if (ctx.pools.length === 0) {
    throw new InputError(
      "master.allocator: allocator 'bidding' needs resource pools (expected a 'pools' mapping, and agent groups with 'pool')",
    );
  }
  const priced = ctx.space.indexOf(o.resource);
  if (priced === undefined) {
    throw new InputError(
      `master.allocator_options.resource: unknown resource '${o.resource}' (expected one of: ${ctx.space.names.join(', ')})`,
    );
  }
  return new BiddingAllocator(priced, o.requests_per_framework);
}

export class BiddingAllocator implements Allocator {
  readonly name = 'bidding';

  constructor(
    private readonly priced: number,
    private readonly perFramework: number,
  ) {}

  allocate(view: ClusterView): Grant[] {
    const pools = [...view.pools].sort((a, b) => b.priority - a.priority || compareKeys(a.name, b.name));
    const members = new Map<string, AgentView[]>(pools.map((p) => [p.name, []]));
    const usage = new Map<string, Quantities>(pools.map((p) => [p.name, view.space.zero()]));
    for (const agent of view.agents) {
      if (!agent.registered || agent.pool === undefined) continue;
      members.get(agent.pool)?.push(agent);
      const used = usage.get(agent.pool);
      if (used !== undefined) {
        addInto(used, agent.total);
        subtractInto(used, agent.available);
      }
    }
    const free = new Map<AgentView, Quantities>();
    const freeOf = (a: AgentView): Quantities => free.get(a) ?? a.available;
    const grants = new Map<string, { framework: number; agent: number; resources: Quantities }>();

    for (const bid of this.#bids(view)) {
      const { request, framework } = bid;
      let best: { pool: PoolView; agent: AgentView; price: number } | undefined;
      for (const pool of pools) {
        if (request.pool !== undefined && request.pool !== pool.name) continue;
        const used = usage.get(pool.name)!;
        if (!withinCapacity(used, request.resources, pool.capacity)) continue;
        const agent = members
          .get(pool.name)!
          .find((a) => fits(request.resources, freeOf(a)) && !view.isFiltered(framework.index, a.index, request.resources));
        if (agent === undefined) continue;
        const price = poolPriority(request.priority, pool.capacity[this.priced]!, [used[this.priced]!], request.resources[this.priced]!);
        if (best === undefined || price < best.price) best = { pool, agent, price };
      }
      if (best === undefined) continue;
      addInto(usage.get(best.pool.name)!, request.resources);
      const left = new Float64Array(freeOf(best.agent));
      subtractInto(left, request.resources);
      free.set(best.agent, left);
      const key = `${framework.index}/${best.agent.index}`;
      const grant = grants.get(key);
      if (grant === undefined) {
        grants.set(key, { framework: framework.index, agent: best.agent.index, resources: new Float64Array(request.resources) });
      } else {
        addInto(grant.resources, request.resources);
      }
    }
    return [...grants.values()];
  }

  /** Every active framework's waiting requests, in serving order. */
  #bids(view: ClusterView): Bid[] {
    const bids: Bid[] = [];
    for (const framework of view.frameworks) {
      if (!framework.active) continue;
      framework.requests(this.perFramework).forEach((request, order) => {
        bids.push({ framework, request, order, ratio: bidRatio(request.resources[this.priced]!, request.bid) });
      });
    }
    return bids.sort(
      (a, b) =>
        a.request.priority - b.request.priority ||
        a.ratio - b.ratio ||
        a.request.submit - b.request.submit ||
        compareKeys(a.framework.name, b.framework.name) ||
        a.order - b.order,
    );
  }
}

/** used + request ≤ capacity for every resource (a capacity of Infinity does not limit). */
function withinCapacity(used: Quantities, request: Quantities, capacity: Quantities): boolean {
  for (let i = 0; i < used.length; i++) if (used[i]! + request[i]! > capacity[i]!) return false;
  return true;
}
