/**
 * The ranges and limits of what a run holds (docs/scenario-format.md,
 * Ranges and limits). They keep every number finite and every count of
 * things the simulator holds in memory within what a run can hold, so that
 * no scenario can make a run hang or abort on memory: what is beyond them is
 * refused when the file is validated, with the usual one-line message.
 *
 * @module
 */

/** Every time and duration, in simulated seconds: about 31.7 years. */
export const MAX_SECONDS = 1e9;
/** The shortest period of recurring events (allocation_interval, sample_interval), seconds. */
export const MIN_PERIOD = 0.001;
/** Every other number (resource amounts, money, weights, parameters), in absolute value. Resources are kept in thousandths, exact up to 2^53. */
export const MAX_NUMBER = 1e12;
/** Rates, per second (jobs, failures). */
export const MAX_RATE = 1e6;
/** Integers without a limit of their own (retry limits, lookahead, ...). */
export const MAX_COUNT = 1e9;
/** Agents, over every group of the cluster and the timeline. */
export const MAX_AGENTS = 100_000;
/** Frameworks, after `count` expansion. */
export const MAX_FRAMEWORKS = 10_000;
/** Tasks of one job (or one stage), given or drawn. */
export const MAX_TASKS_PER_JOB = 1_000_000;
/** Tasks of the explicit jobs of every framework together (they are made when the run starts). */
export const MAX_LISTED_TASKS = 10_000_000;
/**
 * Jobs the synthetic workloads of every framework may generate together (at
 * most, or on average for Poisson arrivals). They are made one at a time, so
 * this bounds the length of a run (as limits.events does), not its memory.
 */
export const MAX_SYNTHETIC_JOBS = 100_000_000;
/** Metric samples of a run with a numeric `until` (until / sample_interval). */
export const MAX_SAMPLES = 10_000_000;
/** Events a run may handle before it is stopped (`limits.events`'s default). */
export const DEFAULT_MAX_EVENTS = 1_000_000_000;
