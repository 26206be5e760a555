/**
 * The scenario schema of agent faults: `faults.agents` (scripted failures
 * and random failure processes) and `faults.partitions` (the master cut off
 * from a set of agents for a while). docs/faults.md is the user reference.
 *
 * Agents are chosen by a selector: `agents` (names), `group` (a group name
 * or a list of them) or `attribute` (a mapping that every chosen agent's
 * attributes match). Names are checked against the cluster in
 * `checkAgentFaultReferences`; attribute values when the world is built.
 *
 * @module
 */
import { z } from 'zod';
import {
  anyNumber,
  exactlyOne,
  expecting,
  hasProblems,
  integerAtLeast,
  key,
  name,
  numberOr,
  problem,
  report,
  seconds,
  text,
} from '../../scenario/fields.js';
import { distribution, type DistributionSpec } from '../../scenario/distributions.js';
import { MAX_SECONDS } from '../../model/limits.js';

/** Which agents a fault touches; exactly one field given (or none: every agent, where allowed). */
export interface AgentSelector {
  readonly agents?: readonly string[] | undefined;
  readonly group?: readonly string[] | undefined;
  readonly attribute?: Readonly<Record<string, string | number>> | undefined;
}

export const SELECTOR_WORDS = "exactly one of 'agents' (agent names), 'group' (a group name or a list of them) or 'attribute' (e.g. { rack: r1 })";

const selectorFields = () => ({
  agents: expecting('a non-empty list of agent names', z.array(name()).min(1)).optional(),
  group: expecting(
    'a group name, or a non-empty list of group names',
    z.union([name(), expecting('a non-empty list of group names', z.array(name()).min(1))]),
  )
    .transform((g) => (typeof g === 'string' ? [g] : g))
    .optional(),
  attribute: expecting(
    'a non-empty mapping of attribute name -> value',
    z.record(key(), expecting('a string or a number', z.union([z.string(), anyNumber()]))),
  )
    .refine((m) => Object.keys(m).length > 0, { message: problem('no attribute given', 'a mapping such as { rack: r1 }') })
    .optional(),
});

/** The selector of `v`, or undefined after reporting a missing or extra field (when `required`). */
function selector(v: AgentSelector, ctx: { issues: z.core.$ZodRawIssue[] }, required: boolean): AgentSelector | undefined {
  const given = { agents: v.agents, group: v.group, attribute: v.attribute };
  if (!required && Object.values(given).every((x) => x === undefined)) return {};
  const which = exactlyOne(ctx, v, given, SELECTOR_WORDS);
  return which === undefined ? undefined : { [which]: given[which as keyof typeof given] };
}

/** A time to repair: a number is the mean of an exponential; a mapping any distribution. */
const repairTime = () =>
  expecting(
    'a number of seconds >= 0 (the mean of an exponential), or a distribution mapping',
    z.union([
      seconds().transform(
        (mean): DistributionSpec => (mean > 0 ? { dist: 'exponential', mean } : { dist: 'constant', value: 0 }),
      ),
      distribution(),
    ]),
  );

/** A scripted failure: these agents' machines fail at `at`, and come back `repair_after` later (never by default). */
export interface ScriptedFailureSpec extends AgentSelector {
  readonly at: number;
  readonly repair_after: number | 'never';
}

/** A random failure process over the chosen agents (every agent when no selector is given). */
export interface RandomFailureSpec extends AgentSelector {
  /** Up-time before each failure (from the start, or from the last repair). */
  readonly time_to_failure: DistributionSpec;
  readonly mttr: DistributionSpec;
  /** With it, agents sharing this attribute's value fail and are repaired together. */
  readonly correlated_by?: string | undefined;
}

export type AgentFaultSpec = ScriptedFailureSpec | RandomFailureSpec;

const SCRIPTED_ONLY = ['repair_after'] as const;
const RANDOM_ONLY = ['mtbf', 'time_to_failure', 'mttr', 'correlated_by'] as const;
const ENTRY_WORDS =
  "a scripted failure { at, agents | group | attribute, repair_after } or a random failure process { mtbf or time_to_failure, mttr, correlated_by, agents | group | attribute }";

const agentFault = () =>
  expecting(
    ENTRY_WORDS,
    z.strictObject({
      at: seconds().optional(),
      ...selectorFields(),
      repair_after: numberOr('a number of seconds >= 0, or "never"', z.number().min(0).max(MAX_SECONDS), 'never').optional(),
      mtbf: seconds(true).optional(),
      time_to_failure: distribution().optional(),
      mttr: repairTime().optional(),
      correlated_by: text().optional(),
    }),
  ).transform((v, ctx): AgentFaultSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const scripted = v.at !== undefined;
    const misplaced = (scripted ? RANDOM_ONLY : SCRIPTED_ONLY).find((k) => v[k] !== undefined);
    if (misplaced !== undefined) {
      const what = scripted ? `'${misplaced}' belongs to a random failure process, not a scripted failure (which has 'at')` : `'${misplaced}' needs 'at' (a scripted failure)`;
      report(ctx, [misplaced], v[misplaced], problem(what, ENTRY_WORDS));
      return z.NEVER;
    }
    const chosen = selector(v, ctx, scripted);
    if (chosen === undefined) return z.NEVER;
    if (scripted) return { at: v.at!, ...chosen, repair_after: v.repair_after ?? 'never' };
    const which = exactlyOne(ctx, v, { mtbf: v.mtbf, time_to_failure: v.time_to_failure }, "exactly one of 'mtbf' (mean seconds between failures) or 'time_to_failure' (a distribution), or 'at' for a scripted failure");
    if (which === undefined) return z.NEVER;
    if (v.mttr === undefined) {
      report(ctx, ['mttr'], v, problem('required field missing', 'seconds to repair (the mean of an exponential) or a distribution'));
      return z.NEVER;
    }
    const timeToFailure: DistributionSpec = which === 'mtbf' ? { dist: 'exponential', mean: v.mtbf! } : v.time_to_failure!;
    return { ...chosen, time_to_failure: timeToFailure, mttr: v.mttr, correlated_by: v.correlated_by };
  });

/** A partition: the master and these agents cannot exchange messages from `at` for `duration` seconds. */
export interface PartitionFaultSpec extends AgentSelector {
  readonly at: number;
  readonly duration: number;
}

const partition = () =>
  expecting(
    "a mapping with 'at', 'duration' and one of 'agents', 'group' or 'attribute'",
    z.strictObject({ at: seconds(), duration: seconds(true), ...selectorFields() }),
  ).transform((v, ctx): PartitionFaultSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const chosen = selector(v, ctx, true);
    return chosen === undefined ? z.NEVER : { at: v.at, duration: v.duration, ...chosen };
  });

/** The `faults` keys of this model. */
export const agentFaultFields = () => ({
  agents: expecting('a list of agent failures', z.array(agentFault())).default([]),
  partitions: expecting('a list of partitions', z.array(partition())).default([]),
});

export function isScripted(f: AgentFaultSpec): f is ScriptedFailureSpec {
  return 'at' in f;
}

/** Master settings of the health checks (Mesos flags of the same names, with Mesos's defaults and bounds). */
export const healthCheckFields = () => ({
  agent_ping_timeout: expecting('a number of seconds from 1 to 900', z.number().min(1).max(900)).default(15),
  max_agent_ping_timeouts: integerAtLeast(1).default(5),
});

/**
 * Agent and group names used by agent faults exist (`agentNames`: every
 * agent `<group>-<k>`; `groupNames`: every group; the words list them for
 * messages). Attributes, and agents in two random processes, are checked
 * when the world is built (trace machines are known only then).
 */
export function checkAgentFaultReferences(
  faults: { readonly agents: readonly AgentFaultSpec[]; readonly partitions: readonly PartitionFaultSpec[] },
  names: { readonly agents: ReadonlySet<string>; readonly groups: ReadonlySet<string>; readonly agentWords: string; readonly groupWords: string },
  ctx: { issues: z.core.$ZodRawIssue[] },
): void {
  const check = (s: AgentSelector, path: PropertyKey[]): void => {
    s.agents?.forEach((a, k) => {
      if (!names.agents.has(a)) report(ctx, [...path, 'agents', k], a, problem(`no such agent '${a}'`, `an agent named <group>-<k>: ${names.agentWords}`));
    });
    s.group?.forEach((g, k) => {
      if (!names.groups.has(g)) {
        const at = s.group!.length === 1 ? [...path, 'group'] : [...path, 'group', k];
        report(ctx, at, g, problem(`no such agent group '${g}'`, `a group of cluster.agents or of a timeline add_agents: ${names.groupWords}`));
      }
    });
  };
  faults.agents.forEach((f, i) => check(f, ['faults', 'agents', i]));
  faults.partitions.forEach((p, i) => check(p, ['faults', 'partitions', i]));
}
