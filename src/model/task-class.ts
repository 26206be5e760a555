/**
 * Task classes as a workload declares them: how likely a task's attempts are
 * to fail, and what a task actually uses against what it asked for. A
 * framework has a class; a job may have one of its own, which replaces the
 * framework's key by key. faults/task/task-class.ts draws from them at run time
 * (see docs/faults.md).
 *
 * @module
 */
import type { DistributionSpec } from './distribution.js';

export interface FailureModel {
  /** Each attempt of a task with a finite duration fails with this probability, at a point of its work drawn uniformly. */
  readonly probability: number;
  /** Failures per second of work (0: none): the work done before a failure is exponential with mean 1 / rate. */
  readonly rate: number;
}

/** Actual usage as a ratio of the request (a distribution of ratios); a resource not given is used as requested. */
export interface UsageModel {
  readonly cpus?: DistributionSpec | undefined;
  readonly mem?: DistributionSpec | undefined;
}

export interface TaskClass {
  readonly failures?: FailureModel | undefined;
  readonly usage?: UsageModel | undefined;
}
