/**
 * The data files a scenario names: every `file` field (traces, trace
 * machines, empirical distributions), one path or a list of paths, relative
 * to the scenario file's folder unless absolute.
 *
 * @module
 */

/** Every path named by a `file` field of `data`, in document order (repeats kept). */
export function fileFields(data: unknown): string[] {
  const found: string[] = [];
  mapFileFields(data, (path) => {
    found.push(path);
    return path;
  });
  return found;
}

/** A deep copy of `data` (plain data: mappings, lists, scalars) with every path of every `file` field replaced by `f(path)`. */
export function mapFileFields<T>(data: T, f: (path: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        if (k !== 'file') return [k, walk(x)];
        if (typeof x === 'string') return [k, f(x)];
        if (Array.isArray(x)) return [k, x.map((p) => (typeof p === 'string' ? f(p) : walk(p)))];
        return [k, walk(x)];
      }),
    );
  };
  return walk(data) as T;
}
