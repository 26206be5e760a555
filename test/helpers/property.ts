/**
 * Settings of the property tests (fast-check), from the environment:
 *
 * - `PROPERTY_SEED`: the seed every property draws from (an integer; default
 *   DEFAULT_PROPERTY_SEED). Fixed, so that a failure seen in CI is seen again
 *   by running the same command; the global setup prints it at the start, and
 *   fast-check prints it with any counterexample. Set another to explore
 *   other draws: `PROPERTY_SEED=$RANDOM npm run test:soak`.
 * - `SOAK=1` (`npm run test:soak`): the large counts of the heavy property
 *   and soak runs, instead of the counts `npm test` runs (see `runs`).
 *
 * @module
 */
export const DEFAULT_PROPERTY_SEED = 20_240_613;

/** An integer from the environment variable `name`, or `fallback` when it is unset; anything else stops the run. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${raw}: not an integer (expected, say, ${name}=${fallback})`);
  return value;
}

export const PROPERTY_SEED = intFromEnv('PROPERTY_SEED', DEFAULT_PROPERTY_SEED);

export const SOAK = process.env.SOAK === '1';

/** The number of runs of a property: `quick` under `npm test`, `soak` under `npm run test:soak`. */
export function runs(quick: number, soak: number): number {
  return SOAK ? soak : quick;
}
