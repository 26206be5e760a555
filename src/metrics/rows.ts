/**
 * The rows of the run's tables: tasks.csv (a row when a task ends, or at the
 * end of the run while live), jobs.csv (when a job is over, or live at the
 * end), offers.csv (when an offer is resolved, or outstanding at the end) and
 * events.csv (a fault event). Times are simulated seconds; resources in each
 * resource's unit; an empty cell is a time or name that does not apply.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { LOCALITY_LEVELS } from '../framework/placement.js';
import type { FaultEvent } from '../model/fault-event.js';
import type { Offer } from '../model/offer.js';
import { fromMilli, type ResourceSpace } from '../model/resources.js';
import type { JobRecord, Task } from '../model/task.js';
import { SLOWDOWN_BOUND } from './counts.js';
import { csvCell } from './csv-text.js';
import type { RunSinks } from './sinks.js';

/** The names rows show, by index. */
export interface RowNames {
  frameworkName(index: number): string;
  frameworkRole(index: number): string;
  agentName(index: number): string;
  /** The pool of an agent, or undefined. */
  agentPool(index: number): string | undefined;
}

/** The columns of jobs.csv. */
export const JOB_COLUMNS = ['job_id', 'framework', 'submit_time', 'start_time', 'end_time', 'state', 'completion_time', 'slowdown', 'bounded_slowdown'] as const;

/** The columns of events.csv. */
export const EVENT_COLUMNS = ['time', 'kind', 'agent', 'framework', 'task_id', 'value', 'detail'] as const;

export class RowWriter {
  /** The CSV cells of names, made once each. */
  readonly #names: NameCells;

  constructor(
    space: ResourceSpace,
    private readonly names: RowNames,
    private readonly sinks: RunSinks,
    /** Add tasks.csv's `locality` column. */
    private readonly locality: boolean,
  ) {
    this.#names = new NameCells(names);
    const res = space.names;
    sinks.tasks.header(['task_id', 'job_id', 'framework', 'role', 'agent', 'submit_time', 'start_time', 'end_time', 'state', 'pool', 'attempt', 'draws_from', 'paid', ...res, ...(locality ? ['locality'] : [])]);
    sinks.offers.header(['time', 'offer_id', 'framework', 'agent', 'outcome', 'tasks_launched', 'response_time', ...res]);
    sinks.events?.header(EVENT_COLUMNS);
    sinks.jobs?.header(JOB_COLUMNS);
  }

  task(task: Task): void {
    const sink = this.sinks.tasks;
    if (sink.line !== undefined) return sink.line(this.#taskText(task));
    const c = this.names;
    const fw = task.job.framework;
    const cells: (string | number)[] = [
      task.id,
      task.job.id,
      c.frameworkName(fw),
      c.frameworkRole(fw),
      task.agent >= 0 ? c.agentName(task.agent) : '',
      task.submit,
      task.start >= 0 ? task.start : '',
      task.end >= 0 ? task.end : '',
      task.state,
      task.agent >= 0 ? (c.agentPool(task.agent) ?? '') : '',
      task.attempt,
      task.pool ?? task.job.pool ?? '',
      task.paid,
    ];
    for (let i = 0; i < task.resources.length; i++) cells.push(fromMilli(task.resources[i]!));
    if (this.locality) cells.push(task.locality >= 0 && task.start >= 0 ? LOCALITY_LEVELS[task.locality]! : '');
    this.sinks.tasks.row(cells);
  }

  /**
   * The task's row as CSV text: the cells of `task` above, each as csvLine
   * writes it (a test checks the two agree), made by concatenation, the
   * names' cells made once. A million-task run writes a million of these.
   */
  #taskText(task: Task): string {
    const fw = task.job.framework;
    const agent = task.agent;
    const names = this.#names;
    // task.id is the job's id, '/' and a number: a cell to quote only when the job's id is one.
    const jobId = task.job.id;
    const jobCell = csvCell(jobId);
    const idCell = jobCell === jobId ? `${jobId}/${task.index}` : csvCell(task.id);
    let text = `${idCell},${jobCell},${names.framework(fw)},${agent >= 0 ? names.agent(agent) : ''},${task.submit},`;
    text += `${task.start >= 0 ? task.start : ''},${task.end >= 0 ? task.end : ''},${task.state},${agent >= 0 ? names.agentPool(agent) : ''},`;
    text += `${task.attempt},${csvCell(task.pool ?? task.job.pool ?? '')},${task.paid}`;
    const r = task.resources;
    for (let i = 0; i < r.length; i++) text += `,${fromMilli(r[i]!)}`;
    if (this.locality) text += `,${task.locality >= 0 && task.start >= 0 ? LOCALITY_LEVELS[task.locality]! : ''}`;
    return text + '\n';
  }

  /** A job's row; completion time and slowdowns only for a completed job that started. */
  job(job: JobRecord, state: 'completed' | 'unsuccessful' | 'live'): void {
    const sink = this.sinks.jobs;
    if (sink === undefined) return;
    const ended = state !== 'live';
    const started = job.firstStart >= 0;
    const completion = job.lastEnd - job.submit;
    const run = job.lastEnd - job.firstStart;
    const done = state === 'completed' && started;
    sink.row([
      job.id,
      this.names.frameworkName(job.framework),
      job.submit,
      started ? job.firstStart : '',
      ended ? job.lastEnd : '',
      state,
      done ? completion : '',
      done && run > 0 ? completion / run : '',
      done ? Math.max(1, completion / Math.max(run, SLOWDOWN_BOUND)) : '',
    ]);
  }

  /** `responseTime`: seconds from the offer to its answer; null while outstanding. */
  offer(offer: Offer, outcome: string, tasks: number, responseTime: number | null): void {
    const c = this.names;
    const cells: (string | number)[] = [
      offer.time,
      offer.id,
      c.frameworkName(offer.framework),
      c.agentName(offer.agent),
      outcome,
      tasks,
      responseTime ?? '',
    ];
    for (let i = 0; i < offer.resources.length; i++) cells.push(fromMilli(offer.resources[i]!));
    this.sinks.offers.row(cells);
  }

  event(event: FaultEvent, now: SimTime): void {
    const c = this.names;
    this.sinks.events?.row([
      now,
      event.kind,
      event.agent !== undefined ? c.agentName(event.agent) : '',
      event.framework !== undefined ? c.frameworkName(event.framework) : '',
      event.task !== undefined ? event.task.id : '',
      event.value ?? '',
      event.detail ?? '',
    ]);
  }
}

/** The CSV cells of the names rows show, made when first asked for. */
class NameCells {
  readonly #frameworks: string[] = [];
  readonly #agents: string[] = [];
  readonly #pools: string[] = [];

  constructor(private readonly names: RowNames) {}

  /** `framework,role` of framework `fw`. */
  framework(fw: number): string {
    return (this.#frameworks[fw] ??= `${csvCell(this.names.frameworkName(fw))},${csvCell(this.names.frameworkRole(fw))}`);
  }

  agent(index: number): string {
    return (this.#agents[index] ??= csvCell(this.names.agentName(index)));
  }

  agentPool(index: number): string {
    return (this.#pools[index] ??= csvCell(this.names.agentPool(index) ?? ''));
  }
}
