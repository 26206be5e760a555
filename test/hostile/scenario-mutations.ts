/**
 * Malformed scenarios made by mutating the bundled ones: one change each (a
 * value, a number, a name, a key, a removal, a list grown large, a cut or a
 * stray character in the text, or a --set), drawn from a seeded stream so that
 * case N is always the same case.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import seedrandom from 'seedrandom';
import { parse, stringify } from 'yaml';
import type { HostileCase } from './cases.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Values any field may be given. */
const VALUES: readonly Json[] = [null, {}, [], true, 'x', '', -1, 0, 0.5, 1e308, [[[]]], { dist: 'uniform', min: 3, max: 1 }, 'forever', 'drained'];
/** Numbers at the edges: negative, zero, tiny, huge, not finite. */
const NUMBERS: readonly number[] = [-1, 0, -0.5, 1e308, -1e308, 1e-300, 1e9, 1e7, 2 ** 53, 2 ** 31, 0.5, 1e15, NaN, Infinity, -Infinity];
/** Names that are not safe path components, or that touch an object's prototype. */
const NAMES: readonly string[] = ['', '.', '..', 'a/b', '../../x', '-x', '__proto__', 'constructor', 'prototype', 'x'.repeat(5000), 'a\\b', 'a\u0000b'];
/** Keys that are not in any schema, or touch the prototype. */
const KEYS: readonly string[] = ['__proto__', 'constructor', '', 'typo', 'toString'];
const NAME_FIELDS = new Set(['name', 'role', 'pool', 'group', 'framework', 'service', 'sweep', 'suite']);
const FILE_KEYS: ReadonlySet<string> = new Set(['file']);

/** The bundled scenarios (sweeps and bench suites excepted), their trace and data paths made absolute. */
export function bundledScenarios(root: string): { name: string; doc: Json }[] {
  const dir = join(root, 'scenarios');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) {
        if (f !== 'sweeps' && f !== 'bench') walk(p);
      } else if (f.endsWith('.yaml')) files.push(p);
    }
  };
  walk(dir);
  return files.map((f) => ({ name: relative(dir, f).replace(/\.yaml$/, ''), doc: absoluteFiles(parse(readFileSync(f, 'utf8')) as Json, dirname(f)) }));
}

/** Path fields named in `keys` (a path or a list of paths) resolved against `base`. */
export function absoluteFiles(v: Json, base: string, keys: ReadonlySet<string> = FILE_KEYS): Json {
  if (Array.isArray(v)) return v.map((x) => absoluteFiles(x, base, keys));
  if (v === null || typeof v !== 'object') return v;
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    const abs = (p: Json): Json => (typeof p === 'string' && !isAbsolute(p) ? resolve(base, p) : p);
    out[k] = keys.has(k) ? (Array.isArray(x) ? x.map(abs) : abs(x)) : absoluteFiles(x, base, keys);
  }
  return out;
}

function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

function parentOf(doc: Json, p: Path): { [k: string]: Json } | Json[] {
  return p.slice(0, -1).reduce<Json>((o, k) => (o as Record<string | number, Json>)[k]!, doc) as { [k: string]: Json } | Json[];
}

/** Sets an own property, even `__proto__`. */
function put(o: { [k: string]: Json } | Json[], k: string | number, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** One change to a document: what was done, and a change to its text after stringifying, or a --set to add. */
export interface Mutation {
  readonly what: string;
  readonly text?: (t: string) => string;
  readonly set?: string;
}

/** `n` integers below `n`, and picks, drawn from `rng`. */
function draws(rng: () => number): { int: (n: number) => number; pick: <T>(a: readonly T[]) => T } {
  const int = (n: number): number => Math.floor(rng() * n);
  return { int, pick: <T>(a: readonly T[]): T => a[int(a.length)]! };
}

/**
 * Mutates a document in place with one change drawn from `rng`: a value, a
 * number, a name, a key, a removal, a list grown large, a cut or a stray
 * character in the text, or (for documents that take one) a --set.
 */
export function mutator(rng: () => number): (doc: Json) => Mutation {
  const { int, pick } = draws(rng);
  const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.length > 20 ? `${v.slice(0, 17)}...` : v) : Number.isNaN(v) ? 'NaN' : JSON.stringify(v) ?? String(v));

  return (doc: Json): Mutation => {
    const all = paths(doc);
    const p = pick(all);
    const parent = parentOf(doc, p);
    const k = p[p.length - 1]!;
    const where = p.join('.');
    switch (int(9)) {
      case 0: {
        const v = structuredClone(pick(VALUES));
        put(parent, k, v);
        return { what: `${where} = ${show(v)}` };
      }
      case 1: {
        const nums = all.filter((q) => typeof parentOf(doc, q)[q[q.length - 1] as never] === 'number');
        const q = nums.length > 0 ? pick(nums) : p;
        const v = pick(NUMBERS);
        put(parentOf(doc, q), q[q.length - 1]!, v);
        return { what: `${q.join('.')} = ${show(v)}` };
      }
      case 2: {
        const named = all.filter((q) => NAME_FIELDS.has(String(q[q.length - 1])) || ['roles', 'pools'].includes(String(q[q.length - 2])));
        const q = named.length > 0 ? pick(named) : p;
        const v = pick(NAMES);
        const o = parentOf(doc, q);
        const last = q[q.length - 1]!;
        if (['roles', 'pools'].includes(String(q[q.length - 2])) && !Array.isArray(o)) {
          const value = o[last as string]!;
          delete o[last as string];
          put(o, v, value);
          return { what: `${q.slice(0, -1).join('.')} key ${show(last)} -> ${show(v)}` };
        }
        put(o, last, v);
        return { what: `${q.join('.')} = ${show(v)}` };
      }
      case 3: {
        if (Array.isArray(parent)) break;
        const key = pick(KEYS);
        const value = parent[k as string]!;
        delete parent[k as string];
        put(parent, key, value);
        return { what: `key ${where} -> ${show(key)}` };
      }
      case 4:
        if (Array.isArray(parent)) parent.splice(k as number, 1);
        else delete parent[k as string];
        return { what: `${where} removed` };
      case 5: {
        const lists = all.filter((q) => Array.isArray(parentOf(doc, q)));
        if (lists.length === 0) break;
        const q = pick(lists);
        const list = parentOf(doc, q) as Json[];
        const times = pick([100, 2000]);
        list.push(...Array.from({ length: times }, () => structuredClone(list[q[q.length - 1] as number]!)));
        return { what: `${q.slice(0, -1).join('.')} grown by ${times} copies` };
      }
      case 6: {
        const cut = rng();
        return { what: `text cut at ${cut.toFixed(3)}`, text: (t) => t.slice(0, Math.floor(t.length * cut)) };
      }
      case 7: {
        const at = rng();
        const c = pick(['\t', ':', '&a ', '*zz', '{', ']', '"', '- ', '!!binary ', '<<: *a\n', '\u0000', '%YAML 9\n']);
        return { what: `${show(c)} inserted at ${at.toFixed(3)}`, text: (t) => t.slice(0, Math.floor(t.length * at)) + c + t.slice(Math.floor(t.length * at)) };
      }
      case 8: {
        const v = pick([...NUMBERS.map(String), ...NAMES.slice(0, 8), '*a', '{', '[1', '{"a":', 'null', '1e308']);
        const target = pick([where, `${where}.x`, '__proto__.x', 'constructor.prototype.x', `${where}.__proto__`]);
        return { what: `--set ${target}=${show(v)}`, set: `${target}=${v}` };
      }
    }
    // A list entry cannot be renamed, and a document without lists cannot grow one: remove instead.
    if (Array.isArray(parent)) parent.splice(k as number, 1);
    else delete parent[k as string];
    return { what: `${where} removed` };
  };
}

/** A copy of `doc` with one change drawn by `mutate`, as YAML text, and what the change was. */
export function mutated(doc: Json, mutate: (doc: Json) => Mutation): Mutation & { readonly yaml: string } {
  const copy = structuredClone(doc);
  const m = mutate(copy);
  const yaml = stringify(copy, { lineWidth: 0 });
  return { ...m, yaml: m.text !== undefined ? m.text(yaml) : yaml };
}

/** A seeded generator of mutated scenarios. */
export function scenarioMutations(root: string, seed: string): (n: number) => HostileCase[] {
  const bases = bundledScenarios(root);
  const rng = seedrandom(seed);
  const { int } = draws(rng);
  const mutate = mutator(rng);
  return (n: number): HostileCase[] =>
    Array.from({ length: n }, (_, i) => {
      const base = bases[int(bases.length)]!;
      const m = mutated(base.doc, mutate);
      const text = m.yaml;
      const command = int(3) === 0 ? ['run', 's.yaml', '--out', '{out}', '--no-wall-clock'] : ['validate', 's.yaml'];
      return {
        id: `mutation ${i}: ${base.name}: ${m.what} (${command[0]})`,
        files: { 's.yaml': text },
        args: [...command, ...(m.set !== undefined ? ['--set', m.set] : [])],
        expect: { exit: 'either' },
      };
    });
}
