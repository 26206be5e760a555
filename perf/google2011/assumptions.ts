/**
 * What the Google 2011 generator cannot fit to the bundled shard, because the
 * shard is the job_events table (no task counts, requests, priorities or
 * machines). Each value is a choice of the project, not a measurement; change
 * them here. Sources are named where a figure comes from elsewhere.
 *
 * @module
 */

/** The trace's length at scale 1: 29 days (google/cluster-data, ClusterData2011_2.md). */
export const TRACE_DAYS = 29;

/** Tasks the whole trace has at scale 1 (about 25 M: issue 15; the real trace has about 25 M tasks). */
export const TASKS_AT_SCALE_1 = 25_000_000;

/**
 * Tasks per job: one with this probability, else log-uniform on [2, K], K
 * chosen so that the mean gives TASKS_AT_SCALE_1 over the trace at the
 * fitted arrival rate (assumption; the shape of a few huge jobs and many
 * small ones).
 */
export const SINGLE_TASK_SHARE = 0.5;

/** A task's run time is its job's (drawn from the fitted log-normal) times exp(N(0, this)): tasks of a job end near each other. */
export const TASK_DURATION_JITTER = 0.25;

/**
 * Run times are truncated here (seconds; the fitted log-normal exceeds 6 h
 * for 0.3 % of draws). A trace reader hands out a job only when all its tasks
 * have ended in the trace, so it holds every job submitted after the oldest
 * unfinished one: without a bound that is the whole trace (docs/traces.md).
 */
export const MAX_DURATION = 6 * 3600;

/**
 * Requests, normalized to the largest machine (as in the trace): log-normal
 * with this median and sigma of ln, clamped to [min, max], written with 5
 * decimals. One request per job, shared by its tasks.
 */
export const REQUESTS = {
  cpu: { median: 0.025, sigma: 0.7, min: 0.001, max: 0.5 },
  mem: { median: 0.02, sigma: 0.8, min: 0.0005, max: 0.5 },
  disk: { median: 0.0003, sigma: 0.5, min: 0.00001, max: 0.01 },
} as const;

/** Priority (0–11) by scheduling class: classes 0–1 mostly free and batch bands, 2–3 mostly production. */
export const PRIORITIES: Readonly<Record<number, readonly { readonly value: number; readonly weight: number }[]>> = {
  0: [{ value: 0, weight: 0.6 }, { value: 1, weight: 0.1 }, { value: 2, weight: 0.2 }, { value: 4, weight: 0.1 }],
  1: [{ value: 0, weight: 0.4 }, { value: 2, weight: 0.3 }, { value: 4, weight: 0.2 }, { value: 9, weight: 0.1 }],
  2: [{ value: 2, weight: 0.2 }, { value: 9, weight: 0.6 }, { value: 10, weight: 0.2 }],
  3: [{ value: 9, weight: 0.5 }, { value: 10, weight: 0.4 }, { value: 11, weight: 0.1 }],
};

/** Machines of the cell, all added at time 0 (the cell had about 12.5k: ClusterData2011_2.md). */
export const MACHINES = 12_500;

/**
 * Machine platforms (normalized CPUs, memory) and their shares. Unverified:
 * recalled from Reiss et al., "Heterogeneity and dynamicity of clouds at
 * scale", SoCC 2012, Table 1 (the six most common configurations, rounded).
 */
export const PLATFORMS: readonly { readonly cpus: number; readonly mem: number; readonly weight: number }[] = [
  { cpus: 0.5, mem: 0.4995, weight: 0.535 },
  { cpus: 0.5, mem: 0.2493, weight: 0.307 },
  { cpus: 0.5, mem: 0.7490, weight: 0.08 },
  { cpus: 1, mem: 1, weight: 0.063 },
  { cpus: 0.25, mem: 0.2498, weight: 0.01 },
  { cpus: 0.5, mem: 0.1241, weight: 0.005 },
];
