/**
 * The bench suite `sim bench` runs when none is named (docs/bench.md): a
 * module of its own so that the command line can show it without loading the
 * bench.
 *
 * @module
 */
export const DEFAULT_SUITE = 'scenarios/bench/suite.yaml';
