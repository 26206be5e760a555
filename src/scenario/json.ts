/**
 * Reading JSON files that sim wrote and reads back (sweep.json, sweep cells,
 * summary.json, bench baselines) as untrusted input: parsed, then validated
 * with a zod schema built from fields.ts, like every YAML input.
 *
 * A file that fails is reported on one line: its first problem as
 * `FILE:LINE:COL: FIELD.PATH: what is wrong (expected ...)`, located through
 * the YAML parser (JSON is YAML), and how many more there are.
 *
 * @module
 */
import { z } from 'zod';
import { InputError, InputErrors } from '../errors.js';
import { parseYaml, readText } from './load.js';

/** Validates JSON `text` of `file` against `schema`; `what` names what the file should be, for messages. */
export function parseJson<S extends z.ZodType>(schema: S, text: string, file: string, what: string): z.output<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // JSON.parse quotes the text near the problem, which may hold line breaks: the message stays one line.
    throw new InputError(`${file}: not JSON (${(e as Error).message.replace(/\s+/g, ' ')}) (expected ${what})`);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  let problems: readonly string[];
  try {
    parseYaml(schema, text, file);
    // Not reached for JSON text, which YAML reads as the same data; kept as a fallback without positions.
    problems = result.error.issues.map((i) => `${file}: ${i.path.length === 0 ? '(top level)' : i.path.join('.')}: ${i.message}`);
  } catch (e) {
    problems = e instanceof InputErrors ? e.problems : [(e as Error).message];
  }
  const more = problems.length > 1 ? `; ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}` : '';
  throw new InputError(`${problems[0]}${more}; not ${what}`);
}

/** Reads and validates the JSON file `file` (see parseJson). */
export function readJson<S extends z.ZodType>(schema: S, file: string, what: string): z.output<S> {
  return parseJson(schema, readText(file, what), file, what);
}
