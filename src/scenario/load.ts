/**
 * Reading a scenario: YAML text -> `--set` overrides -> schema -> `Scenario`.
 *
 * Every problem found is reported at once, by throwing `InputErrors` with one
 * line per problem:
 *
 *     FILE:LINE:COL: FIELD.PATH: what is wrong (expected WHAT[, got VALUE])
 *     --set FIELD.PATH: what is wrong (expected WHAT[, got VALUE])
 *
 * LINE and COL are 1-based and point at the offending YAML node: the value, the
 * key for an unknown or invalid key, and the enclosing mapping for a missing
 * field. Values that came from a `--set` are reported with the second form.
 * YAML syntax errors are `FILE:LINE:COL: message`. Lines are sorted: `--set`
 * problems first, then by position in the file.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, InputErrors } from '../errors.js';
import { checkReadableFile } from '../workload/readable-file.js';
import { readDataFiles } from './data-files.js';
import { copySources, located, registerSources, Sources, type Unlocated } from './locate.js';
import { applyOverrides, type PathSegment } from './overrides.js';
import { parseErrorMessage, toData } from './yaml-data.js';
import { expectations, problem, ScenarioSchema, type Scenario } from './schema.js';

/**
 * Reads and validates the scenario file `file`, then applies `sets`
 * (`PATH=VALUE`), and reads the data files it names (data-files.ts).
 */
export function loadScenario(file: string, sets: readonly string[] = []): Scenario {
  return loadScenarioText(readText(file, 'scenario file'), file, dirname(resolve(file)), sets);
}

/** As loadScenario, for a scenario's `text` read from elsewhere (a checkpoint); `file` names it in messages, `dir` is the folder its data files are relative to. */
export function loadScenarioText(text: string, file: string, dir: string, sets: readonly string[] = []): Scenario {
  const parsed = parseScenario(text, file, sets);
  const scenario = { ...parsed, dir };
  copySources(parsed, scenario);
  const problems = readDataFiles(scenario, scenario.dir);
  if (problems.length > 0) throw new InputErrors(problems.map((e) => (located(scenario, e) as Error).message));
  return scenario;
}

/** The text of `file`, or an InputErrors naming what it is (`what`) and why it cannot be read. */
export function readText(file: string, what: string): string {
  try {
    // A regular file only: a device such as /dev/zero, or a pipe, could block or never end.
    checkReadableFile(file, what);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw new InputErrors([e.message]);
    throw new InputErrors([`${file}: cannot read the ${what} (${(e as Error).message})`]);
  }
}

/** Validates scenario YAML `text`; `file` is used in messages only. */
export function parseScenario(text: string, file: string, sets: readonly string[] = []): Scenario {
  return parseYaml(ScenarioSchema, text, file, sets);
}

/**
 * Parses YAML `text`, applies `sets`, and validates the result with `schema`,
 * reporting problems as for scenarios (file:line:col, one line each). For any
 * YAML input of the project (scenarios, bench suites, sweeps) whose schema is
 * built from `fields.ts`.
 */
export function parseYaml<S extends z.ZodType>(schema: S, text: string, file: string, sets: readonly string[] = []): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number, message: string): string => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}: ${message}`;
  };
  if (doc.errors.length > 0) throw new InputErrors(doc.errors.map((e) => at(e.pos[0], parseErrorMessage(e.message))));
  const parsed = toData(doc);
  if ('problems' in parsed) throw new InputErrors(parsed.problems.map((p) => at(p.offset, p.message)));
  const overridden = applyOverrides(parsed.data, sets);
  const result = schema.safeParse(overridden.data, { error: messageFor });
  const sources = new Sources(file, doc, lines, overridden.paths);
  if (result.success && overridden.problems.length === 0) {
    if (typeof result.data === 'object' && result.data !== null) registerSources(result.data, sources);
    return result.data;
  }
  const located = result.success ? [] : flatten(result.error.issues, []).map((p) => sources.locate(p));
  located.sort((a, b) => a.line - b.line || a.col - b.col);
  throw new InputErrors([...overridden.problems, ...located.map((p) => p.text)]);
}

// ---------------------------------------------------------------------------
// Messages

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** A limit as written in messages: large whole numbers with thousands separators. */
function bound(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : String(n);
}

/** The zod error map: a one-line message for each issue (see `problem`). */
function messageFor(iss: z.core.$ZodRawIssue): string {
  const owner = iss.schema ?? (iss.inst instanceof z.ZodType ? iss.inst : undefined);
  const registered = owner === undefined ? undefined : expectations.get(owner)?.expected;
  switch (iss.code) {
    case 'invalid_type': {
      const kind = TYPE_WORDS[iss.expected] ?? iss.expected;
      const expected = registered ?? kind;
      if (iss.input === undefined) return problem('required field missing', expected);
      return problem(`not ${kind}`, expected, iss.input);
    }
    case 'too_small':
    case 'too_big': {
      const small = iss.code === 'too_small';
      const limit = small ? iss.minimum : iss.maximum;
      let what: string;
      if (iss.origin === 'array') what = `must have at ${small ? 'least' : 'most'} ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
      else if (iss.origin === 'string') what = small ? 'must not be empty' : `must be at most ${limit} characters`;
      else what = `must be ${small ? '>' : '<'}${iss.inclusive === true ? '=' : ''} ${bound(Number(limit))}`;
      // A registered phrase states the lower end; the upper end (limits.ts) is added to it.
      const ranged = registered !== undefined && /\bfrom .+ to |\bbetween /.test(registered);
      const expected = registered !== undefined && !small && !ranged && iss.origin !== 'array' && iss.origin !== 'string' ? `${registered}, at most ${bound(Number(limit))}` : registered;
      return problem(what, expected ?? `a value that ${what}`, iss.input);
    }
    case 'invalid_format':
      return problem('not in the allowed format', registered ?? `a ${iss.format}`, iss.input);
    case 'invalid_value':
      return problem('not an allowed value', registered ?? `one of: ${iss.values.map(String).join(', ')}`, iss.input);
    case 'unrecognized_keys': {
      // Only the suffix: `flatten` writes one line per key, "unknown field 'k' " + this.
      const shape = iss.inst instanceof z.ZodObject ? Object.keys(iss.inst.shape as object) : [];
      return `(expected one of: ${shape.join(', ')})`;
    }
    case 'invalid_union': {
      if (iss.input === undefined) return problem('required field missing', registered ?? 'a value');
      if (iss.discriminator !== undefined && iss.errors.length === 0) {
        const input = iss.input as Record<string, unknown>;
        const options: unknown[] = Array.isArray(iss.options) ? iss.options : [];
        const expected = `one of: ${options.map(String).join(', ')}`;
        const value = input[iss.discriminator];
        return value === undefined
          ? problem('required field missing', expected)
          : problem('not an allowed value', expected, value);
      }
      return problem('not a valid value', registered ?? 'another type', iss.input);
    }
    case 'invalid_key':
      return iss.issues[0]?.message ?? problem('invalid key', registered ?? 'a valid key', iss.input);
    default:
      return problem('invalid value', registered ?? 'a valid value', iss.input);
  }
}

/** True when a union branch failed only because the value is of another kind entirely. */
function wrongKind(branch: readonly z.core.$ZodIssue[]): boolean {
  const only = branch.length === 1 ? branch[0] : undefined;
  return only !== undefined && only.path.length === 0 && (only.code === 'invalid_type' || only.code === 'invalid_value');
}

/**
 * One entry per problem. A failed union is replaced by the problems of its one
 * branch that matches the value's kind (a mapping given for a distribution is
 * judged as a distribution mapping); unknown keys give one entry each.
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[]): Unlocated[] {
  return issues.flatMap((iss): Unlocated[] => {
    const path = [...prefix, ...iss.path.map((s) => (typeof s === 'number' ? s : String(s)))];
    switch (iss.code) {
      case 'invalid_union': {
        const kept = iss.errors.filter((b) => !wrongKind(b));
        const only = kept.length === 1 ? kept[0] : undefined;
        if (only !== undefined) return flatten(only, path);
        return [{ path, node: path, atKey: false, message: iss.message }];
      }
      case 'unrecognized_keys':
        return iss.keys.map((key) => ({
          path,
          node: [...path, key],
          atKey: true,
          message: `unknown field '${key}' ${iss.message}`,
        }));
      case 'invalid_key':
        return [{ path, node: path, atKey: true, message: iss.message }];
      default:
        return [{ path, node: path, atKey: false, message: iss.message }];
    }
  });
}
