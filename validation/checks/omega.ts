/**
 * The Omega paper's offer-locking experiment (Schwarzkopf, Konwinski,
 * Abd-El-Malek, Wilkes, EuroSys 2013, its Mesos experiment, Fig. 7; papers.md section 3): as the
 * service scheduler's per-job decision time t_job grows, a Mesos-style
 * allocator leaves more of the cluster locked in offers the slow scheduler
 * holds, and the batch scheduler waits longer. The check is qualitative, as the
 * paper's magnitudes are not verified: both figures rise with t_job, and the
 * remedy (the service role's offers capped by a quota limit) shrinks them.
 *
 * The sweeps are the bundled sweep files; each cell runs here in-process, with
 * its tasks table, because the batch framework's own wait is not a summary
 * metric (`sim sweep` keeps summaries only).
 *
 * @module
 */
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { lineChart } from '../../src/report/svg.js';
import { cells, fieldSets, loadSweep } from '../../src/sweep/spec.js';
import { mean, num, percent, repoRoot, type CheckRow } from './check.js';
import { runFile, type Row } from './run-file.js';

const GROUP = 'Omega offer locking';
const SOURCE = 'Omega (EuroSys 2013) Fig. 7, qualitative';

export const OMEGA_SWEEP = 'scenarios/sweeps/omega-tjob.yaml';
export const OMEGA_REMEDY_SWEEP = 'scenarios/sweeps/omega-tjob-limit.yaml';
/** Mesos's offer_timeout, tried as a remedy: not one (docs/validation.md); charted, not checked. */
export const OMEGA_TIMEOUT_SWEEP = 'scenarios/sweeps/omega-tjob-timeout.yaml';

/** One point of a sweep: its t_job, and each figure's mean over the seeds. */
export interface OmegaPoint {
  readonly tJob: number;
  /** Mean wait of the batch framework's tasks, s (a task still waiting at the end counts its wait so far). */
  readonly batchWait: number;
  /** The same for the service framework. */
  readonly serviceWait: number;
  /** Time-weighted mean fraction of the cluster's cpus in outstanding offers (summary utilization.cpus.offered_mean). */
  readonly offered: number;
}

export interface OmegaSweep {
  readonly name: string;
  readonly points: readonly OmegaPoint[];
}

export interface OmegaOptions {
  /** Only these seeds of the sweep files (default: all of them). */
  readonly seeds?: readonly number[];
  /** Only these t_job values (default: all of them). */
  readonly tJobs?: readonly number[];
}

/** Mean of (start − submit) over one framework's tasks; unstarted tasks count up to `end`. */
function meanWait(tasks: readonly Row[], framework: string, end: number): number {
  const waits = tasks.filter((t) => t.framework === framework).map((t) => (t.start_time === '' ? end : Number(t.start_time)) - Number(t.submit_time));
  return mean(waits);
}

/** Runs every cell of a sweep file (relative to the repository) and averages each point over its seeds. */
export function runOmegaSweep(file: string, options: OmegaOptions = {}): OmegaSweep {
  const sweep = loadSweep(join(repoRoot(), file));
  const { scenarioFile, seeds } = sweep;
  if (scenarioFile === undefined || seeds === undefined) throw new Error(`${file}: expected a sweep of a scenario, not one from a checkpoint`);
  const byPoint = new Map<number, { batch: number[]; service: number[]; offered: number[] }>();
  for (const cell of cells({ matrix: sweep.matrix, seeds })) {
    const tJob = Number(cell.point[0]![1]);
    if (options.seeds !== undefined && !options.seeds.includes(cell.seed)) continue;
    if (options.tJobs !== undefined && !options.tJobs.includes(tJob)) continue;
    const ran = runFile(scenarioFile, [...sweep.set, ...fieldSets(cell.point), `seed=${cell.seed}`], ['tasks']);
    const end = ran.summary.simulated.end;
    const acc = byPoint.get(tJob) ?? { batch: [], service: [], offered: [] };
    acc.batch.push(meanWait(ran.tables.tasks, 'batch', end));
    acc.service.push(meanWait(ran.tables.tasks, 'service', end));
    acc.offered.push(ran.summary.utilization.cpus!.offered_mean!);
    byPoint.set(tJob, acc);
  }
  const points = [...byPoint.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([tJob, acc]) => ({ tJob, batchWait: mean(acc.batch), serviceWait: mean(acc.service), offered: mean(acc.offered) }));
  return { name: sweep.sweep, points };
}

/**
 * True when `ys` rises from first to last without a real fall: each value is at
 * least the previous one less `slack` × (max − min). The slack absorbs the
 * seed noise between neighbouring points where the effect has not started.
 */
export function risesWith(ys: readonly number[], slack = 0.02): boolean {
  const range = Math.max(...ys) - Math.min(...ys);
  return ys.every((y, i) => i === 0 || y >= ys[i - 1]! - slack * range) && ys[ys.length - 1]! > ys[0]!;
}

const series = (s: OmegaSweep, f: (p: OmegaPoint) => number) => s.points.map((p) => f(p));
const span = (ys: readonly number[], fmt: (v: number) => string) => `${fmt(ys[0]!)} → ${fmt(ys[ys.length - 1]!)}`;
const seconds = (v: number) => `${num(v, 3)} s`;
const share = (v: number) => `${num(100 * v, 3)} %`;

/** The rows: both figures rise with t_job without the remedy; with it, both are smaller at the largest t_job. */
export function omegaRows(plain: OmegaSweep, remedy: OmegaSweep): CheckRow[] {
  const rows: CheckRow[] = [];
  const first = plain.points[0]!.tJob;
  const last = plain.points[plain.points.length - 1]!.tJob;
  for (const [what, f, fmt] of [
    ['batch wait', (p: OmegaPoint) => p.batchWait, seconds],
    ['cpus held in offers', (p: OmegaPoint) => p.offered, share],
  ] as const) {
    const ys = series(plain, f);
    const rises = risesWith(ys);
    rows.push({
      group: GROUP,
      check: `${what} rises with service t_job ${first} → ${last} s`,
      reference: 'rises',
      source: SOURCE,
      simulator: span(ys, fmt),
      difference: `×${num(ys[ys.length - 1]! / ys[0]!, 3)}`,
      verdict: rises ? 'pass' : 'fail',
      note: rises ? `never falls by more than 2 % of its range (${plain.points.length} points)` : `not monotone: ${ys.map((y) => fmt(y)).join(', ')}`,
    });
  }
  const at = (s: OmegaSweep) => s.points.find((p) => p.tJob === last)!;
  for (const [what, f, fmt] of [
    ['batch wait', (p: OmegaPoint) => p.batchWait, seconds],
    ['cpus held in offers', (p: OmegaPoint) => p.offered, share],
  ] as const) {
    const without = f(at(plain));
    const withRemedy = f(at(remedy));
    rows.push({
      group: GROUP,
      check: `remedy (service offers capped at 15 %): ${what} at t_job ${last} s`,
      reference: `below ${fmt(without)} (no remedy)`,
      source: `${SOURCE}; Mesos quota limit`,
      simulator: fmt(withRemedy),
      difference: percent(withRemedy, without, 3),
      verdict: withRemedy <= 0.5 * without ? 'pass' : 'fail',
      note: 'passes when at most half the figure without the remedy',
    });
  }
  return rows;
}

/**
 * Two SVG charts (batch wait, and cpus held in offers, against log10 t_job),
 * one line per labelled sweep, and the figures behind them as
 * omega-points.csv (`sweep,t_job,batch_wait,service_wait,cpus_offered`),
 * keyed by file name.
 */
export function omegaCharts(sweeps: readonly { readonly label: string; readonly sweep: OmegaSweep }[]): Record<string, string> {
  const chart = (id: string, title: string, yLabel: string, f: (p: OmegaPoint) => number) =>
    lineChart({
      id,
      title,
      xLabel: 'service scheduler t_job, log10 s (−1 = 0.1 s, 2 = 100 s)',
      yLabel,
      series: sweeps.map(({ label, sweep }) => ({ name: label, dots: true, points: sweep.points.map((p) => [Math.log10(p.tJob), f(p)] as const) })),
    });
  const rows = sweeps.flatMap(({ label, sweep }) => sweep.points.map((p) => [label, p.tJob, p.batchWait, p.serviceWait, p.offered]));
  return {
    'omega-points.csv': stringify(rows, { header: true, columns: ['sweep', 't_job', 'batch_wait', 'service_wait', 'cpus_offered'] }),
    'omega-batch-wait.svg': chart('omega-batch-wait', 'Batch scheduler: mean task wait', 'mean wait, s', (p) => p.batchWait),
    'omega-offered.svg': chart('omega-offered', 'Cluster cpus held in outstanding offers', 'fraction of cpus (time mean)', (p) => p.offered),
  };
}
