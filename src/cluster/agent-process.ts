/**
 * The agent side of tasks: the process on each agent that launches the tasks
 * the master sends, runs them for their duration and kills them when asked.
 * It sends a status update to the master when a task ends. With fault
 * models, an agent whose process is gone (its machine failed, say) does
 * none of this, and a task fault model may run the task instead (deciding
 * when and how it stops).
 *
 * @module
 */
import type { HandlersFor, Scheduler, SimTime } from '../core/simulation.js';
import type { Network } from '../master/network.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { Task } from '../model/task.js';
import type { TaskReports } from '../model/task-reports.js';
import type { FaultHooks } from './fault-hooks.js';

export type AgentKind = 'task-launch' | 'task-finish' | 'task-kill';

export class AgentProcess {
  readonly handlers: HandlersFor<SimEvent, AgentKind> = {
    'task-launch': (e, now) => this.#launch(e.task, now),
    'task-finish': (e, now) => this.finish(e.task, now),
    'task-kill': (e, now) => this.kill(e.task, e.state, now),
  };

  constructor(
    private readonly clock: Scheduler<SimEvent>,
    private readonly network: Network,
    private readonly tasks: TaskReports,
    private readonly faults: FaultHooks,
  ) {}

  /** The task reaches its agent: it starts, and its end is scheduled (unless a fault model runs it). */
  #launch(task: Task, now: SimTime): void {
    if (task.state !== 'staging') return; // lost or killed on the way
    if (this.faults.dead(task)) return; // no agent process to run it: lost when the master notices
    task.state = 'running';
    task.start = now;
    this.tasks.started(task);
    if (!this.faults.run(task, now) && Number.isFinite(task.duration)) this.clock.schedule(task.duration, { kind: 'task-finish', task });
    // No TASK_RUNNING message: nothing at the master or in the framework acts on it, and it
    // would cost two events per task. Terminal updates travel (see docs/mesos-model.md).
  }

  /** The task has run its duration (or, with task fault models, failed): it ends, and the master is told. */
  finish(task: Task, now: SimTime, state: 'finished' | 'failed' = 'finished'): void {
    if (task.state !== 'running') return;
    if (this.faults.dead(task)) return; // died with its agent: lost when the master notices
    this.#end(task, state, now);
  }

  /** The master asked for the task to be killed (a preemption, its framework's KILL), or a drain kills it. */
  kill(task: Task, state: 'preempted' | 'killed', now: SimTime): void {
    if (task.state !== 'staging' && task.state !== 'running') return; // ended meanwhile
    if (this.faults.dead(task)) return; // no agent process to kill it
    this.#end(task, state, now);
  }

  #end(task: Task, state: 'finished' | 'failed' | 'preempted' | 'killed', now: SimTime): void {
    task.terminate(state, now);
    this.tasks.ended(task);
    this.network.send({ kind: 'task-status', task, state });
  }
}
