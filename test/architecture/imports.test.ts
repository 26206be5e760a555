/**
 * The import graph of src/: no file may reach itself through its imports (an
 * import circle), type-only imports included, and model/ is the ground floor:
 * it imports only core/, model/ and errors.ts. The graph is read with the
 * TypeScript compiler's own import scanner (`ts.preProcessFile`), which sees
 * `import`, `import type`, `export … from` and dynamic `import()`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', '..', 'src');

type Graph = ReadonlyMap<string, readonly string[]>;

/** File (relative to src/, '/'-separated) → the files of src/ it imports, in order of appearance. */
function importGraph(root: string): Graph {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split('\\').join('/'))
    .sort();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue; // a package
      const target = relative(root, resolve(root, dirname(file), fileName)).split('\\').join('/').replace(/\.js$/, '.ts');
      if (known.has(target) && !targets.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * One circle per strongly connected component of more than one file (or a
 * file importing itself), as the path from its first file (by name) back to
 * it: ['a.ts', 'b.ts', 'a.ts'].
 */
function importCircles(graph: Graph): string[][] {
  // Tarjan's algorithm, from each unvisited file in name order.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).map((c) => shortestCircle(graph, new Set(c), c[0]!));
}

/** The shortest path from `start` back to itself inside `component` (breadth-first). */
function shortestCircle(graph: Graph, component: ReadonlySet<string>, start: string): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let u = v; u !== start; u = from.get(u)!) between.unshift(u);
        return [start, ...between, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  throw new Error(`no circle through ${start}`);
}

/**
 * Circles that a branch not yet merged removes: each must still be in the
 * graph (the test below fails once it is gone), so its line is deleted when
 * that branch lands, and no other circle may appear meanwhile.
 */
const BEING_BROKEN: readonly string[] = [];

describe('the import graph of src/', () => {
  const graph = importGraph(src);
  const circles = importCircles(graph).map((c) => c.join(' → '));

  it('is read from the sources: type-only imports and re-exports are edges', () => {
    expect(graph.get('model/job.ts')).toEqual(['core/event-queue.ts', 'model/resources.ts', 'model/task-class.ts']);
    expect(graph.get('allocator/types.ts')).toEqual(expect.arrayContaining(['model/view.ts', 'model/work-view.ts', 'model/grant.ts']));
  });

  it('has no import circle', () => {
    const found = circles.filter((c) => !BEING_BROKEN.includes(c));
    expect(found, `import circles in src/:\n${found.join('\n')}`).toEqual([]);
  });

  it('still has each circle listed as being broken elsewhere (delete the line of one that is gone)', () => {
    expect(BEING_BROKEN.filter((c) => !circles.includes(c))).toEqual([]);
  });

  it('keeps model/ the ground floor: it imports only core/, model/ and errors.ts', () => {
    const upward = [...graph]
      .filter(([file]) => file.startsWith('model/'))
      .flatMap(([file, targets]) => targets.filter((t) => !/^(core|model)\//.test(t) && t !== 'errors.ts').map((t) => `${file} → ${t}`));
    expect(upward, `model/ imports from above the ground floor:\n${upward.join('\n')}`).toEqual([]);
  });
});

describe('importCircles', () => {
  it('names each circle once, from its first file by name, by its shortest path', () => {
    const graph = new Map([
      ['d.ts', ['a.ts']],
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'a.ts']],
      ['c.ts', ['a.ts']],
      ['e.ts', ['e.ts']],
      ['f.ts', ['g.ts']],
      ['g.ts', []],
    ]);
    expect(importCircles(graph)).toEqual([
      ['a.ts', 'b.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
    ]);
  });

  it('finds nothing in a graph without circles', () => {
    expect(importCircles(new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });
});
