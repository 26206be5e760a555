/**
 * The `cluster` section (docs/scenario-format.md, cluster): agent groups, their
 * reservations, and agents taken from a trace's machine events. The agent
 * group fields are shared with the timeline's `add_agents`.
 *
 * @module
 */
import { z } from 'zod';
import {
  anyNumber,
  expecting,
  hasProblems,
  integerAtLeast,
  key,
  name,
  nonNegative,
  positive,
  problem,
  report,
  resourceMap,
  roleKey,
  seconds,
} from './fields.js';
import { traceFiles, traceWindow } from './trace.js';
import { MAX_AGENTS } from '../model/limits.js';

const attributes = () =>
  expecting(
    'a mapping of attribute name -> string or number',
    z.record(key(), expecting('a string or a number', z.union([z.string(), anyNumber()]))),
  ).default(() => ({}));

/** Fields shared by `cluster.agents` entries and `timeline` `add_agents`. */
const agentGroupFields = () => ({
  /** Defaults to `group<i>` (cluster) or `timeline<i>` (timeline), i = list index. */
  name: name().optional(),
  count: integerAtLeast(1, MAX_AGENTS).default(1),
  resources: resourceMap(nonNegative(), true),
  attributes: attributes(),
  /** The resource pool these agents belong to (a name under `pools`). */
  pool: name().optional(),
  /** Static reservations: role path -> resources, carved out of `resources`. */
  reservations: expecting(
    'a mapping of role path -> resources reserved for it',
    z.record(roleKey(), resourceMap(nonNegative(), true)),
  ).optional(),
});

/** Reservations name real roles (not '*', which means unreserved) and fit within the agent's resources. */
function checkReservations(
  g: { resources: Record<string, number>; reservations?: Record<string, Record<string, number>> | undefined },
  ctx: { issues: z.core.$ZodRawIssue[] },
): void {
  if (hasProblems(ctx) || g.reservations === undefined) return;
  const sum: Record<string, number> = {};
  for (const [role, r] of Object.entries(g.reservations)) {
    if (role === '*') {
      report(ctx, ['reservations', role], r, problem("'*' cannot have reservations", "a role other than '*': unreserved resources are the '*' role's"));
    }
    for (const [resource, amount] of Object.entries(r)) {
      const has = g.resources[resource];
      if (has === undefined) {
        const expected = `a resource the agents have: ${Object.keys(g.resources).join(', ')}`;
        report(ctx, ['reservations', role, resource], amount, problem(`the agents have no '${resource}'`, expected));
        continue;
      }
      sum[resource] = (sum[resource] ?? 0) + amount;
      if (sum[resource]! > has) {
        const what = `reservations of ${resource} add up to ${sum[resource]}, more than the agents' ${has}`;
        report(ctx, ['reservations', role, resource], amount, problem(what, `reservations within resources.${resource}`, amount));
      }
    }
  }
}

export const agentGroup = () =>
  expecting(
    "a mapping with 'resources' (and optionally name, count, attributes, register_at, pool, reservations)",
    z.strictObject({ ...agentGroupFields(), register_at: seconds().default(0) }),
  ).superRefine(checkReservations);

export const addAgents = () =>
  expecting(
    "a mapping with 'resources' (and optionally name, count, attributes, pool, reservations)",
    z.strictObject(agentGroupFields()),
  ).superRefine(checkReservations);

/** Agents from a trace's machine events (src/workload/traces/machines.ts). */
const traceMachines = () =>
  expecting(
    "a mapping with 'format', 'file' and 'machine'",
    z.strictObject({
      format: expecting('google2011 or alibaba2018', z.enum(['google2011', 'alibaba2018'])),
      file: traceFiles(),
      machine: resourceMap(positive(), true),
      window: traceWindow(),
    }),
  );

export const cluster = () =>
  expecting(
    "a mapping with 'agents'",
    z.strictObject({
      agents: expecting('a list of agent groups', z.array(agentGroup())).transform((groups) =>
        groups.map((g, i) => ({ ...g, name: g.name ?? `group${i}` })),
      ),
      trace_machines: traceMachines().optional(),
    }),
  );

export type AgentGroupSpec = z.output<ReturnType<typeof agentGroup>> & { readonly name: string };
export type AddedAgentGroupSpec = z.output<ReturnType<typeof addAgents>> & { readonly name: string };
