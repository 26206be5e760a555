/**
 * Events an agent receives: the master's messages, and its own timers.
 *
 * @module
 */
import type { Task } from '../task.js';

export type AgentEvent =
  // From the master
  | { readonly kind: 'task-launch'; readonly task: Task }
  | { readonly kind: 'task-kill'; readonly task: Task; readonly state: 'preempted' | 'killed' }
  /** DRAIN_AGENT reaches the agent: it kills its tasks still running `gracePeriod` seconds later (drain `drain`). */
  | { readonly kind: 'drain-agent'; readonly agent: number; readonly drain: number; readonly gracePeriod: number }
  /** The new leader acknowledges a re-registration (master failover). */
  | { readonly kind: 'agent-reregistered'; readonly agent: number; readonly epoch: number }
  // Its timers
  | { readonly kind: 'task-finish'; readonly task: Task }
  | { readonly kind: 'drain-deadline'; readonly agent: number; readonly drain: number }
  /** Task fault models (faults/task/runtime.ts): the task reaches its stop point; stale unless `generation` is current. */
  | { readonly kind: 'task-due'; readonly task: Task; readonly generation: number };
