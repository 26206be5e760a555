/**
 * Helpers for agent fault tests: a fault spec with defaults, running a world
 * part way with the books verified after every event, and the events table.
 * The no-leak check is test/helpers/leaks.ts.
 */
import type { AgentFaultsSpec } from '../../src/faults/agent/spec.js';
import type { Built } from '../helpers/world.js';
import { space } from '../helpers/world.js';

export function agentFaults(over: Partial<AgentFaultsSpec>): AgentFaultsSpec {
  return { scripted: [], processes: [], partitions: [], ...over };
}

/** Runs the world's events up to time `t` (inclusive), verifying the master's books after each. */
export function runUntil(b: Built, t: number): void {
  b.world.sim.run(t, () => {
    b.world.master.verify();
    return false;
  });
}

/** The master's cluster total, allocated and offered cpus, in cores. */
export function cpus(b: Built): { total: number; allocated: number; offered: number } {
  const i = space.indexOf('cpus')!;
  const m = b.world.master;
  return { total: m.total[i]! / 1000, allocated: m.allocated[i]! / 1000, offered: m.offered[i]! / 1000 };
}

/** events.csv rows as [time, kind, agent, value, detail]. */
export function faultRows(b: Built): (string | number)[][] {
  return b.events.records().map((r) => [r.time as number, r.kind as string, r.agent as string, r.value as number | string, r.detail as string]);
}

/** tasks.csv rows as `<task id>#<attempt> <state> <start>-<end>`. */
export function taskLines(b: Built): string[] {
  return b.tasks.records().map((r) => `${r.task_id}#${r.attempt} ${r.state} ${r.start_time}-${r.end_time}`);
}
