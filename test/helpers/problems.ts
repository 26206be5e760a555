/**
 * The input problems a scenario text has, for tests of error messages.
 */
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { InputError, InputErrors } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { SimResult } from './sim-batch.js';

/** The problems `parseScenario` reports (as file x.yaml); fails the test if it does not throw InputErrors. */
export function problems(text: string, sets: readonly string[] = []): readonly string[] {
  try {
    parseScenario(text, 'x.yaml', sets);
  } catch (e) {
    if (e instanceof InputErrors) return e.problems;
    throw e;
  }
  throw new Error('expected InputErrors, but the scenario is valid');
}

/** The one-line message of the InputError `f` throws; fails the test if it throws none. */
export function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

/** Checks that a command line was refused: exit 2, one line on stderr matching `line`, no stack trace, nothing written at `out`. */
export function expectRefused(r: SimResult, line: RegExp, out: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
}
