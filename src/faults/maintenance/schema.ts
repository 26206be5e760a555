/**
 * Maintenance in a scenario file: the operator's schedule (`faults.maintenance`,
 * a list of windows) and each framework's response (`frameworks[].maintenance`).
 * docs/faults.md#maintenance is the reference for users.
 *
 * @module
 */
import { z } from 'zod';
import { bool, expecting, hasProblems, name, problem, report, seconds, text } from '../../scenario/fields.js';

const WINDOW_AGENTS = "exactly one of 'agents' (a list of agent names) or 'group' (an agent group's name)";

/** DRAIN_AGENT before the window: `at` defaults to start − grace_period (not before scheduled_at). */
const drain = () =>
  expecting(
    "a mapping with 'grace_period' (and optionally 'at')",
    z.strictObject({ grace_period: seconds(), at: seconds().optional() }),
  );

/** One maintenance window: agents, when the schedule is posted, the unavailability, and an optional drain. */
const maintenanceWindow = () =>
  expecting(
    "a mapping with 'agents' or 'group', 'start' and 'duration' (and optionally scheduled_at, drain)",
    z.strictObject({
      agents: expecting('a non-empty list of agent names', z.array(text()).min(1)).optional(),
      group: name().optional(),
      scheduled_at: seconds().default(0),
      start: seconds(),
      duration: seconds(true),
      drain: drain().optional(),
    }),
  ).superRefine((w, ctx) => {
    if (hasProblems(ctx)) return;
    if ((w.agents === undefined) === (w.group === undefined)) {
      const what = w.agents === undefined ? 'required field missing' : "cannot be combined with 'agents'";
      report(ctx, [w.agents === undefined ? 'agents' : 'group'], w, problem(what, WINDOW_AGENTS));
    }
    if (w.scheduled_at > w.start) {
      report(ctx, ['scheduled_at'], w.scheduled_at, problem('must be <= start', `a number of seconds <= ${w.start}`, w.scheduled_at));
    }
    const at = w.drain?.at;
    if (at !== undefined && (at < w.scheduled_at || at > w.start)) {
      report(ctx, ['drain', 'at'], at, problem('must be between scheduled_at and start', `a number of seconds from ${w.scheduled_at} to ${w.start}`, at));
    }
  });

export type MaintenanceWindowSpec = z.output<ReturnType<typeof maintenanceWindow>>;

/** `faults.maintenance`: a list of windows. */
export const maintenanceWindows = () => expecting('a list of maintenance windows', z.array(maintenanceWindow())).default([]);

export const INVERSE_OFFER_ANSWERS = ['accept', 'decline', 'ignore'] as const;

/** `frameworks[].maintenance`: how a framework responds to maintenance. */
export const frameworkMaintenance = () =>
  expecting(
    'a mapping with inverse_offers, avoid, migrate',
    z.strictObject({
      inverse_offers: expecting(`one of: ${INVERSE_OFFER_ANSWERS.join(', ')}`, z.enum(INVERSE_OFFER_ANSWERS)).default('accept'),
      avoid: bool().default(true),
      migrate: bool().default(false),
    }),
  )
    .superRefine((m, ctx) => {
      if (hasProblems(ctx) || !m.migrate) return;
      if (m.inverse_offers !== 'accept') {
        report(ctx, ['migrate'], m.migrate, problem('a framework migrates only on inverse offers it accepts', 'false, or inverse_offers: accept', m.migrate));
      } else if (!m.avoid) {
        report(ctx, ['migrate'], m.migrate, problem('migrated tasks would be placed back on the agent they left', 'false, or avoid: true', m.migrate));
      }
    })
    .prefault({});

/** The agents a window names, as `<group>-<k>` names. */
function windowAgents(w: MaintenanceWindowSpec, groups: ReadonlyMap<string, number>): string[] {
  if (w.agents !== undefined) return w.agents;
  const count = groups.get(w.group!) ?? 0;
  return Array.from({ length: count }, (_, k) => `${w.group}-${k}`);
}

/**
 * Cross-references of `faults.maintenance`: named agents and groups exist,
 * and an agent's windows do not overlap (from scheduled_at to start +
 * duration: Mesos lets a machine appear in a schedule once).
 */
export function checkMaintenance(
  windows: readonly MaintenanceWindowSpec[],
  groups: ReadonlyMap<string, number>,
  groupWords: string,
  ctx: { issues: z.core.$ZodRawIssue[] },
): void {
  const agents = new Set([...groups].flatMap(([g, count]) => Array.from({ length: count }, (_, k) => `${g}-${k}`)));
  const busy = new Map<string, { from: number; to: number; window: number }[]>();
  windows.forEach((w, i) => {
    const path = ['faults', 'maintenance', i];
    if (w.group !== undefined && !groups.has(w.group)) {
      report(ctx, [...path, 'group'], w.group, problem(`no such agent group '${w.group}'`, `a group of cluster.agents or add_agents: ${groupWords}`));
      return;
    }
    w.agents?.forEach((agent, k) => {
      if (!agents.has(agent)) {
        report(ctx, [...path, 'agents', k], agent, problem(`no such agent '${agent}'`, `an agent named <group>-<k> by cluster.agents or add_agents: ${groupWords}`));
      }
    });
    const from = w.scheduled_at;
    const to = w.start + w.duration;
    for (const agent of windowAgents(w, groups)) {
      const spans = busy.get(agent) ?? [];
      const clash = spans.find((s) => from < s.to && s.from < to);
      if (clash !== undefined) {
        const what = `agent '${agent}' is already in faults.maintenance.${clash.window} from ${clash.from} to ${clash.to}`;
        report(ctx, path, w, problem(what, "an agent's windows not to overlap (scheduled_at to start + duration)"));
        return;
      }
      spans.push({ from, to, window: i });
      busy.set(agent, spans);
    }
  });
}
