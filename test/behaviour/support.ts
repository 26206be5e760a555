/**
 * Small helpers shared by the behaviour tests (built on test/helpers/world.ts).
 */
import type { Cell } from '../../src/metrics/sinks.js';
import type { Quantities } from '../../src/model/resources.js';
import type { AgentSpec } from '../../src/world.js';
import { agents, space, type Built } from '../helpers/world.js';

export type Row = Record<string, Cell>;

/** offers.csv rows as [time, framework, agent, outcome, tasks_launched, response_time]. */
export function offerLog(b: Built): [Cell, Cell, Cell, Cell, Cell, Cell][] {
  return b.offers.records().map((r) => [r.time!, r.framework!, r.agent!, r.outcome!, r.tasks_launched!, r.response_time!]);
}

/** Frameworks of the accepted offers, in the order they were resolved. */
export function acceptedBy(b: Built): Cell[] {
  return b.offers.records().filter((r) => r.outcome === 'accepted').map((r) => r.framework!);
}

/** tasks.csv rows keyed by task id. */
export function tasksById(b: Built): Map<string, Row> {
  return new Map(b.tasks.records().map((r) => [r.task_id as string, r]));
}

/** How many rows have each value of `column`. */
export function countBy(rows: readonly Row[], column: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r[column])] = (out[String(r[column])] ?? 0) + 1;
  return out;
}

/** Agents registered later, by a timeline `agent-register` action (registerAt null). */
export function lateAgents(count: number, resources: Record<string, number>, group: string): AgentSpec[] {
  return agents(count, resources, group).map((a) => ({ ...a, registerAt: null }));
}

/** One resource of a milli-unit vector, in its own unit. */
export function amount(q: Quantities, name: string): number {
  return q[space.indexOf(name)!]! / 1000;
}
