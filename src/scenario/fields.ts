/**
 * The building blocks of the scenario schema: message helpers, leaf fields
 * (seconds, names, resource maps) and distributions. Each builder returns a
 * fresh schema instance registered in `expectations` with the phrase its
 * error messages use. Schemas of whole sections live in `schema.ts` and in
 * files of their own (such as `faults.ts`) built from these.
 *
 * @module
 */
import { z } from 'zod';
import { isValidRole } from '../model/roles.js';
// ---------------------------------------------------------------------------
// Message helpers (shared with load.ts)

/** What each schema expects, in words, for error messages. Keyed by schema instance. */
export const expectations = z.registry<{ expected: string }>();

/** Registers `schema` in `expectations` and returns it. Use a fresh instance per phrase. */
export function expecting<T extends z.ZodType>(expected: string, schema: T): T {
  expectations.add(schema, { expected });
  return schema;
}

/** A value as it appears in a message: strings quoted, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case 'object':
      return 'a mapping';
    default:
      return String(value);
  }
}

/** `what (expected EXPECTED)` or, when a value is given, `what (expected EXPECTED, got VALUE)`. */
export function problem(what: string, expected: string, ...got: [] | [unknown]): string {
  return got.length === 0
    ? `${what} (expected ${expected})`
    : `${what} (expected ${expected}, got ${describeValue(got[0])})`;
}

/**
 * True when the value being refined already has problems. Zod still runs
 * transforms and refinements after "continuable" issues such as unknown keys;
 * ours then stay quiet, because a misspelt key would otherwise also be
 * reported as a missing field, and because a transform that gave up has left
 * no usable value for the checks above it.
 */
export function hasProblems(ctx: { issues: readonly unknown[] }): boolean {
  return ctx.issues.length > 0;
}

/** Adds a custom issue at `path` (relative to the refined schema) to a refinement context. */
export function report(
  ctx: { issues: z.core.$ZodRawIssue[] },
  path: readonly PropertyKey[],
  input: unknown,
  message: string,
): void {
  ctx.issues.push({ code: 'custom', path: [...path], input, message });
}

// ---------------------------------------------------------------------------
// Leaf builders. Each call returns fresh instances so that registrations never clash.

export const NAME = /^[A-Za-z0-9._-]+$/;
export const NAME_WORDS = "a name of letters, digits, '.', '_' and '-'";
export const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const ROLE_WORDS = `"*" or '/'-joined segments of letters, digits, '_', '.' and '-' (not "." or "..")`;

/** Seconds `>= 0`, or `> 0` when `positive`. */
export const seconds = (positive = false) =>
  positive
    ? expecting('a number of seconds > 0', z.number().positive())
    : expecting('a number of seconds >= 0', z.number().min(0));

export const nonNegative = () => expecting('a number >= 0', z.number().min(0));
export const positive = () => expecting('a number > 0', z.number().positive());
export const integerAtLeast = (min: number) => expecting(`an integer >= ${min}`, z.int().min(min));
export const bool = () => expecting('true or false', z.boolean());
export const text = () => expecting('a string', z.string());
export const name = () => expecting(NAME_WORDS, z.string().regex(NAME));

export const FOLDER_NAME_WORDS = `${NAME_WORDS}, not '.' or '..' and not starting with '-'`;
/** A name that becomes a file or folder name (results/<name>-sweep): a name, and a safe path component. */
export const folderName = () =>
  expecting(
    FOLDER_NAME_WORDS,
    z
      .string()
      .regex(NAME)
      .refine((n) => n !== '.' && n !== '..' && !n.startsWith('-'), { error: (iss) => problem('not a safe file name', FOLDER_NAME_WORDS, iss.input) }),
  );

/** `number` or the given word, both under one phrase. */
export function numberOr<W extends string>(expected: string, num: z.ZodNumber, word: W) {
  return expecting(
    expected,
    z.union([expecting(expected, num), expecting(expected, z.literal(word))]),
  );
}

export const roleKey = () =>
  expecting(
    'a role path',
    z.string().refine(isValidRole, { error: (iss) => problem('not a valid role path', ROLE_WORDS, iss.input) }),
  );

/** Resource name -> amount. */
export function resourceMap<T extends z.ZodType>(value: T, nonEmpty: boolean) {
  const key = expecting(
    "a resource name (a letter or '_', then letters, digits, '_', '.' or '-')",
    z.string().regex(RESOURCE_NAME),
  );
  const map = expecting('a mapping of resource name -> amount', z.record(key, value));
  if (!nonEmpty) return map;
  return map.refine((m) => Object.keys(m).length > 0, {
    message: problem('no resources given', 'at least one resource, e.g. { cpus: 1, mem: 1024 }'),
  });
}

// ---------------------------------------------------------------------------
// Distributions

/** A sampled quantity. Plain numbers in the file are normalised to `constant`. */
export type DistributionSpec =
  | { readonly dist: 'constant'; readonly value: number }
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly dist: 'lognormal'; readonly mean: number; readonly stddev: number }
  | { readonly dist: 'pareto'; readonly alpha: number; readonly scale: number }
  | { readonly dist: 'pareto'; readonly alpha: number; readonly mean: number }
  | { readonly dist: 'bounded_pareto'; readonly alpha: number; readonly min: number; readonly max: number }
  | { readonly dist: 'empirical'; readonly values: readonly number[]; readonly interpolate: boolean }
  /** `file` as written, relative to the scenario file; read when the world is built. */
  | { readonly dist: 'empirical'; readonly file: string; readonly column: string; readonly interpolate: boolean }
  | { readonly dist: 'histogram'; readonly edges: readonly number[]; readonly weights: readonly number[] }
  | { readonly dist: 'histogram'; readonly values: readonly number[]; readonly weights: readonly number[] };

export const DIST_WORDS =
  'a number >= 0, or a mapping with dist: constant (value), exponential (mean), uniform (min, max), ' +
  'lognormal (mu, sigma or mean, stddev), pareto (alpha, scale or mean), bounded_pareto (alpha, min, max), ' +
  'empirical (values, or file and column) or histogram (edges or values, and weights)';
export const LOGNORMAL_WORDS = 'exactly one parameter pair: mu and sigma, or mean and stddev';
export const PARETO_WORDS = 'alpha and exactly one of scale or mean';
export const EMPIRICAL_WORDS = "either 'values', or 'file' and 'column'";
export const HISTOGRAM_WORDS = "'weights' and exactly one of 'edges' (one more than the weights) or 'values' (as many as the weights)";

/** Among `given` (field -> value), the one field present; else reports the missing or extra field and returns undefined. */
export function exactlyOne(
  ctx: { issues: z.core.$ZodRawIssue[] },
  v: object,
  given: Readonly<Record<string, unknown>>,
  words: string,
): string | undefined {
  const present = Object.keys(given).filter((k) => given[k] !== undefined);
  if (present.length === 1) return present[0];
  if (present.length === 0) report(ctx, [Object.keys(given)[0]!], v, problem('required field missing', words));
  else report(ctx, [present[1]!], v, problem(`cannot be combined with '${present[0]}'`, words));
  return undefined;
}

/** Reports `max < min` at `max`. */
export function checkMaxAtLeastMin(v: { min: number; max: number }, ctx: { issues: z.core.$ZodRawIssue[] }): void {
  if (v.max < v.min) report(ctx, ['max'], v.max, problem('must be >= min', `a number >= ${v.min}`, v.max));
}

export const lognormal = () =>
  expecting(
    'a mapping with dist: lognormal and either mu and sigma, or mean and stddev',
    z.strictObject({
      dist: z.literal('lognormal'),
      mu: expecting('a number', z.number()).optional(),
      sigma: nonNegative().optional(),
      mean: positive().optional(),
      stddev: nonNegative().optional(),
    }),
  ).transform((v, ctx): DistributionSpec => {
    const { mu, sigma, mean, stddev } = v;
    if (hasProblems(ctx)) return z.NEVER;
    const log = mu !== undefined || sigma !== undefined;
    const moments = mean !== undefined || stddev !== undefined;
    if (log && moments) {
      report(ctx, [], v, problem('mixes mu/sigma with mean/stddev', LOGNORMAL_WORDS));
    } else if (mu !== undefined && sigma !== undefined) {
      return { dist: 'lognormal', mu, sigma };
    } else if (mean !== undefined && stddev !== undefined) {
      return { dist: 'lognormal', mean, stddev };
    } else if (log || moments) {
      const missing = log ? (mu === undefined ? 'mu' : 'sigma') : mean === undefined ? 'mean' : 'stddev';
      report(ctx, [missing], v, problem('required field missing', LOGNORMAL_WORDS));
    } else {
      report(ctx, [], v, problem('no parameters', LOGNORMAL_WORDS));
    }
    return z.NEVER;
  });

export const pareto = () =>
  expecting(
    'a mapping with dist: pareto, alpha, and scale or mean',
    z.strictObject({ dist: z.literal('pareto'), alpha: positive(), scale: positive().optional(), mean: positive().optional() }),
  ).transform((v, ctx): DistributionSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const which = exactlyOne(ctx, v, { scale: v.scale, mean: v.mean }, PARETO_WORDS);
    if (which === 'scale') return { dist: 'pareto', alpha: v.alpha, scale: v.scale! };
    if (which === 'mean') {
      if (v.alpha > 1) return { dist: 'pareto', alpha: v.alpha, mean: v.mean! };
      report(ctx, ['alpha'], v.alpha, problem('must be > 1 when the mean is given (the mean is infinite otherwise)', 'a number > 1, or scale instead of mean', v.alpha));
    }
    return z.NEVER;
  });

export const boundedPareto = () =>
  expecting(
    'a mapping with dist: bounded_pareto, alpha, min and max',
    z.strictObject({ dist: z.literal('bounded_pareto'), alpha: positive(), min: positive(), max: positive() }),
  ).superRefine(checkMaxAtLeastMin);

export const numbers = (min: number) => expecting('a non-empty list of numbers >= 0', z.array(nonNegative()).min(min));

export const empirical = () =>
  expecting(
    "a mapping with dist: empirical, and values, or file and column (optionally interpolate)",
    z.strictObject({
      dist: z.literal('empirical'),
      values: numbers(1).optional(),
      file: expecting('a CSV file path, relative to the scenario file', z.string().min(1)).optional(),
      column: expecting('a CSV column name', z.string().min(1)).optional(),
      interpolate: bool().default(false),
    }),
  ).transform((v, ctx): DistributionSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const which = exactlyOne(ctx, v, { values: v.values, file: v.file }, EMPIRICAL_WORDS);
    if (which === 'values') {
      if (v.column === undefined) return { dist: 'empirical', values: v.values!, interpolate: v.interpolate };
      report(ctx, ['column'], v.column, problem("cannot be combined with 'values'", EMPIRICAL_WORDS));
    } else if (which === 'file') {
      if (v.column !== undefined) return { dist: 'empirical', file: v.file!, column: v.column, interpolate: v.interpolate };
      report(ctx, ['column'], v, problem('required field missing', EMPIRICAL_WORDS));
    }
    return z.NEVER;
  });

export const histogram = () =>
  expecting(
    'a mapping with dist: histogram, weights, and edges or values',
    z.strictObject({
      dist: z.literal('histogram'),
      edges: numbers(2).optional(),
      values: numbers(1).optional(),
      weights: expecting('a non-empty list of weights >= 0', z.array(nonNegative()).min(1)),
    }),
  ).transform((v, ctx): DistributionSpec => {
    if (hasProblems(ctx)) return z.NEVER;
    const which = exactlyOne(ctx, v, { edges: v.edges, values: v.values }, HISTOGRAM_WORDS);
    if (which === undefined) return z.NEVER;
    const points = (which === 'edges' ? v.edges : v.values)!;
    const want = which === 'edges' ? v.weights.length + 1 : v.weights.length;
    if (points.length !== want) {
      report(ctx, [which], points, problem(`has ${points.length} entries for ${v.weights.length} weights`, `${want} entries`));
    }
    const unsorted = which === 'edges' ? points.findIndex((e, i) => i > 0 && !(e > points[i - 1]!)) : -1;
    if (unsorted > 0) report(ctx, ['edges', unsorted], points[unsorted], problem('must be > the edge before', `a number > ${points[unsorted - 1]}`, points[unsorted]));
    if (!v.weights.some((w) => w > 0)) report(ctx, ['weights'], v.weights, problem('all weights are 0', 'at least one weight > 0'));
    if (hasProblems(ctx)) return z.NEVER;
    return which === 'edges' ? { dist: 'histogram', edges: points, weights: v.weights } : { dist: 'histogram', values: points, weights: v.weights };
  });

export const uniform = () =>
  expecting(
    'a mapping with dist: uniform, min and max',
    z.strictObject({ dist: z.literal('uniform'), min: nonNegative(), max: nonNegative() }),
  ).superRefine(checkMaxAtLeastMin);

/** A distribution: a plain number, or a mapping discriminated by `dist`. */
export const distribution = (): z.ZodType<DistributionSpec> =>
  expecting(
    DIST_WORDS,
    z.union([
      expecting(DIST_WORDS, z.number().min(0)).transform(
        (value): DistributionSpec => ({ dist: 'constant', value }),
      ),
      expecting(
        DIST_WORDS,
        z.discriminatedUnion('dist', [
          expecting(
            'a mapping with dist: constant and value',
            z.strictObject({ dist: z.literal('constant'), value: nonNegative() }),
          ),
          expecting(
            'a mapping with dist: exponential and mean',
            z.strictObject({ dist: z.literal('exponential'), mean: positive() }),
          ),
          uniform(),
          lognormal(),
          pareto(),
          boundedPareto(),
          empirical(),
          histogram(),
        ]),
      ),
    ]),
  );
