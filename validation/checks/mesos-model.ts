/**
 * The Mesos paper's analytic model (Hindman et al., NSDI 2011, section 4.2,
 * Table 2; papers.md 2.2): a framework entitled to k slots, all busy with
 * other tasks when its job arrives, ramps up as they free, and completes its
 * βkT of work. Elastic frameworks use each slot as it comes; rigid ones wait
 * for all k. Scenarios: scenarios/validation/mesos-model-{elastic,rigid}.yaml
 * (k = 100, T = 100 s; β = 15 elastic, 1 rigid), with the slots' remaining times uniform on
 * [0, T] (constant task durations, started at random phases) or exponential of
 * mean T.
 *
 * Table 2's closed forms are approximations for large k, and the rows
 * compare the simulator with the exact expectations of the same model,
 * showing Table 2's forms beside them:
 * - the last of k exponential tasks ends after T·H_k on average (H_k the k-th
 *   harmonic number, ln k + 0.577 for large k), not T ln k;
 * - the elastic job's fluid completion is βT + the mean time its slots freed
 *   up, (1/2 + β)T with constant durations; with exponential ones it solves
 *   C − T(1 − e^(−C/T)) = βT, which is (1 + β)T for large β. Its tasks last
 *   d, so they end spread over d rather than together (Table 2's footnote 3):
 *   the last ends d/2 after the fluid completion, on average;
 * - utilization is work over slot-time held (running or kept idle), pooled
 *   over the seeds as a long run of such jobs would pool it: a ratio of
 *   expectations, as Table 2's.
 *
 * @module
 */
import { num, relativeRow, seedsRow, type CheckRow } from './check.js';
import { runFile, type Row } from './run-file.js';

const GROUP = 'Mesos paper analytic model';
const SOURCE = 'Mesos (NSDI 2011) §4.2, Table 2';
/** The job's submit time in the scenarios: the slots are all taken by then. */
const T0 = 0.001;
export const MODEL = { k: 100, T: 100, beta: { elastic: 15, rigid: 1 }, elasticTask: 50 } as const;

export type Durations = 'constant' | 'exponential';
export type Kind = 'elastic' | 'rigid';

/** What one run gives: times in seconds from the job's arrival; cpu-seconds worked and held idle. */
export interface ModelRun {
  readonly rampUp: number;
  readonly completion: number;
  readonly work: number;
  readonly idle: number;
}

const DURATION_SET = 'frameworks.0.workload.synthetic.duration={dist: exponential, mean: 100}';

/** The most tasks of `framework` running at once is first reached at this time (ends before starts at an instant). */
function firstFull(tasks: readonly Row[], k: number): number {
  const edges: [number, number][] = [];
  for (const t of tasks) edges.push([Number(t.start_time), 1], [Number(t.end_time), -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  for (const [time, d] of edges) if ((running += d) === k) return time;
  throw new Error(`never ${k} tasks at once`);
}

export function modelRun(kind: Kind, durations: Durations, seed: number): ModelRun {
  const sets = [`seed=${seed}`, ...(durations === 'exponential' ? [DURATION_SET] : [])];
  const { tables } = runFile(`scenarios/validation/mesos-model-${kind}.yaml`, sets, ['tasks', 'offers']);
  const own = tables.tasks.filter((t) => t.framework === kind);
  if (own.some((t) => t.state !== 'finished')) throw new Error(`${kind}/${durations} seed ${seed}: not every task finished`);
  const work = own.reduce((s, t) => s + (Number(t.end_time) - Number(t.start_time)) * Number(t.cpus), 0);
  // Slot-seconds held idle: offers kept unanswered (their response time) before they were used.
  const idle = tables.offers.filter((o) => o.framework === kind).reduce((s, o) => s + Number(o.response_time) * Number(o.cpus), 0);
  return {
    rampUp: firstFull(own, MODEL.k) - T0,
    completion: Math.max(...own.map((t) => Number(t.end_time))) - T0,
    work,
    idle,
  };
}

/** H_k = 1 + 1/2 + ... + 1/k. */
export function harmonic(k: number): number {
  let h = 0;
  for (let i = 1; i <= k; i++) h += 1 / i;
  return h;
}

/** The fluid elastic completion with exponential ramp-up: the C with C − T(1 − e^(−C/T)) = βT (fixed point). */
export function elasticExponentialCompletion(T: number, beta: number): number {
  let c = (1 + beta) * T;
  for (let i = 0; i < 200; i++) c = beta * T + T * (1 - Math.exp(-c / T));
  return c;
}

interface Expected {
  /** Exact expectation under the model, and Table 2's form (both in units of T, or a fraction). */
  readonly exact: number;
  readonly paper: number;
  readonly exactText: string;
  readonly paperText: string;
}

/** Table 2's three figures for one framework kind and duration law, with k, T and the kind's β of MODEL. */
export function expected(kind: Kind, durations: Durations): Record<'rampUp' | 'completion' | 'utilization', Expected> {
  const { k, T } = MODEL;
  const beta = MODEL.beta[kind];
  const H = harmonic(k);
  const lnk = Math.log(k);
  const e = (exact: number, exactText: string, paper: number, paperText: string): Expected => ({ exact, paper, exactText, paperText });
  const ramp = durations === 'constant' ? e((k / (k + 1)) * T, 'kT/(k+1)', T, 'T') : e(H * T, 'T·H_k', lnk * T, 'T ln k');
  if (kind === 'elastic') {
    return {
      rampUp: ramp,
      completion:
        durations === 'constant'
          ? e((0.5 + beta) * T + MODEL.elasticTask / 2, '(1/2 + β)T + d/2', (0.5 + beta) * T, '(1/2 + β)T')
          : e(elasticExponentialCompletion(T, beta) + MODEL.elasticTask / 2, 'fluid C + d/2', (1 + beta) * T, '(1 + β)T'),
      utilization: e(1, '1', 1, '1'),
    };
  }
  const idle = ramp.exact / T - (durations === 'constant' ? 0.5 : 1); // E[max] − E[mean] of the slots' free times, in T
  return {
    rampUp: ramp,
    completion: e(ramp.exact + beta * T, `${ramp.exactText} + βT`, durations === 'constant' ? (1 + beta) * T : (lnk + beta) * T, durations === 'constant' ? '(1 + β)T' : '(ln k + β)T'),
    utilization: e(beta / (idle + beta), `β/(${durations === 'constant' ? 'k/(k+1) − 1/2' : 'H_k − 1'} + β)`, durations === 'constant' ? beta / (0.5 + beta) : beta / (lnk - 1 + beta), durations === 'constant' ? 'β/(1/2 + β)' : 'β/(ln k − 1 + β)'),
  };
}

export interface ModelOptions {
  readonly seeds?: readonly number[];
}

/** Twelve rows: ramp-up, completion and utilization of elastic and rigid frameworks, constant and exponential durations. */
export function mesosModelRows(options: ModelOptions = {}): CheckRow[] {
  const seeds = options.seeds ?? Array.from({ length: 100 }, (_, i) => i + 1);
  const rows: CheckRow[] = [];
  for (const kind of ['elastic', 'rigid'] as const) {
    for (const durations of ['constant', 'exponential'] as const) {
      const runs = seeds.map((seed) => modelRun(kind, durations, seed));
      const want = expected(kind, durations);
      for (const figure of ['rampUp', 'completion', 'utilization'] as const) {
        const w = want[figure];
        // Times in units of T; utilization as a fraction.
        const scale = figure === 'utilization' ? 1 : MODEL.T;
        const unit = figure === 'utilization' ? {} : { unit: 'T' };
        const show = (v: number) => `${num(v / scale)}${figure === 'utilization' ? '' : ' T'}`;
        const base = {
          group: GROUP,
          check: `${kind} (β ${MODEL.beta[kind]}), ${durations}: ${figure === 'rampUp' ? 'ramp-up' : figure === 'completion' ? 'completion time' : 'utilization'}`,
          source: SOURCE,
          referenceText: `${show(w.exact)} (${w.exactText}; Table 2: ${w.paperText}${/^[T1]$/.test(w.paperText) ? '' : ` = ${show(w.paper)}`})`,
          ...unit,
        };
        if (figure === 'utilization') {
          const work = runs.reduce((a, r) => a + r.work, 0);
          const held = runs.reduce((a, r) => a + r.work + r.idle, 0);
          rows.push({ ...relativeRow(base, work / held, w.exact, 0.05), note: `pooled over ${seeds.length} seeds; tolerance ±5 %` });
        } else {
          rows.push(seedsRow(base, runs.map((r) => r[figure] / scale), w.exact / scale, 0.05));
        }
      }
    }
  }
  return rows;
}
