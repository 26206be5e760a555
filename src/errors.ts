/**
 * Errors the user can fix. The CLI prints their message as one line, with no
 * stack trace, and exits with code 2. Any other error is a bug in the simulator.
 *
 * @module
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Several input problems found at once; `message` is one line per problem. */
export class InputErrors extends InputError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** A broken invariant of the model (over-allocation, resources not conserved): always a bug. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}
