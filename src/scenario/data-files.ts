/**
 * The data files a scenario names, read when it is loaded: the CSV column of
 * each `empirical` distribution that names a `file` becomes the
 * distribution's `values`, so that the run reads no file, and a problem with
 * the file is one line pointing at the field that names it. (Trace files are
 * streamed during the run instead: they can be far larger than memory.)
 *
 * @module
 */
import { resolve } from 'node:path';
import { FieldError, InputError } from '../errors.js';
import { readCsvColumn } from '../workload/csv-column.js';

type Path = (string | number)[];

function isEmpiricalFile(v: unknown): v is { dist: 'empirical'; file: string; column: string; interpolate: boolean } {
  const o = v as Record<string, unknown>;
  return o.dist === 'empirical' && typeof o.file === 'string' && typeof o.column === 'string' && !('values' in o);
}

/** Replaces, in place, every empirical distribution of `scenario` that names a file (relative to `base`) by its values; returns the problems. */
export function readDataFiles(scenario: object, base: string): FieldError[] {
  const problems: FieldError[] = [];
  const visit = (node: unknown, path: Path): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (isEmpiricalFile(node)) {
      try {
        // `file` and `column` stay, naming where the values came from (the command's inputs, cli/inputs.ts).
        return { dist: 'empirical', values: readCsvColumn(resolve(base, node.file), node.column), interpolate: node.interpolate, file: node.file, column: node.column };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push(new FieldError([...path, 'file'], e.message));
        return node;
      }
    }
    const slots = node as Record<string, unknown>;
    for (const key of Object.keys(slots)) {
      const value = slots[key];
      const replaced = visit(value, [...path, Array.isArray(node) ? Number(key) : key]);
      if (replaced !== value) slots[key] = replaced;
    }
    return node;
  };
  visit(scenario, []);
  return problems;
}
