/**
 * From the scenario's `faults.maintenance` to the world's maintenance
 * windows: agents by index.
 *
 * @module
 */
import type { Scenario } from '../../scenario/schema.js';
import type { AgentSpec } from '../../world-spec.js';
import type { MaintenanceWindow } from './operator.js';

/** `faults.maintenance` with agents by index; a drain without `at` starts grace_period before the window (not before scheduled_at). Undefined when there is none. */
export function maintenanceWindows(s: Scenario, agents: readonly AgentSpec[], agentIndex: ReadonlyMap<string, number>): MaintenanceWindow[] | undefined {
  if (s.faults.maintenance.length === 0) return undefined;
  return s.faults.maintenance.map((w) => ({
    agents: w.agents !== undefined ? w.agents.map((a) => agentIndex.get(a)!) : agents.flatMap((a, i) => (a.group === w.group ? [i] : [])),
    scheduledAt: w.scheduled_at,
    start: w.start,
    duration: w.duration,
    drain: w.drain && { at: w.drain.at ?? Math.max(w.scheduled_at, w.start - w.drain.grace_period), gracePeriod: w.drain.grace_period },
  }));
}
