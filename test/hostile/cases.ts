/**
 * Hostile inputs for the `sim` command: what a case is, and what it must give.
 *
 * A case is a set of files written into a fresh folder, and the arguments of
 * one `sim` command run in that folder. Generators (scenario-mutations.ts,
 * trace-mutations.ts, crafted.ts) produce cases; run-case.ts runs one and
 * checks it against the error contract (README, docs/safety.md, Input):
 * exit 2 with one line per problem naming the file (file:line:col for a
 * scenario, file:line for a trace row) and the field, no stack trace, nothing
 * written, within a bound.
 */

/** What a case must give. */
export interface Expectation {
  /**
   * 'input': exit 2 with the contract's lines; 'either': exit 0, or exit 2 as
   * for 'input' (a generated case that may still be valid); 0: a clean run.
   */
  readonly exit: 'input' | 'either' | 0;
  /** Substrings every one of which must appear in stderr (a field, a file, a word of the message). */
  readonly mentions?: readonly string[];
  /** Substrings none of which may appear in stdout or stderr (e.g. a line of a file that must not be echoed). */
  readonly never?: readonly string[];
  /** The most lines stderr may have (default: as many as an error shows, MAX_SHOWN_PROBLEMS and a count of the rest). */
  readonly maxLines?: number;
  /** Each stderr line must point at a place: file:line[:col] or --set (default true). */
  readonly located?: boolean;
  /** After a clean run: files (relative to the case folder) whose content must match these. */
  readonly files?: Readonly<Record<string, RegExp>>;
}

export interface HostileCase {
  /** Unique and stable: what was done to what. */
  readonly id: string;
  /** Path relative to the case folder -> content (a string; a Buffer for bytes). */
  readonly files: Readonly<Record<string, string | Buffer>>;
  /** Arguments of `sim`, paths relative to the case folder. `{out}` stands for the results folder. */
  readonly args: readonly string[];
  readonly expect: Expectation;
  /** Environment variables added for this case. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run in a process of its own (what only a real process shows: an abort, a signal); else in a batch process (run-case.ts). */
  readonly spawn?: boolean;
}

/** The results folder a case's `run` writes to, relative to the case folder. */
export const OUT = 'out';
