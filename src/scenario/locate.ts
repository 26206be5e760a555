/**
 * Where a field of a scenario came from: a position in its YAML file
 * (`file:line:col`) or the `--set` that supplied it. Validation problems are
 * located here (load.ts), and so are input problems found later, when the
 * world is built or run (`locating`): a `FieldError` names its field, and an
 * `InputError` line that starts with a field path ("master.allocator_options.x:
 * ...", or the scenario's file and a field path) is located by that path.
 *
 * @module
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { FieldError, InputError, InputErrors, PluginError } from '../errors.js';
import type { PathSegment } from './overrides.js';

/** A problem before location: the field to name, the node to point at, and the message. */
export interface Unlocated {
  readonly path: readonly PathSegment[];
  readonly node: readonly PathSegment[];
  /** Point at the key of the last `node` segment rather than at its value. */
  readonly atKey: boolean;
  readonly message: string;
}

export interface Located {
  /** 0 for `--set` problems, so that they sort first. */
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

const startOf = (node: unknown): number | undefined => (isNode(node) ? node.range?.[0] : undefined);
const sameSegment = (a: PathSegment, b: PathSegment): boolean => String(a) === String(b);
const isPrefix = (p: readonly PathSegment[], of: readonly PathSegment[]): boolean =>
  p.length <= of.length && p.every((s, i) => sameSegment(s, of[i] as PathSegment));

/** Maps field paths to positions in the YAML source, or to the `--set` that supplied them. */
export class Sources {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly overridden: readonly (readonly PathSegment[])[],
  ) {}

  /** `FILE:LINE:COL: FIELD: message` for the field at `path` (its deepest part in the file), or `--set FIELD: message`. */
  at(path: readonly PathSegment[], message: string): string {
    return this.locate({ path, node: path, atKey: false, message }).text;
  }

  locate(p: Unlocated): Located {
    const field = p.path.length === 0 ? '(top level)' : p.path.join('.');
    const found = this.find(p.node, p.atKey);
    if (this.fromSet(p.node, found.exact)) return { line: 0, col: 0, text: `--set ${field}: ${p.message}` };
    const { line, col } = this.lines.linePos(found.offset);
    return { line, col, text: `${this.file}:${line}:${col}: ${field}: ${p.message}` };
  }

  /** True if a `--set` supplied the node: it is at or under a set path, or was created by one. */
  private fromSet(node: readonly PathSegment[], inFile: boolean): boolean {
    return this.overridden.some((set) => isPrefix(set, node) || (!inFile && isPrefix(node, set)));
  }

  /**
   * The offset of the deepest node along `path` (the enclosing mapping when a
   * field is missing), and whether the whole path exists in the file.
   */
  private find(path: readonly PathSegment[], atKey: boolean): { offset: number; exact: boolean } {
    let node: unknown = this.doc.contents;
    let offset = startOf(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(this.doc);
      let key: unknown;
      let value: unknown;
      if (isMap(node)) {
        const pair = node.items.find((it) => String(isScalar(it.key) ? it.key.value : it.key) === String(segment));
        if (pair === undefined) return { offset, exact: false };
        key = pair.key;
        value = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(String(segment)) && Number(segment) < node.items.length) {
        value = node.items[Number(segment)];
      } else {
        return { offset, exact: false };
      }
      // Point at the key for key problems, and for empty values (`cluster:`), whose position is the line's end.
      const emptyValue = value === null || (isScalar(value) && value.value === null && value.source === '');
      const useKey = key !== undefined && ((atKey && i === path.length - 1) || emptyValue);
      offset = (useKey ? startOf(key) : startOf(value)) ?? offset;
      node = value;
    }
    return { offset, exact: true };
  }
}

/** Each loaded scenario's sources (set by load.ts). */
const registry = new WeakMap<object, Sources>();

export function registerSources(scenario: object, sources: Sources): void {
  registry.set(scenario, sources);
}

/** Gives `to` (a copy of a loaded scenario) the sources of `from`. */
export function copySources(from: object, to: object): void {
  const sources = registry.get(from);
  if (sources !== undefined) registry.set(to, sources);
}

/** A line that starts with a field path of the scenario, e.g. "master.allocator_options.x: ...". */
const FIELD_LINE = /^((?:name|cluster|master|roles|pools|frameworks|timeline|faults|metrics|output|limits)(?:\.[A-Za-z0-9_.{}*\/-]+?)?): (.*)$/;

/** `e` with its lines located in `scenario`'s file where they name a field of it; any other error unchanged. */
export function located(scenario: object, e: unknown): unknown {
  const sources = registry.get(scenario);
  if (sources === undefined || !(e instanceof InputError) || e instanceof PluginError) return e;
  if (e instanceof FieldError) return new InputError(sources.at(e.path, e.problem));
  const lines = e.message.split('\n').map((line) => {
    // "FIELD: ..." or "FILE: FIELD: ..." (the scenario's own file, named without a position).
    const unnamed = line.startsWith(`${sources.file}: `) ? line.slice(sources.file.length + 2) : line;
    const m = FIELD_LINE.exec(unnamed);
    return m === null ? line : sources.at(m[1]!.split('.').map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg)), m[2]!);
  });
  return lines.join('\n') === e.message ? e : new InputErrors(lines);
}

/**
 * One line for `problem` of the field at `path` of a document read by
 * parseYaml (a scenario, a sweep file, a bench suite) from `file`:
 * FILE:LINE:COL: PATH: PROBLEM, or FILE: PATH: PROBLEM when the document's
 * place is not known.
 */
export function atField(doc: object, file: string, path: readonly (string | number)[], problem: string): string {
  const e = located(doc, new FieldError(path, problem));
  return e instanceof FieldError ? `${file}: ${e.message}` : (e as Error).message;
}

/** Runs `f`; the input problems it raises about fields of `scenario` point at their place (see `located`). */
export function locating<T>(scenario: object, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw located(scenario, e);
  }
}
