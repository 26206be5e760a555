/**
 * The building blocks of the scenario schema: message helpers, leaf fields
 * (seconds, names, resource maps). Each builder returns a fresh schema
 * instance registered in `expectations` with the phrase its error messages
 * use. Distributions are in `distributions.ts`; each section of the format has
 * a file of its own built from these (see `schema.ts`).
 *
 * @module
 */
import { z } from 'zod';
import { isValidRole } from '../model/roles.js';
import { MAX_COUNT, MAX_NUMBER, MAX_RATE, MAX_SECONDS, MIN_PERIOD } from '../model/limits.js';
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

/** Keys that reach an object's prototype: refused as names, keys and `--set` path segments. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** A name that is also a safe path component: not empty, '.' or '..', no separator, no leading '-'. */
export const NAME = /^(?!-)(?!\.\.?$)[A-Za-z0-9._-]+$/;
export const NAME_WORDS = "a name of letters, digits, '.', '_' and '-' (not '.' or '..', not starting with '-')";
export const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const ROLE_WORDS = `"*" or '/'-joined segments of letters, digits, '_', '.' and '-' (not "." or "..", not starting with '-')`;

/** Refuses the keys of UNSAFE_KEYS, with a message naming the key. */
export function safeKey<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((k) => !UNSAFE_KEYS.has(k), {
    error: (iss) => problem(`'${String(iss.input)}' is reserved`, 'a name other than __proto__, constructor and prototype', iss.input),
  });
}

/** Seconds `>= 0` (`> 0` when `positive`), at most MAX_SECONDS. */
export const seconds = (positive = false) =>
  positive
    ? expecting('a number of seconds > 0', z.number().positive().max(MAX_SECONDS))
    : expecting('a number of seconds >= 0', z.number().min(0).max(MAX_SECONDS));

/** A period of recurring events: 0 (none, where the field allows it) or from MIN_PERIOD to MAX_SECONDS. */
export const period = (zeroAllowed: boolean) => {
  const words = `${zeroAllowed ? '0, or ' : ''}a number of seconds from ${MIN_PERIOD} to ${MAX_SECONDS.toLocaleString('en-US')}`;
  const what = zeroAllowed ? `must be 0, or >= ${MIN_PERIOD}` : `must be >= ${MIN_PERIOD}`;
  return expecting(
    words,
    z
      .number()
      .max(MAX_SECONDS)
      .refine((v) => (zeroAllowed && v === 0) || v >= MIN_PERIOD, { error: (iss) => problem(what, words, iss.input) }),
  );
};

export const nonNegative = () => expecting('a number >= 0', z.number().min(0).max(MAX_NUMBER));
export const positive = () => expecting('a number > 0', z.number().positive().max(MAX_NUMBER));
/** Any number within +-MAX_NUMBER. */
export const anyNumber = (words = 'a number') => expecting(words, z.number().min(-MAX_NUMBER).max(MAX_NUMBER));
/** An integer from `min` to `max` (default MAX_COUNT). */
export const integerAtLeast = (min: number, max = MAX_COUNT) => expecting(`an integer >= ${min}`, z.int().min(min).max(max));
/** Events per second, `>= 0` (`> 0` when `positive`), at most MAX_RATE. */
export const rate = (words: string, positive = false) => expecting(words, (positive ? z.number().positive() : z.number().min(0)).max(MAX_RATE));
export const bool = () => expecting('true or false', z.boolean());
export const text = () => expecting('a string', z.string());
/** The longest name: names become file and folder names, whose parts the file system limits (255 bytes). */
export const MAX_NAME = 100;
export const name = () => expecting(NAME_WORDS, safeKey(z.string().max(MAX_NAME).regex(NAME)));
/** A key of a mapping of names the user chooses (attributes, options): any string but UNSAFE_KEYS. */
export const key = () => expecting('a name', safeKey(z.string()));

/** A name that becomes a file or folder name (results/<name>-sweep): every name() is one (NAME). */
export const folderName = name;

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
    safeKey(z.string().regex(RESOURCE_NAME)),
  );
  const map = expecting('a mapping of resource name -> amount', z.record(key, value));
  if (!nonEmpty) return map;
  return map.refine((m) => Object.keys(m).length > 0, {
    message: problem('no resources given', 'at least one resource, e.g. { cpus: 1, mem: 1024 }'),
  });
}

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

/** Lists at most `n` names, then "...". */
export function some(names: readonly string[], n = 8): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) return '(there are none)';
  return unique.length <= n ? unique.join(', ') : `${unique.slice(0, n).join(', ')}, ...`;
}
