/**
 * From a parsed YAML document to plain data, refusing what would exhaust
 * memory or the stack: aliases that multiply (a "billion laughs"), aliases
 * that name no anchor, and nesting deeper than `MAX_DEPTH`. Used for every
 * YAML input (scenario files, bench suites, sweeps, `--set` values).
 *
 * Each problem is an offset in the source and a message; callers turn the
 * offset into `file:line:col` (or name the `--set`).
 *
 * @module
 */
import { isAlias, isCollection, isPair, isScalar, type Document, type Node } from 'yaml';

/** Levels of mappings and lists, the document's own included; the scenario format needs about 10. */
export const MAX_DEPTH = 64;
/** Nodes an alias may expand to, summed over the document (the yaml library's measure). */
export const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  /** Offset in the source. */
  readonly offset: number;
  readonly message: string;
}

const TOO_DEEP = `nesting too deep (expected at most ${MAX_DEPTH} levels of mappings and lists)`;

/** A parse error of the yaml library in the project's words (its stack overflow on deep nesting, in particular). */
export function parseErrorMessage(message: string): string {
  if (/call stack/i.test(message)) return TOO_DEEP;
  return message.replace(/\s+/g, ' ').trim();
}

/**
 * The document as plain data, or the problems that stop it being made: the
 * first node nested deeper than `MAX_DEPTH`; else each alias naming no anchor
 * before it, or an anchor around it (a cycle), and each key `__proto__` (which
 * would set the mapping's prototype rather than a field); else aliases that
 * expand to too much.
 */
export function toData(doc: Document): { data: unknown } | { problems: YamlProblem[] } {
  const deep = tooDeep(doc);
  const problems = deep.length > 0 ? deep : [...badAliases(doc), ...prototypeKeys(doc)];
  if (problems.length > 0) return { problems };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const first = [...nodes(doc)].find((n) => isAlias(n.node));
    const message = `too many alias expansions (expected anchors and aliases that expand to at most ${MAX_ALIAS_COUNT} nodes; aliases that multiply, a "billion laughs", are refused)`;
    return { problems: [{ offset: first?.node.range?.[0] ?? 0, message }] };
  }
}

interface Visit {
  readonly node: Node;
  readonly depth: number;
  /** Anchors of the collections that contain the node. */
  readonly around: readonly string[];
}

/** Every node of the document in document order, with its depth (collections count a level), without recursion. */
function* nodes(doc: Document): Generator<Visit> {
  const stack: { node: unknown; depth: number; around: readonly string[] }[] = [{ node: doc.contents, depth: 1, around: [] }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, depth, around } = top;
    if (isPair(node)) {
      stack.push({ node: node.value, depth, around }, { node: node.key, depth, around });
    } else if (isCollection(node)) {
      yield { node, depth, around };
      if (depth > MAX_DEPTH) continue;
      const inner = typeof node.anchor === 'string' ? [...around, node.anchor] : around;
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1, around: inner });
    } else if (node !== null && node !== undefined && typeof node === 'object') {
      yield { node: node as Node, depth, around };
    }
  }
}

function tooDeep(doc: Document): YamlProblem[] {
  for (const { node, depth } of nodes(doc)) {
    if (depth > MAX_DEPTH) return [{ offset: node.range?.[0] ?? 0, message: TOO_DEEP }];
  }
  return [];
}

function badAliases(doc: Document): YamlProblem[] {
  const anchors = new Set<string>();
  const problems: YamlProblem[] = [];
  for (const { node, around } of nodes(doc)) {
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      if (around.includes(node.source)) {
        problems.push({ offset, message: `alias '*${node.source}' is inside its own anchor (expected an alias of a value defined before it, not around it)` });
      } else if (!anchors.has(node.source)) {
        problems.push({ offset, message: `alias '*${node.source}' names no anchor (expected an anchor '&${node.source}' before it)` });
      }
    } else if (typeof node.anchor === 'string') {
      anchors.add(node.anchor);
    }
  }
  return problems;
}

function prototypeKeys(doc: Document): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: doc.contents, path: '' }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, path } = top;
    if (isPair(node)) {
      const key = isScalar(node.key) ? String(node.key.value) : '?';
      const field = path === '' ? key : `${path}.${key}`;
      if (key === '__proto__') {
        problems.push({ offset: node.key && isScalar(node.key) ? (node.key.range?.[0] ?? 0) : 0, message: `${field}: '__proto__' is not a field or a name (expected a key other than __proto__)` });
      }
      stack.push({ node: node.value, path: field });
    } else if (isCollection(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: isPair(item) ? path : path === '' ? String(i) : `${path}.${i}` }));
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}
