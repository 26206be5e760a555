/**
 * Mesos's hierarchical allocator, generic over its two sorters.
 *
 * For each candidate agent (in the order the master shuffled them): sort the
 * roles, then the active frameworks of each role; the first framework that can
 * take the agent (GPU capability, minimum allocatable resources, no decline
 * filter containing the offer) is granted everything still available on it
 * (coarse-grained offers). Grants count toward shares at once, so later agents
 * of the same run see them. Quota and reservations are not modelled yet.
 *
 * @module
 */
import { z } from 'zod';
import type { Random } from '../core/random.js';
import { fits, isZero, type Quantities, type ResourceSpace } from '../model/resources.js';
import { parseOptions } from './options.js';
import { RunLedger } from './run-ledger.js';
import { dominantShareWith } from './share.js';
import type { Sorter, SortClient } from './sorter.js';
import { drfSorter } from './drf-sorter.js';
import { randomSorter } from './random-sorter.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant, RoleView } from './types.js';

const sorters: Record<'drf' | 'random', Sorter> = { drf: drfSorter, random: randomSorter };

/** A client's share from its allocation (plus this run's extra), the cluster total and excluded resources. */
export type ShareFunction = (
  base: Quantities,
  extra: Quantities | undefined,
  total: Quantities,
  excluded: ReadonlySet<number>,
) => number;

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

/** True when `q` contains at least one of the sets (any non-empty `q` when there are none). */
export function meetsMinimum(q: Quantities, minimum: readonly Quantities[]): boolean {
  if (minimum.length === 0) return !isZero(q);
  for (const m of minimum) if (fits(m, q) && !isZero(q)) return true;
  return false;
}

export class HierarchicalAllocator implements Allocator {
  #roleOrder: { version: number; roles: RoleView[] } | undefined;
  readonly #frameworkOrder = new Map<RoleView, { version: number; frameworks: FrameworkView[] }>();

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

  allocate(view: ClusterView, candidates: readonly AgentView[]): Grant[] {
    const ledger = new RunLedger(view.space);
    this.#roleOrder = undefined;
    this.#frameworkOrder.clear();
    const grants: Grant[] = [];
    for (const agent of candidates) {
      const remaining = agent.available;
      if (!meetsMinimum(remaining, view.minAllocatable)) continue;
      const granted = this.#pickFramework(view, ledger, agent, remaining);
      if (granted === undefined) continue;
      const resources = new Float64Array(remaining);
      grants.push({ framework: granted.index, agent: agent.index, resources });
      ledger.record(granted, resources);
    }
    return grants;
  }

  /** The first framework, in sorted order, that may take everything left on `agent`. */
  #pickFramework(
    view: ClusterView,
    ledger: RunLedger,
    agent: AgentView,
    remaining: Quantities,
  ): FrameworkView | undefined {
    for (const role of this.#roles(view, ledger)) {
      for (const fw of this.#frameworks(view, ledger, role)) {
        if (agent.hasGpus && this.filterGpus && !fw.gpuCapable) continue;
        if (view.isFiltered(fw.index, agent.index, remaining)) continue;
        return fw;
      }
    }
    return undefined;
  }

  /** Roles with active frameworks, in role-sorter order (a depth-first walk of the sorted tree). */
  #roles(view: ClusterView, ledger: RunLedger): RoleView[] {
    const cached = this.#roleOrder;
    if (cached !== undefined && cached.version === ledger.version && this.roleSorter.deterministic) return cached.roles;
    const out: RoleView[] = [];
    this.#walk(view, ledger, view.roles, out);
    this.#roleOrder = { version: ledger.version, roles: out };
    return out;
  }

  /** Sorts the children of `node` (which has children) and emits the roles beneath in that order. */
  #walk(view: ClusterView, ledger: RunLedger, node: RoleView, out: RoleView[]): void {
    // A role that is also a parent competes through a virtual leaf '<path>/.' of weight 1.
    const clients: SortClient<RoleView | 'self'>[] = [];
    if (node.path !== '' && hasActive(view, node, false)) {
      clients.push({
        item: 'self',
        share: this.shareOf(node.own, ledger.ownRole(node)?.allocation, view.total, this.excluded),
        grants: node.ownGrants + (ledger.ownRole(node)?.grants ?? 0),
        key: `${node.path}/.`,
        weight: 1,
      });
    }
    for (const child of node.children) {
      if (!hasActive(view, child, true)) continue;
      clients.push({
        item: child,
        share:
          this.shareOf(child.allocation, ledger.role(child)?.allocation, view.total, this.excluded) /
          child.weight,
        grants: child.grants + (ledger.role(child)?.grants ?? 0),
        key: child.path,
        weight: child.weight,
      });
    }
    for (const c of this.roleSorter.order(clients, this.random)) {
      if (c.item === 'self') out.push(node);
      else if (c.item.children.length === 0) out.push(c.item);
      else this.#walk(view, ledger, c.item, out);
    }
  }

  /** Active frameworks of `role`, in framework-sorter order (no weights at this level). */
  #frameworks(view: ClusterView, ledger: RunLedger, role: RoleView): FrameworkView[] {
    const cached = this.#frameworkOrder.get(role);
    if (cached !== undefined && cached.version === ledger.version && this.frameworkSorter.deterministic) {
      return cached.frameworks;
    }
    const clients: SortClient<FrameworkView>[] = [];
    for (const i of role.frameworks) {
      const fw = view.frameworks[i]!;
      if (!fw.active) continue;
      const extra = ledger.framework(i);
      clients.push({
        item: fw,
        share: this.shareOf(fw.allocation, extra?.allocation, view.total, this.excluded),
        grants: fw.grants + (extra?.grants ?? 0),
        key: fw.name,
        weight: 1,
      });
    }
    const frameworks = this.frameworkSorter.order(clients, this.random).map((c) => c.item);
    this.#frameworkOrder.set(role, { version: ledger.version, frameworks });
    return frameworks;
  }
}

/** True when the role (and, if `deep`, its subtree) has an active framework. */
function hasActive(view: ClusterView, node: RoleView, deep: boolean): boolean {
  for (const i of node.frameworks) if (view.frameworks[i]!.active) return true;
  if (deep) for (const c of node.children) if (hasActive(view, c, true)) return true;
  return false;
}
