/**
 * Files only at the edges (docs/architecture.md): the files a scenario names
 * are read at load or build, never by the code a run executes (trace files
 * excepted: opened at build, streamed as data through the JobSources the
 * world is handed), and only cli/ writes files. Checked on the sources'
 * imports of `node:fs`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file of src/, as a path relative to the repository root, with its text. */
const SOURCES = readdirSync('src', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join('src', f).split('\\').join('/'))
  .sort()
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** The modules of file access a source imports (statically, dynamically, or in code it runs elsewhere). */
const FS_MODULE = /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]((?:node:)?fs(?:\/promises)?)['"]/g;

/** The names a source imports from `node:fs`, or '*' when it takes the whole module (or the promises API). */
function fsImports(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(FS_MODULE)) {
    // `import { a } from 'node:fs'`, or `const { a } = require('node:fs')` on one line; `import('node:fs')` takes it all.
    const start = m[1]!.startsWith('from') ? text.lastIndexOf('import', m.index) : m[1]!.startsWith('require') ? text.lastIndexOf('\n', m.index) + 1 : m.index;
    const braces = /\{([^}]*)\}/.exec(text.slice(start, m.index));
    if (m[2]!.endsWith('promises') || braces === null) names.push('*');
    else names.push(...braces[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter((n) => n !== ''));
  }
  return names;
}

/** node:fs functions that only read, or look at, files. */
/**
 * Writes that go to the terminal, not to a file: the exec policy's bridge thread
 * copies the policy's stderr to fd 2 with writeSync (the main thread may be
 * blocked waiting for an answer, so process.stderr would hold it back).
 */
const TERMINAL_WRITES = new Map([['src/allocator/exec/policy-process.ts', ['writeSync']]]);

const READS = new Set(['readFileSync', 'readSync', 'openSync', 'closeSync', 'statSync', 'lstatSync', 'fstatSync', 'accessSync', 'existsSync', 'readdirSync', 'realpathSync', 'constants', 'Stats', 'createReadStream']);

/** The sources `path` imports for their code (not `import type`), by relative path. */
function valueImports(path: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.[^']+)'/gms)) {
    found.push(join(dirname(path), m[1]!.replace(/\.js$/, '.ts')).split('\\').join('/'));
  }
  return found;
}

/** Every source whose code runs when `roots` run: the closure of their value imports. */
function closure(roots: readonly string[]): string[] {
  const byPath = new Map(SOURCES.map((s) => [s.path, s.text]));
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const path = stack.pop()!;
    const text = byPath.get(path);
    if (seen.has(path) || text === undefined) continue;
    seen.add(path);
    stack.push(...valueImports(path, text));
  }
  return [...seen].sort();
}

describe('files only at the edges', () => {
  it('finds the sources and their imports of node:fs', () => {
    expect(SOURCES.map((s) => s.path)).toEqual(expect.arrayContaining(['src/world.ts', 'src/cli/main.ts', 'src/workload/traces/line-reader.ts']));
    const load = SOURCES.find((s) => s.path === 'src/scenario/load.ts')!;
    expect(fsImports(load.text)).toContain('readFileSync');
    const text = "import { a, type B, c as d } from 'node:fs';\nimport * as fs from 'fs';\nconst p = await import('node:fs/promises');\nconst { e } = require('node:fs');";
    expect(fsImports(text)).toEqual(['a', 'B', 'c', '*', '*', 'e']);
  });

  it('only cli/ writes files', () => {
    const writers = SOURCES.filter((s) => !s.path.startsWith('src/cli/'))
      .map((s) => ({ path: s.path, writes: fsImports(s.text).filter((n) => !READS.has(n) && !TERMINAL_WRITES.get(s.path)?.includes(n)) }))
      .filter((s) => s.writes.length > 0);
    expect(writers).toEqual([]);
  });

  it('the model reads no file: nothing the world or the metrics run imports node:fs', () => {
    const roots = ['src/world.ts', ...SOURCES.filter((s) => s.path.startsWith('src/metrics/')).map((s) => s.path)];
    const run = closure(roots);
    expect(run).toEqual(expect.arrayContaining(['src/world.ts', 'src/master/master.ts', 'src/master/network.ts', 'src/workload/distributions.ts']));
    const byPath = new Map(SOURCES.map((s) => [s.path, s.text]));
    expect(run.filter((path) => fsImports(byPath.get(path)!).length > 0)).toEqual([]);
  });
});
