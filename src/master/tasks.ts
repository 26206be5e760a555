/**
 * Tasks as the master sees them: status updates from agents, kills that
 * frameworks ask for, and the tasks it ends itself (their agent lost, their
 * framework gone). A terminal status update or an end returns the task's
 * resources to the books; frameworks hear of every status through a message.
 *
 * @module
 */
import type { Scheduler } from '../core/simulation.js';
import type { Agent } from '../model/agent.js';
import type { SimEvent } from '../model/events/sim-event.js';
import { isTerminal, type Task, type TaskState } from '../model/task.js';
import type { TaskReports } from '../model/task-reports.js';
import type { Books } from './books.js';
import type { Network } from './network.js';

export class MasterTasks {
  constructor(
    private readonly books: Books,
    private readonly agents: readonly Agent[],
    private readonly sim: Scheduler<SimEvent>,
    private readonly network: Network,
    /** Where the tasks it ends are reported (their frameworks, then the observer). */
    private readonly reports: TaskReports,
  ) {}

  /** A status update from an agent; terminal ones return the task's resources. */
  status(task: Task, state: TaskState): void {
    if (isTerminal(state) && task.agent >= 0 && this.agents[task.agent]!.tasks.has(task)) {
      this.books.release(task);
    }
    this.network.send({
      kind: 'status-update',
      framework: task.job.framework,
      task,
      state,
    });
  }

  /** A framework kills one of its tasks (Mesos's KILL call): the agent is asked to, unless it is ending already. */
  kill(task: Task): void {
    const agent = this.agents[task.agent];
    if (agent === undefined || !agent.tasks.has(task) || task.preempting) return;
    task.preempting = true;
    this.network.send({ kind: 'task-kill', task, state: 'killed' });
  }

  /**
   * Ends a task at the master's initiative (agent lost, framework gone). A task
   * that already ended on its agent, whose status update is still on its way,
   * keeps its real end: only the master's books are settled. A lost task's
   * framework is told; a killed one's has left.
   */
  end(task: Task, state: 'lost' | 'killed'): void {
    this.books.release(task);
    if (isTerminal(task.state)) return;
    task.terminate(state, this.sim.now);
    this.reports.ended(task);
    if (state === 'lost') {
      this.network.send({
        kind: 'status-update',
        framework: task.job.framework,
        task,
        state,
      });
    }
  }
}
