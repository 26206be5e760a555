/**
 * Machines from a trace: Google cluster-data 2011 `machine_events` (6
 * columns: time, machine ID, event type, platform ID, CPUs, memory) as agents
 * that join, leave and change during the run.
 *
 * ADD (0) registers a new agent `m<machine ID>` with the normalized capacity
 * times `machine`; REMOVE (1) removes it (its tasks are lost, and retried
 * under the framework's retry policy); UPDATE (2) replaces it with an agent of
 * the new capacity (`m<id>.<n>`), as the simulator's agents have a fixed size.
 * Events before `window.start` give the state at the start; reading stops
 * past `window.end`. The file is read once, when the scenario is built: the
 * agents and their timeline grow with the machine events (about 37,000 for
 * the whole 29-day trace), not with the jobs.
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import type { Quantities, ResourceSpace } from '../../model/resources.js';
import type { AgentSpec, TimelineAction } from '../../world.js';
import { Counts, csvFields, malformed, numberField, optionalNumber } from './common.js';
import { ShardedLines } from './line-reader.js';

export interface TraceMachinesSpec {
  readonly format: 'google2011';
  readonly file: readonly string[];
  /** The resources of a machine of normalized capacity 1. */
  readonly machine: Readonly<Record<string, number>>;
  readonly window?: { readonly start?: number | undefined; readonly end?: number | undefined } | undefined;
}

export interface TraceMachines {
  readonly agents: AgentSpec[];
  /** Removals, with agent indices into `agents`. */
  readonly timeline: (TimelineAction & { readonly at: number })[];
  readonly report: { rows: number; added: number; removed: number; updated: number; skipped: Record<string, number> };
}

/** Reports of the trace machines of a world, keyed by its agent list (WorldSpec.agents). */
const reports = new WeakMap<readonly AgentSpec[], TraceMachines['report']>();

/** Records that `agents` (a world's agent list) holds the machines of `machines`. */
export function noteTraceMachines(agents: readonly AgentSpec[], machines: TraceMachines): void {
  reports.set(agents, machines.report);
}

/** What the trace machines of a world read and skipped, for summary.json; undefined without any. */
export function traceMachinesReport(agents: readonly AgentSpec[]): TraceMachines['report'] | undefined {
  return reports.get(agents);
}

const AFTER_END = '9223372036854775807';
const ADD = 0;
const REMOVE = 1;
const UPDATE = 2;

export function traceMachines(spec: TraceMachinesSpec, space: ResourceSpace, base: string | undefined): TraceMachines {
  const lines = new ShardedLines(spec.file.map((f) => (isAbsolute(f) ? f : resolve(base ?? '.', f))));
  const start = spec.window?.start ?? 0;
  const end = spec.window?.end ?? Infinity;
  const agents: AgentSpec[] = [];
  const timeline: (TimelineAction & { at: number })[] = [];
  /** Machine ID -> [index of its live agent, incarnations so far]. */
  const live = new Map<string, { agent: number; count: number }>();
  const incarnations = new Map<string, number>();
  const skipped = new Counts();
  const report = { rows: 0, added: 0, removed: 0, updated: 0, skipped: skipped.byReason };

  const remove = (id: string, at: number): void => {
    const current = live.get(id);
    if (current === undefined) return;
    live.delete(id);
    // Removed before the start: it never registers.
    if (at <= 0) agents[current.agent] = { ...agents[current.agent]!, registerAt: null };
    else timeline.push({ at, kind: 'agent-remove', agent: current.agent });
  };
  const add = (id: string, at: number, total: Quantities): void => {
    const n = (incarnations.get(id) ?? 0) + 1;
    incarnations.set(id, n);
    live.set(id, { agent: agents.length, count: n });
    agents.push({ name: n === 1 ? `m${id}` : `m${id}.${n}`, group: 'trace', total, attributes: { machine: id }, registerAt: Math.max(at, 0) });
  };

  for (let text = lines.next(); text !== undefined; text = lines.next()) {
    if (text.trim() === '') continue;
    report.rows++;
    const where = lines.where;
    const f = csvFields(text);
    if (f.length !== 6) throw malformed(where, `expected 6 comma-separated fields (machine_events), got ${f.length}`);
    if (f[0] === AFTER_END) {
      skipped.add('time_after_trace_end');
      continue;
    }
    const us = numberField(f, 0, 'time', where);
    const t = (us === 0 ? 0 : (us - 600_000_000) / 1e6) - start;
    if (t + start > end) break;
    const id = f[1]!;
    if (!/^\d+$/.test(id)) throw malformed(where, `machine ID is not a whole number (got ${JSON.stringify(id)})`);
    const type = numberField(f, 2, 'event type', where);
    if (type === REMOVE) {
      if (!live.has(id)) skipped.add('remove_of_unknown_machine');
      else (report.removed++, remove(id, t));
      continue;
    }
    if (type !== ADD && type !== UPDATE) throw malformed(where, `event type must be 0, 1 or 2 (got ${type})`);
    const cpus = optionalNumber(f, 4, 'CPUs', where);
    const mem = optionalNumber(f, 5, 'memory', where);
    if (cpus === undefined || mem === undefined) {
      skipped.add('missing_capacity');
      continue;
    }
    const capacity: Record<string, number> = {};
    for (const [name, normalized] of [['cpus', cpus], ['mem', mem]] as const) {
      const size = spec.machine[name];
      if (size !== undefined) capacity[name] = normalized * size;
    }
    if (type === UPDATE) {
      if (!live.has(id)) {
        skipped.add('update_of_unknown_machine');
        continue;
      }
      report.updated++;
      remove(id, t);
    } else {
      if (live.has(id)) remove(id, t); // added again without a remove
      report.added++;
    }
    add(id, t, space.fromRecord(capacity));
  }
  lines.close();
  return { agents, timeline, report };
}
