/**
 * Errors the user can fix. The CLI prints their message as one line, with no
 * stack trace, and exits with code 2. Any other error is a bug in the simulator.
 *
 * @module
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The most problems a message shows; the rest are counted in one more line. */
export const MAX_SHOWN_PROBLEMS = 20;

/** Several input problems found at once; `message` is one line per problem (at most MAX_SHOWN_PROBLEMS, then a count of the rest). */
export class InputErrors extends InputError {
  constructor(readonly problems: readonly string[]) {
    const rest = problems.length - MAX_SHOWN_PROBLEMS;
    const shown = rest > 0 ? [...problems.slice(0, MAX_SHOWN_PROBLEMS), `sim: and ${rest.toLocaleString('en-US')} more problems`] : problems;
    super(shown.join('\n'));
  }
}

/**
 * An input problem of one field of a scenario found after validation, while
 * the world is built or run (a file a field names, a value drawn from a
 * distribution): `path` names the field, so that whoever knows the scenario's
 * file can point at it (scenario/locate.ts).
 */
export class FieldError extends InputError {
  constructor(
    readonly path: readonly (string | number)[],
    readonly problem: string,
  ) {
    super(`${path.join('.')}: ${problem}`);
  }
}

/** Runs `f`; an input problem it raises that names no field becomes one of the field at `path` (e.g. the field naming a file that cannot be read). */
export function underField<T>(path: readonly (string | number)[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError && !(e instanceof FieldError) && !(e instanceof PluginError)) throw new FieldError(path, e.message);
    throw e;
  }
}

/** A plug-in allocator did something wrong: the user's code, not the simulator's (exit 2). */
export class PluginError extends InputError {}

/** A broken invariant of the model (over-allocation, resources not conserved): always a bug. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/** An allocator's decision broke the master's rules: a bug in that allocator (a plug-in's: a PluginError for the user). */
export class AllocatorError extends InvariantError {
  constructor(
    allocator: string,
    /** What it did, e.g. "made an invalid grant: ...". */
    readonly why: string,
  ) {
    super(`allocator '${allocator}' ${why}`);
  }
}
