/**
 * Where a task's transitions are reported, by whichever component makes
 * them: the framework it belongs to keeps its job's counts and decides its
 * retry (framework/frameworks.ts), then the run's observer is told. Model
 * state changes before the observer sees it; observers never change it.
 *
 * @module
 */
import type { Task } from './task.js';

export interface TaskReports {
  /** The task reached its framework (a job arrived, a stage was released, a retry or a new instance). */
  submitted(task: Task): void;
  /** The task started running on its agent. */
  started(task: Task): void;
  /** The task reached a terminal state (`state` and `end` are set). */
  ended(task: Task): void;
}
