/**
 * The short summary `sim run` prints.
 *
 * @module
 */
import type { Summary } from '../run.js';
import { formatGroups } from './group-table.js';

function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '-';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(digits);
}

function pct(v: number | null): string {
  return v === null ? '-' : `${(v * 100).toFixed(1)}%`;
}

function maintenanceLine(m: NonNullable<Summary['faults']['maintenance']>): string {
  const io = m.inverse_offers;
  const t = m.tasks;
  return `maint     inverse offers ${io.sent} (accepted ${io.accepted}  declined ${io.declined})  tasks finished before window ${t.finished_before_window}  migrated ${t.migrated}  drained ${t.drained}  lost ${t.lost}`;
}

export function formatSummary(s: Summary, outDir: string): string {
  const t = s.tasks;
  const w = s.wait_time;
  const j = s.job_completion_time;
  const lines = [
    `scenario ${s.scenario}  allocator ${s.allocator}  seed ${s.seed}`,
    `simulated 0 → ${fmt(s.simulated.end)} s (${s.simulated.end_reason})  events ${s.events}  wall ${fmt(s.wall_seconds, 2)} s`,
    `tasks     submitted ${t.submitted}  started ${t.started}  finished ${t.finished}  failed ${t.failed}  killed ${t.killed}  lost ${t.lost}  preempted ${t.preempted}  dropped ${t.dropped}  resubmitted ${t.resubmitted}  live at end ${t.at_end_live}`,
    `offers    made ${s.offers.made}  accepted ${s.offers.accepted}  declined ${s.offers.declined}  rescinded ${s.offers.rescinded}`,
    `util      ${Object.entries(s.utilization)
      .map(([r, u]) => `${r} ${pct(u.allocated_mean)}`)
      .join('  ')}`,
    `wait (s)  mean ${fmt(w.mean)}  p50 ${fmt(w.p50)}  p95 ${fmt(w.p95)}  p99 ${fmt(w.p99)}  max ${fmt(w.max)}`,
    `jobs (s)  completed ${s.jobs.completed}/${s.jobs.submitted}  mean ${fmt(j.mean)}  p50 ${fmt(j.p50)}  p95 ${fmt(j.p95)}  p99 ${fmt(j.p99)}`,
    ...(s.payments.total > 0
      ? [`paid      ${fmt(s.payments.total)}  (${Object.entries(s.payments.by_framework).map(([f, v]) => `${f} ${fmt(v)}`).join('  ')})`]
      : []),
    ...(s.faults.events > 0
      ? [`faults    ${s.faults.events} events  (${Object.entries(s.faults.by_kind).map(([k, n]) => `${k} ${n}`).join('  ')})`]
      : []),
    ...(s.faults.maintenance !== undefined ? [maintenanceLine(s.faults.maintenance)] : []),
    ...formatGroups(s.groups),
    `results   ${outDir}`,
  ];
  return lines.join('\n');
}
