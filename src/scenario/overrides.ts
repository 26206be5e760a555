/**
 * `--set PATH=VALUE` overrides, applied to the parsed scenario before validation.
 *
 * PATH is dot-separated: `master.allocation_interval`, `frameworks.0.seed`. A
 * numeric segment indexes an existing element when the value there is a list
 * (and is a plain key in a mapping); missing or null intermediate mappings are
 * created. VALUE is parsed as YAML, so `5` is a number, `true` a boolean,
 * `drained` a string and `{cpus: 1}` a mapping.
 *
 * Problems are one line each, `--set ...: what (expected ...)`.
 *
 * @module
 */
import { parseDocument } from 'yaml';
import { describeValue, UNSAFE_KEYS } from './fields.js';
import { parseErrorMessage, toData } from './yaml-data.js';

/** A path into the scenario: mapping keys, and numbers for list indices. */
export type PathSegment = string | number;

export interface Overridden {
  /** The scenario with the overrides applied (a copy; the input is not modified). */
  readonly data: unknown;
  /** One line per override that could not be applied. */
  readonly problems: readonly string[];
  /** Paths of the values that were set, for reporting later problems as `--set PATH`. */
  readonly paths: readonly (readonly PathSegment[])[];
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** Splits `PATH=VALUE`; returns a problem line when malformed. */
export function parseSet(set: string): { path: string[]; value: unknown } | { problem: string } {
  const eq = set.indexOf('=');
  const path = eq < 0 ? [] : set.slice(0, eq).trim().split('.');
  if (path.length === 0 || path.some((s) => s === '')) return { problem: `--set '${set}': expected PATH=VALUE` };
  const source = set.slice(eq + 1);
  const unsafe = path.find((s) => UNSAFE_KEYS.has(s));
  if (unsafe !== undefined) return { problem: `--set ${path.join('.')}: '${unsafe}' is not a field (expected a path of the scenario's fields)` };
  const doc = parseDocument(source, { prettyErrors: false });
  const error = doc.errors[0];
  const parsed = error === undefined ? toData(doc) : { problems: [{ message: parseErrorMessage(error.message) }] };
  if ('problems' in parsed) {
    const why = parsed.problems[0]!.message;
    return { problem: `--set ${path.join('.')}: cannot parse value ${describeValue(source)} (expected a YAML value: ${why})` };
  }
  return { path, value: parsed.data };
}

/**
 * Applies one override to `root` (mutating it); returns the applied path, with
 * list indices as numbers, or a problem line.
 */
function applyOne(root: Container, path: readonly string[], value: unknown): PathSegment[] | string {
  const applied: PathSegment[] = [];
  let node: Container = root;
  for (const [depth, segment] of path.entries()) {
    const last = depth === path.length - 1;
    let key: PathSegment = segment;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment)) {
        const where = applied.length === 0 ? 'the scenario' : applied.join('.');
        return `--set ${[...applied, segment].join('.')}: ${where} is a list (expected a numeric index, got ${JSON.stringify(segment)})`;
      }
      key = Number(segment);
      if (key >= node.length) return `--set ${[...applied, key].join('.')}: no such element (the list has ${node.length})`;
    }
    applied.push(key);
    const slots = node as Record<PathSegment, unknown>;
    if (last) {
      slots[key] = value;
      return applied;
    }
    const next = slots[key];
    if (next === undefined || next === null) {
      const created: Container = {};
      slots[key] = created;
      node = created;
    } else if (isContainer(next)) {
      node = next;
    } else {
      return `--set ${path.join('.')}: ${applied.join('.')} is ${describeValue(next)} (expected a mapping or a list to set a field in)`;
    }
  }
  return applied; // not reached: `path` is never empty
}

/** Applies `sets` in order to a copy of `data` (the parsed YAML; null for an empty file). */
export function applyOverrides(data: unknown, sets: readonly string[]): Overridden {
  if (sets.length === 0) return { data, problems: [], paths: [] };
  const problems: string[] = [];
  const paths: PathSegment[][] = [];
  const root: unknown = data === null || data === undefined ? {} : structuredClone(data);
  for (const set of sets) {
    const parsed = parseSet(set);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
    } else if (!isContainer(root)) {
      problems.push(`--set ${parsed.path.join('.')}: the scenario is ${describeValue(root)} (expected a mapping)`);
    } else {
      const result = applyOne(root, parsed.path, parsed.value);
      if (typeof result === 'string') problems.push(result);
      else paths.push(result);
    }
  }
  return { data: root, problems, paths };
}
