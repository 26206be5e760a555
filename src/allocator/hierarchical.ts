/**
 * Mesos's hierarchical allocator, generic over its two sorters.
 *
 * One run goes over the candidate agents (in the order the master shuffled
 * them) in two stages, as Mesos does (quota.ts has the quota figures):
 * 1. Only while some role's quota guarantee is unmet: for each agent, the
 *    roles in role-sorter order; a role whose (top-level) guarantee is unmet
 *    offers its frameworks, in framework-sorter order, the unreserved
 *    resources that go toward the guarantee, plus its reservations, plus the
 *    rest of the unreserved resources within its limit and the headroom.
 * 2. The agents reshuffled (if stage 1 ran): for each agent, the roles in
 *    order, then their frameworks; the first framework that can take it gets
 *    its role's reservations (those of the role and its ancestors) and every
 *    unreserved resource left (coarse-grained offers), chopped to the quota
 *    limit and, while a guarantee is unmet, to the headroom. What is left
 *    (other roles' reservations, chopped resources) goes on to the next roles.
 * A framework can take an offer when it is GPU-capable or the agent has no
 * GPUs, the offer meets the minimum allocatable resources, and no decline
 * filter contains it. Grants count toward shares at once, so later agents of
 * the same run see them; a framework's grants on one agent in one run are
 * merged into one offer, as Mesos makes one offer per role and agent.
 *
 * @module
 */
import { z } from 'zod';
import { shuffle, type Random } from '../core/random.js';
import { addInto, isZero, meetsMinimum, subtractInto, type Quantities, type ResourceSpace } from '../model/resources.js';
import { parseOptions } from './options.js';
import { QuotaRun, type RoleQuota } from './quota.js';
import { RunLedger } from './run-ledger.js';
import { KeptRoleOrder, orderRoles } from './role-order.js';
import { dominantShareWith, type ShareFunction } from './share.js';
import type { Sorter, SortClient } from './sorter.js';
import { ClientOrder, type OrderedClient } from './client-order.js';
import { drfSorter } from './drf-sorter.js';
import { randomSorter } from './random-sorter.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant, RoleView } from './types.js';

const sorters: Record<'drf' | 'random', Sorter> = { drf: drfSorter, random: randomSorter };

export type { ShareFunction };

export const hierarchicalOptions = z
  .object({
    role_sorter: z.enum(['drf', 'random']).optional(),
    framework_sorter: z.enum(['drf', 'random']).optional(),
    /** Mesos --filter_gpu_resources: frameworks without the GPU capability skip GPU agents. */
    filter_gpu_resources: z.boolean().default(true),
    /** Mesos --fair_sharing_excluded_resource_names. */
    fair_sharing_excluded_resource_names: z.array(z.string()).default([]),
  })
  .strict();

export function createHierarchical(
  name: string,
  defaultSorter: 'drf' | 'random',
  ctx: AllocatorContext,
): Allocator {
  const o = parseOptions(hierarchicalOptions, ctx.options, name);
  return new HierarchicalAllocator(
    name,
    sorters[o.role_sorter ?? defaultSorter],
    sorters[o.framework_sorter ?? defaultSorter],
    o.filter_gpu_resources,
    excludedIndices(ctx.space, o.fair_sharing_excluded_resource_names),
    ctx.random,
  );
}

function excludedIndices(space: ResourceSpace, names: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const n of names) {
    const i = space.indexOf(n);
    if (i !== undefined) out.add(i);
  }
  return out;
}

export class HierarchicalAllocator implements Allocator {
  /** This run's role order: kept and moved client by client for a sorter with `compare`, else cached by ledger version. */
  #roleOrder: KeptRoleOrder | { readonly version: number; readonly roles: readonly RoleView[] } | undefined;
  /** This run's order of each role's frameworks: kept and moved client by client for a sorter with `compare`, else cached by ledger version. */
  readonly #frameworkOrder = new Map<RoleView, FrameworkOrder>();

  constructor(
    readonly name: string,
    private readonly roleSorter: Sorter,
    private readonly frameworkSorter: Sorter,
    private readonly filterGpus: boolean,
    private readonly excluded: ReadonlySet<number>,
    private readonly random: Random,
    /** How a client's share is computed before weights (default: DRF's dominant share). */
    private readonly shareOf: ShareFunction = dominantShareWith,
  ) {}

  /**
   * Its state as data (src/checkpoint/snapshot.ts): none. Its orders are made
   * afresh at each run (`allocate` clears them) and its random stream is the
   * run's, saved with the others: nothing carries from one run to the next.
   */
  saveState(): null {
    return null;
  }

  loadState(saved: null): void {
    if (saved !== null) throw new TypeError('hierarchical allocator: no state');
  }

  allocate(view: ClusterView, candidates: readonly AgentView[]): Grant[] {
    const run: Run = {
      view,
      ledger: new RunLedger(view.space),
      quota: QuotaRun.start(view),
      left: new Map(),
      grants: new Map(),
    };
    this.#roleOrder = undefined;
    this.#frameworkOrder.clear();
    // No active framework (all suppressed or gone): no role takes part, so no agent can be offered
    // anything and no sorter draws; the candidates need not be visited one by one (the reshuffle
    // between the stages still draws, as it would).
    const active = anyActive(view);
    let order = candidates;
    if (run.quota !== undefined && !isZero(run.quota.required)) {
      if (active) for (const agent of order) this.#allocateAgent(run, agent, true);
      // Mesos reshuffles, to spread the first stage's effect over the agents.
      order = shuffle([...candidates], this.random);
    }
    if (!active) return [];
    for (const agent of order) this.#allocateAgent(run, agent, false);
    return [...run.grants.values()];
  }

  /** One agent in one stage: the roles in order, each offering what it may to its frameworks. */
  #allocateAgent(run: Run, agent: AgentView, stage1: boolean): void {
    let left = run.left.get(agent);
    if (left === undefined) {
      left = new Leftover(agent);
      if (stage1) run.left.set(agent, left); // stage 2 visits it again
    }
    if (!meetsMinimum(left.all(), run.view.minAllocatable)) return; // (before sorting: an empty agent costs nothing)
    const roles = this.#roles(run.view, run.ledger);
    if (roles instanceof KeptRoleOrder) {
      // Flat roles (no nesting): the root's clients in order, read without a walk (nothing allocated per agent).
      for (const c of roles.rootClients()) if (this.#offerRole(run, agent, left, c.item as RoleView, stage1)) return;
    } else {
      for (const role of roles) if (this.#offerRole(run, agent, left, role, stage1)) return;
    }
  }

  /** What is left of the agent offered to `role`'s frameworks, in order; true when nothing is left on the agent. */
  #offerRole(run: Run, agent: AgentView, left: Leftover, role: RoleView, stage1: boolean): boolean {
    const min = run.view.minAllocatable;
    const rq = run.quota?.of(role);
    if (stage1 && (rq === undefined || isZero(run.quota!.unsatisfied(rq)))) return false;
    let offer = composeOffer(left, role, run.quota, rq, stage1);
    if (offer === undefined || !meetsMinimum(offer.total, min)) return false;
    for (const client of this.#frameworks(run.view, run.ledger, role)) {
      const fw = client.item;
      if (agent.hasGpus && this.filterGpus && !fw.gpuCapable) continue;
      if (run.view.isFiltered(fw.index, agent.index, offer.total)) continue;
      this.#grant(run, fw, left, offer);
      run.quota?.record(rq, offer.extra, offer.guaranteed);
      if (!meetsMinimum(left.all(), min)) return true; // nothing left on the agent
      offer = composeOffer(left, role, run.quota, rq, stage1);
      if (offer === undefined || !meetsMinimum(offer.total, min)) return false; // nothing left for this role
    }
    return false;
  }

  /** Records a grant, merged with an earlier one of the same framework on the same agent. */
  #grant(run: Run, fw: FrameworkView, left: Leftover, offer: RoleOffer): void {
    const key = fw.index * run.view.agents.length + left.agent.index;
    const earlier = run.grants.get(key);
    if (earlier === undefined) run.grants.set(key, { framework: fw.index, agent: left.agent.index, resources: offer.total });
    else addInto(earlier.resources, offer.total);
    left.take(fw.role, offer.total, offer.reserved);
    run.ledger.record(fw, offer.total);
    const order = this.#frameworkOrder.get(fw.role);
    if (order instanceof KeptOrder) order.changed(fw.index);
    if (this.#roleOrder instanceof KeptRoleOrder) this.#roleOrder.changed(fw.role);
  }

  /**
   * Roles with active frameworks, in role-sorter order (a depth-first walk of the sorted tree);
   * a kept order whose roles are all the root's leaves is handed over itself (read its rootClients).
   */
  #roles(view: ClusterView, ledger: RunLedger): Iterable<RoleView> | KeptRoleOrder {
    const cached = this.#roleOrder;
    if (cached instanceof KeptRoleOrder) return cached.flat ? cached : cached.roles();
    if (cached !== undefined && cached.version === ledger.version && this.roleSorter.deterministic) return cached.roles;
    const compare = this.roleSorter.compare;
    if (compare !== undefined) {
      const kept = new KeptRoleOrder(view, ledger, compare, this.shareOf, this.excluded);
      this.#roleOrder = kept;
      return kept.flat ? kept : kept.roles();
    }
    const roles = orderRoles(view, ledger, this.roleSorter, this.random, this.shareOf, this.excluded);
    this.#roleOrder = { version: ledger.version, roles };
    return roles;
  }

  /** Active frameworks of `role`, in framework-sorter order (no weights at this level). */
  #frameworks(view: ClusterView, ledger: RunLedger, role: RoleView): readonly SortClient<FrameworkView>[] {
    const cached = this.#frameworkOrder.get(role);
    if (cached instanceof KeptOrder) return cached.order.current();
    if (cached !== undefined && cached.version === ledger.version && this.frameworkSorter.deterministic) return cached.clients;
    const clients: SortClient<FrameworkView>[] = [];
    const measure = (c: { item: FrameworkView; share: number; grants: number }): void => {
      const extra = ledger.framework(c.item.index);
      c.share = this.shareOf(c.item.allocation, extra?.allocation, view.total, this.excluded);
      c.grants = c.item.grants + (extra?.grants ?? 0);
    };
    for (const i of role.frameworks) {
      const fw = view.frameworks[i]!;
      if (!fw.active) continue;
      const c = { item: fw, share: 0, grants: 0, key: fw.name, weight: 1 };
      measure(c);
      clients.push(c);
    }
    const compare = this.frameworkSorter.compare;
    if (compare !== undefined) {
      const kept = new KeptOrder(new ClientOrder(clients, compare, measure));
      this.#frameworkOrder.set(role, kept);
      return kept.order.current();
    }
    const ordered = this.frameworkSorter.order(clients, this.random);
    this.#frameworkOrder.set(role, { version: ledger.version, clients: ordered });
    return ordered;
  }
}

/** A role's frameworks in an order that is moved framework by framework as grants are recorded. */
class KeptOrder {
  readonly #byIndex = new Map<number, OrderedClient<FrameworkView>>();

  constructor(readonly order: ClientOrder<FrameworkView>) {
    for (const c of order.current()) this.#byIndex.set(c.item.index, c);
  }

  /** A grant to framework `index` was recorded (in the run ledger). */
  changed(index: number): void {
    this.order.changed(this.#byIndex.get(index)!);
  }
}

/** A role's frameworks in the order a sorter without `compare` gave, at a ledger version. */
type FrameworkOrder = KeptOrder | { readonly version: number; readonly clients: readonly SortClient<FrameworkView>[] };

/** One allocation run's working state. */
interface Run {
  readonly view: ClusterView;
  readonly ledger: RunLedger;
  /** Undefined when no role has quota. */
  readonly quota: QuotaRun | undefined;
  /** What is left of each agent visited so far. */
  readonly left: Map<AgentView, Leftover>;
  /** By framework × agents + agent, in the order first made. */
  readonly grants: Map<number, Grant>;
}

/** What a role's framework would be offered on an agent (milli-units; fresh vectors, `total` may be `extra`). */
interface RoleOffer {
  /** Everything offered. */
  readonly total: Quantities;
  /** The reservations in it (of the role and its ancestors); undefined if none. */
  readonly reserved: Quantities | undefined;
  /** Stage 1: the unreserved part that goes toward the guarantee. */
  readonly guaranteed: Quantities | undefined;
  /** The other unreserved part, chopped by quota. */
  readonly extra: Quantities;
}

/**
 * The offer for `role` from what is left of an agent: its reservations plus
 * the unreserved resources (toward its guarantee first, in stage 1), chopped
 * by quota. Undefined in stage 1 when nothing goes toward the guarantee.
 */
function composeOffer(
  left: Leftover,
  role: RoleView,
  quota: QuotaRun | undefined,
  rq: RoleQuota | undefined,
  stage1: boolean,
): RoleOffer | undefined {
  const extra = new Float64Array(left.unreserved);
  let guaranteed: Quantities | undefined;
  if (stage1) {
    guaranteed = quota!.unsatisfied(rq!).map((v, i) => Math.min(v, extra[i]!));
    if (isZero(guaranteed)) return undefined;
    subtractInto(extra, guaranteed);
  }
  quota?.chop(extra, rq, guaranteed);
  const reserved = left.reservedFor(role);
  if (guaranteed === undefined && reserved === undefined) return { total: extra, reserved, guaranteed, extra };
  const total = new Float64Array(extra);
  if (guaranteed !== undefined) addInto(total, guaranteed);
  if (reserved !== undefined) addInto(total, reserved);
  return { total, reserved, guaranteed, extra };
}

/** A vector of zeros of each length, shared: never written (Leftover copies it before any change). */
const ZEROS = new Map<number, Quantities>();

function zeros(length: number): Quantities {
  let z = ZEROS.get(length);
  if (z === undefined) ZEROS.set(length, (z = new Float64Array(length)));
  return z;
}

/** What is left of one agent during a run, unreserved and reserved apart. */
class Leftover {
  /**
   * Copied on write: until the first grant that leaves something, the agent's
   * own vector (read-only) or the shared zeros (a coarse-grained grant took it
   * all), so that granting a whole agent copies nothing here.
   */
  #unreserved: Quantities;
  #own: boolean;
  /** Unallocated reservations not granted yet this run, by role path; undefined when the agent has none. */
  readonly #reserved: Map<string, Quantities> | undefined;

  constructor(readonly agent: AgentView) {
    this.#unreserved = agent.unreservedAvailable;
    this.#own = this.#unreserved !== agent.available; // a fresh vector when the agent has reservations
    const r = agent.unallocatedReservations;
    this.#reserved = r.size === 0 ? undefined : new Map(r);
  }

  /** The unreserved resources left (read-only). */
  get unreserved(): Quantities {
    return this.#unreserved;
  }

  /** Everything left (the same vector as `unreserved` when the agent has no reservations). */
  all(): Quantities {
    if (this.#reserved === undefined) return this.unreserved;
    const out = new Float64Array(this.unreserved);
    for (const q of this.#reserved.values()) addInto(out, q);
    return out;
  }

  /** The reservations left that frameworks of `role` may take (the role's and its ancestors'); undefined if none. */
  reservedFor(role: RoleView): Quantities | undefined {
    if (this.#reserved === undefined) return undefined;
    let out: Quantities | undefined;
    for (let n: RoleView | undefined = role; n !== undefined; n = n.parent) {
      const q = this.#reserved.get(n.path);
      if (q === undefined) continue;
      if (out === undefined) out = new Float64Array(q);
      else addInto(out, q);
    }
    return out;
  }

  /** A grant to a framework of `role`: `total`, of which `reserved` is the role's reservations left here. */
  take(role: RoleView, total: Quantities, reserved: Quantities | undefined): void {
    if (!this.#own) {
      if (reserved === undefined && takesAll(this.#unreserved, total)) {
        this.#unreserved = zeros(total.length);
        return;
      }
      this.#unreserved = new Float64Array(this.#unreserved);
      this.#own = true;
    }
    subtractInto(this.#unreserved, total);
    if (reserved === undefined) return;
    addInto(this.#unreserved, reserved);
    for (let n: RoleView | undefined = role; n !== undefined; n = n.parent) this.#reserved!.delete(n.path);
  }
}

/** True when `have` − `take` is +0 in every entry (what subtracting would leave, bit for bit). */
function takesAll(have: Quantities, take: Quantities): boolean {
  for (let i = 0; i < have.length; i++) {
    const d = have[i]! - take[i]!;
    if (d !== 0 || 1 / d < 0) return false;
  }
  return true;
}

/** True when some framework is active (registered and not suppressed): only then does a role take part in a run. */
function anyActive(view: ClusterView): boolean {
  for (const fw of view.frameworks) if (fw.active) return true;
  return false;
}
