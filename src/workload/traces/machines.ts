/**
 * Machines from a trace as agents that join, leave and change during the
 * run: Google cluster-data 2011 `machine_events` (6 columns: time, machine
 * ID, event type, platform ID, CPUs, memory), or Alibaba cluster-trace-v2018
 * `machine_meta` (7 columns: machine_id, time_stamp, failure_domain_1,
 * failure_domain_2, cpu_num, mem_size, status; see `alibabaRows`).
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
import { MAX_AGENTS, MAX_NUMBER, MAX_SECONDS } from '../../model/limits.js';
import { shownCell } from '../data-file.js';
import { Counts, malformed, numberAt, optionalAt, type Place } from './common.js';
import { FieldCursor } from './field-cursor.js';
import { ShardedLines } from './line-reader.js';

export interface TraceMachinesSpec {
  readonly format: 'google2011' | 'alibaba2018';
  readonly file: readonly string[];
  /**
   * google2011: the resources of a machine of normalized capacity 1.
   * alibaba2018: `mem` is what mem_size 100 stands for; cpus are cpu_num; other entries are given to every machine as is.
   */
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

/** One machine event, in a common shape. */
type MachineEvent =
  | { readonly kind: 'add' | 'update'; readonly t: number; readonly id: string; readonly total: Quantities; readonly attributes: Readonly<Record<string, string>> }
  | { readonly kind: 'remove'; readonly t: number; readonly id: string }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'stop' };

/** Reads machine events row by row: the event of the row `row` holds (given the machines up now), with `place` for errors. */
type EventParser = (row: FieldCursor, place: Place, isLive: (id: string) => boolean) => MachineEvent;

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
  const prefix = spec.format === 'google2011' ? 'm' : '';

  const remove = (id: string, at: number): void => {
    const current = live.get(id);
    if (current === undefined) return;
    live.delete(id);
    // Removed before the start: it never registers.
    if (at <= 0) agents[current.agent] = { ...agents[current.agent]!, registerAt: null };
    else timeline.push({ at, kind: 'agent-remove', agent: current.agent });
  };
  const add = (id: string, at: number, total: Quantities, attributes: Readonly<Record<string, string>>): void => {
    const n = (incarnations.get(id) ?? 0) + 1;
    incarnations.set(id, n);
    live.set(id, { agent: agents.length, count: n });
    agents.push({ name: n === 1 ? `${prefix}${id}` : `${prefix}${id}.${n}`, group: 'trace', total, attributes: { machine: id, ...attributes }, registerAt: Math.max(at, 0) });
  };

  const parse: EventParser =
    spec.format === 'google2011' ? googleRows(spec, space, start, end) : alibabaRows(spec, space, start, end);
  const isLive = (id: string): boolean => live.has(id);
  const row = new FieldCursor();
  for (let text = lines.next(); text !== undefined; text = lines.next()) {
    if (text.trim() === '') continue;
    report.rows++;
    row.set(text);
    const e = parse(row, lines, isLive);
    if (e.kind === 'stop') break;
    if (e.kind === 'none') continue;
    if (e.kind === 'skip') {
      skipped.add(e.reason);
      continue;
    }
    if (e.t > MAX_SECONDS) {
      skipped.add('beyond_time_limit');
      continue;
    }
    if (e.kind === 'remove') {
      if (!live.has(e.id)) skipped.add('remove_of_unknown_machine');
      else (report.removed++, remove(e.id, e.t));
      continue;
    }
    if (e.kind === 'update') {
      if (!live.has(e.id)) {
        skipped.add('update_of_unknown_machine');
        continue;
      }
      report.updated++;
      remove(e.id, e.t);
    } else {
      if (live.has(e.id)) remove(e.id, e.t); // added again without a remove
      report.added++;
    }
    if (!e.total.every((v) => v >= 0 && v <= MAX_NUMBER * 1000)) {
      skipped.add('invalid_capacity');
      continue;
    }
    if (agents.length >= MAX_AGENTS) throw malformed(lines.where, `more than ${MAX_AGENTS.toLocaleString('en-US')} agents (expected at most that many machines, added and updated, in the window)`);
    add(e.id, e.t, e.total, e.attributes);
  }
  lines.close();
  timeline.sort((a, b) => a.at - b.at);
  return { agents, timeline, report };
}

/** Google 2011 machine_events; the file is in time order, so reading stops past the window's end. */
function googleRows(spec: TraceMachinesSpec, space: ResourceSpace, start: number, end: number): EventParser {
  return (f, place) => {
    if (f.count !== 6) throw malformed(place.where, `expected 6 comma-separated fields (machine_events), got ${f.count}`);
    if (f.equals(0, AFTER_END)) return { kind: 'skip', reason: 'time_after_trace_end' };
    const us = numberAt(f, 0, 'time', place);
    const t = (us === 0 ? 0 : (us - 600_000_000) / 1e6) - start;
    if (t + start > end) return { kind: 'stop' };
    const id = f.text(1);
    if (!/^\d+$/.test(id)) throw malformed(place.where, `machine ID is not a whole number (got ${shownCell(id)})`);
    const type = numberAt(f, 2, 'event type', place);
    if (type === REMOVE) return { kind: 'remove', t, id };
    if (type !== ADD && type !== UPDATE) throw malformed(place.where, `event type must be 0, 1 or 2 (got ${type})`);
    const cpus = optionalAt(f, 4, 'CPUs', place);
    const mem = optionalAt(f, 5, 'memory', place);
    if (cpus === undefined || mem === undefined) return { kind: 'skip', reason: 'missing_capacity' };
    const capacity: Record<string, number> = {};
    for (const [name, normalized] of [['cpus', cpus], ['mem', mem]] as const) {
      const size = spec.machine[name];
      if (size !== undefined) capacity[name] = normalized * size;
    }
    return { kind: type === UPDATE ? 'update' : 'add', t, id, total: space.fromRecord(capacity), attributes: {} };
  };
}

/**
 * Alibaba 2018 machine_meta: each row is a machine's state from its
 * time_stamp (seconds; 0: before the trace) on. Status USING: the machine is
 * up with that capacity (a first row adds it, a change of capacity or failure
 * domain replaces it, an unchanged row is a no-op); any other status (e.g.
 * IMPORT_INSTALLING): the machine is down (removed if up). The public file is
 * sorted by machine, not by time, so the whole file is read (it is small) and
 * rows past the window's end are skipped; a machine's rows must be in time order.
 */
function alibabaRows(spec: TraceMachinesSpec, space: ResourceSpace, start: number, end: number): EventParser {
  /** Machine ID -> its last row's time and, when up, the key of its state. */
  const last = new Map<string, { time: number; state: string | undefined }>();
  const memory = spec.machine.mem;
  const others = Object.fromEntries(Object.entries(spec.machine).filter(([name]) => name !== 'cpus' && name !== 'mem'));
  return (f, place, isLive) => {
    if (f.count !== 7) throw malformed(place.where, `expected 7 comma-separated fields (machine_meta), got ${f.count}`);
    const id = f.text(0);
    const domain1 = f.text(2);
    const domain2 = f.text(3);
    const status = f.text(6);
    if (id === '') throw malformed(place.where, 'machine_id is empty');
    const time = numberAt(f, 1, 'time_stamp', place);
    const cpus = optionalAt(f, 4, 'cpu_num', place);
    const mem = optionalAt(f, 5, 'mem_size', place);
    const before = last.get(id);
    if (before !== undefined && time < before.time) throw malformed(place.where, `time goes back for machine ${id} (${time} s after ${before.time} s); sort by machine_id, then time_stamp`);
    if (time > end) return { kind: 'skip', reason: 'time_after_window_end' };
    const t = time - start;
    if (status !== 'USING') {
      last.set(id, { time, state: undefined });
      return isLive(id) ? { kind: 'remove', t, id } : { kind: 'skip', reason: `status_${status === '' ? 'missing' : status.toLowerCase()}` };
    }
    if (cpus === undefined || cpus <= 0) return { kind: 'skip', reason: 'invalid_cpu_num' };
    if (mem === undefined || mem <= 0 || mem > 100) return { kind: 'skip', reason: 'invalid_mem_size' };
    const state = [domain1, domain2, cpus, mem].join(',');
    const up = isLive(id) && before?.state !== undefined;
    last.set(id, { time, state });
    if (up && before.state === state) return { kind: 'none' };
    const attributes: Record<string, string> = {};
    if (domain1 !== '') attributes.failure_domain_1 = domain1;
    if (domain2 !== '') attributes.failure_domain_2 = domain2;
    const capacity: Record<string, number> = { ...others, cpus };
    if (memory !== undefined) capacity.mem = (mem / 100) * memory;
    return { kind: up ? 'update' : 'add', t, id, total: space.fromRecord(capacity), attributes };
  };
}
