/**
 * The master's check of a grant before it becomes an offer. An invalid grant
 * is a bug in the allocator: the run stops with an AllocatorError that names
 * the allocator and what was wrong.
 *
 * @module
 */
import { AllocatorError } from '../errors.js';
import type { Agent } from '../model/agent.js';
import type { DeclineFilters } from '../model/filters.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { Grant } from '../model/grant.js';
import { fits, isZero, type ResourceSpace } from '../model/resources.js';
import type { SimTime } from '../core/event-queue.js';

export interface GrantCheckContext {
  /** The deciding policy's name, read when a grant is refused (a fork may switch policy mid-run). */
  allocatorName(): string;
  readonly space: ResourceSpace;
  readonly agents: readonly Agent[];
  readonly frameworks: readonly FrameworkRecord[];
  readonly filters: DeclineFilters;
  isDeactivated(agent: Agent): boolean;
  hasPool(name: string): boolean;
}

/**
 * Checks a grant (nothing allocated unless it is invalid): its framework and agent both known, the
 * resources a vector of the space, the framework active, the agent registered
 * and active, the grant not empty, within what the agent has available to the
 * framework's role (no other role's reservation), not blocked by a decline
 * filter at `now`, and its pool (if any) known.
 */
export function checkGrant(grant: Grant, c: GrantCheckContext, now: SimTime): void {
  const fw = c.frameworks[grant.framework];
  const agent = c.agents[grant.agent];
  if (!Number.isInteger(grant.framework) || !Number.isInteger(grant.agent) || fw === undefined || agent === undefined) {
    invalid(c, `unknown framework ${String(grant.framework)} or agent ${String(grant.agent)}`);
  }
  const { space } = c;
  if (!isResourceVector(grant.resources, space.size)) invalid(c, `resources to ${fw.name} on ${agent.name} are not a resource vector (expected ${space.size} finite numbers >= 0, in milli-units)`);
  if (!fw.active) invalid(c, `framework ${fw.name} is not active`);
  if (!agent.registered) invalid(c, `agent ${agent.name} is not registered`);
  if (c.isDeactivated(agent)) invalid(c, `agent ${agent.name} is deactivated (draining)`);
  if (isZero(grant.resources)) invalid(c, `empty grant to ${fw.name} on ${agent.name}`);
  if (!fits(grant.resources, agent.available)) {
    invalid(c, `${space.format(grant.resources)} to ${fw.name} on ${agent.name}, which has only ${space.format(agent.available)} available`);
  }
  const allowed = agent.availableTo(fw.role);
  if (!fits(grant.resources, allowed)) {
    invalid(
      c,
      `${space.format(grant.resources)} to ${fw.name} on ${agent.name} takes another role's reservation (role ${fw.role.path} may have only ${space.format(allowed)})`,
    );
  }
  if (c.filters.blocks(fw.index, agent.index, grant.resources, now)) invalid(c, `${fw.name} filtered ${agent.name}`);
  if (grant.pool !== undefined && !c.hasPool(grant.pool)) invalid(c, `unknown pool '${grant.pool}'`);
}

/** Stops the run: the allocator made an invalid grant (`why`). */
function invalid(c: GrantCheckContext, why: string): never {
  throw new AllocatorError(c.allocatorName(), `made an invalid grant: ${why}`);
}

/** True for a vector of `size` finite amounts >= 0 (what an allocator must grant). */
function isResourceVector(r: unknown, size: number): boolean {
  if (!(r instanceof Float64Array) || r.length !== size) return false;
  for (const v of r) if (!(v >= 0) || v === Infinity) return false;
  return true;
}
