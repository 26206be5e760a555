/**
 * The `timeline` section (docs/scenario-format.md, timeline): scripted events,
 * each `at` a time with exactly one action.
 *
 * @module
 */
import { z } from 'zod';
import { addAgents, type AddedAgentGroupSpec } from './cluster.js';
import { expecting, hasProblems, integerAtLeast, name, nonNegative, positive, problem, report, resourceMap, roleKey, seconds, text } from './fields.js';
import { checkQuota, quotaFields } from './roles.js';

const ACTIONS = ['add_agents', 'remove_agents', 'unregister_framework', 'set_weight', 'set_pool_capacity', 'set_quota', 'scale_service', 'suppress', 'revive'] as const;

/** One scripted event: `at` plus exactly one action; tell them apart with `'add_agents' in e` etc. */
export type TimelineEntrySpec = { readonly at: number } & (
  | { readonly add_agents: AddedAgentGroupSpec }
  | { readonly remove_agents: string[] }
  | { readonly unregister_framework: string }
  | { readonly set_weight: { readonly role: string; readonly weight: number } }
  | { readonly set_pool_capacity: { readonly pool: string; readonly capacity: Record<string, number> } }
  | { readonly set_quota: SetQuotaSpec }
  | { readonly scale_service: { readonly framework: string; readonly service: string; readonly instances: number } }
  | { readonly suppress: OfferCallSpec }
  | { readonly revive: OfferCallSpec }
);

/** A framework's scripted SUPPRESS or REVIVE: for `roles` (each one of its roles), or all its roles when absent. */
export interface OfferCallSpec {
  readonly framework: string;
  readonly roles?: string[] | undefined;
}

/** A scripted quota change: the role's new guarantee and limit (neither: no quota). */
export interface SetQuotaSpec {
  readonly role: string;
  readonly guarantee?: Record<string, number> | undefined;
  readonly limit?: Record<string, number> | undefined;
}

type AddAgentsInput = z.output<ReturnType<typeof addAgents>>;

/** `suppress` and `revive`: Mesos's SUPPRESS and REVIVE calls, with their optional roles. */
const offerCall = () =>
  expecting(
    "a mapping with 'framework' and optionally 'roles'",
    z.strictObject({ framework: text(), roles: expecting('a non-empty list of roles', z.array(roleKey()).min(1)).optional() }),
  ).optional();

const timelineEntry = () =>
  expecting(
    `a mapping with 'at' and exactly one of: ${ACTIONS.join(', ')}`,
    z.strictObject({
      at: seconds(),
      add_agents: addAgents().optional(),
      remove_agents: expecting('a list of agent names', z.array(text())).optional(),
      unregister_framework: expecting('a framework name', z.string()).optional(),
      set_weight: expecting(
        "a mapping with 'role' and 'weight'",
        z.strictObject({ role: roleKey(), weight: positive() }),
      ).optional(),
      set_pool_capacity: expecting(
        "a mapping with 'pool' and 'capacity'",
        z.strictObject({ pool: name(), capacity: resourceMap(nonNegative(), true) }),
      ).optional(),
      set_quota: expecting(
        "a mapping with 'role', and 'guarantee' and/or 'limit'",
        z.strictObject({ role: roleKey(), ...quotaFields() }),
      )
        .superRefine((q, ctx) => {
          if (!hasProblems(ctx)) checkQuota(q.role, q, ctx, [], ['role']);
        })
        .optional(),
      scale_service: expecting(
        "a mapping with 'framework', 'service' (the service job's name) and 'instances'",
        z.strictObject({ framework: text(), service: text(), instances: integerAtLeast(0) }),
      ).optional(),
      suppress: offerCall(),
      revive: offerCall(),
    }),
  ).transform((e, ctx) => {
    if (hasProblems(ctx)) return z.NEVER;
    const given = ACTIONS.filter((a) => e[a] !== undefined);
    const { at, add_agents, remove_agents, unregister_framework, set_weight, set_pool_capacity, set_quota, scale_service, suppress, revive } = e;
    if (given.length === 1) {
      if (add_agents !== undefined) return { at, add_agents };
      if (remove_agents !== undefined) return { at, remove_agents };
      if (unregister_framework !== undefined) return { at, unregister_framework };
      if (set_weight !== undefined) return { at, set_weight };
      if (set_pool_capacity !== undefined) return { at, set_pool_capacity };
      if (set_quota !== undefined) return { at, set_quota };
      if (scale_service !== undefined) return { at, scale_service };
      if (suppress !== undefined) return { at, suppress };
      if (revive !== undefined) return { at, revive };
    }
    const what = given.length === 0 ? 'no action given' : `several actions given (${given.join(', ')})`;
    report(ctx, [], e, problem(what, `exactly one of: ${ACTIONS.join(', ')}`));
    return z.NEVER;
  });

/** Names unnamed `add_agents` groups `timeline<i>`, i = index in the timeline list. */
export const timeline = () =>
  expecting('a list of timeline entries', z.array(timelineEntry()))
    .transform((entries, ctx): TimelineEntrySpec[] => {
      if (hasProblems(ctx)) return z.NEVER;
      return entries.map((e, i) => {
        if (!('add_agents' in e)) return e;
        const group: AddAgentsInput = e.add_agents;
        return { at: e.at, add_agents: { ...group, name: group.name ?? `timeline${i}` } };
      });
    })
    .default([]);
