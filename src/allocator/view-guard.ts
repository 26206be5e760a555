/**
 * Holds an allocator to its read-only view. The master shows allocators its
 * live books (agents, frameworks, roles, pools, tasks), so an allocator that
 * writes to what it was shown corrupts the run silently. `guardView` wraps an
 * allocator: around every `allocate`, `preempt` and `prices` call it records
 * everything the view holds (view-walk.ts) and compares after, and it checks
 * that no grant hands back one of the view's own vectors (the master takes
 * ownership of a grant's resources). A difference stops the run with an
 * InvariantError naming the allocator and the first thing changed.
 *
 * Used under `sim run --verify` and in the tests; a normal run calls the
 * allocator directly and pays nothing. The cost is one walk of the view
 * before and one after each call: O(agents + tasks + frameworks' requests).
 *
 * @module
 */
import { InvariantError } from '../errors.js';
import type { Allocator, TaskView } from './types.js';
import type { AgentView, ClusterView } from '../model/view.js';
import { walkView, type ViewSink } from './view-walk.js';

/** `allocator`, checked for changes to its view at every call. */
export function guardView(allocator: Allocator): Allocator {
  const guard = <T>(call: string, view: ClusterView, candidates: readonly AgentView[] | undefined, run: () => T): { result: T; vectors: ReadonlySet<ArrayLike<number>> } => {
    const before = new Recorder();
    walkView(view, candidates, before);
    const result = run();
    const changed = new Comparer(before, view.space.names);
    walkView(view, candidates, changed);
    const where = changed.difference();
    if (where !== undefined) {
      throw new InvariantError(
        `allocator '${allocator.name}' changed the view it was shown (in ${call} at t=${view.now} s): ${where}; an allocator must treat the view as read-only`,
      );
    }
    return { result, vectors: before.vectors };
  };
  // Its getters may give undefined, which `exactOptionalPropertyTypes` cannot say of an optional method.
  const guarded = {
    get name() {
      return allocator.name;
    },
    allocate(view: ClusterView, candidates: readonly AgentView[]) {
      const { result: grants, vectors } = guard('allocate', view, candidates, () => allocator.allocate(view, candidates));
      grants.forEach((grant, i) => {
        if (!vectors.has(grant.resources)) return;
        const finder = new Finder(grant.resources);
        walkView(view, candidates, finder);
        throw new InvariantError(
          `allocator '${allocator.name}' returned grant ${i} with a vector of the view as its resources (${finder.found ?? 'unnamed'}, at t=${view.now} s); a grant's resources must be a fresh array, which the master keeps`,
        );
      });
      return grants;
    },
    // Each read at each use: a fork's switching allocator changes them at its switch
    // (src/checkpoint/switching-allocator.ts); copied once, a fork to a policy that
    // preempts or sets prices would have lost them under --verify.
    get preempt(): ((view: ClusterView) => readonly TaskView[]) | undefined {
      if (allocator.preempt === undefined) return undefined;
      return (view: ClusterView) => guard('preempt', view, undefined, () => allocator.preempt!(view)).result;
    },
    get prices(): ((view: ClusterView) => ReadonlyMap<string, number>) | undefined {
      if (allocator.prices === undefined) return undefined;
      return (view: ClusterView) => guard('prices', view, undefined, () => allocator.prices!(view)).result;
    },
    get reactsToDemand(): boolean | undefined {
      return allocator.reactsToDemand;
    },
    get ignoresCandidates(): boolean {
      return allocator.ignoresCandidates === true;
    },
  };
  return guarded as unknown as Allocator;
}

/** Records what the walk sees, and every vector of the view by identity. */
class Recorder implements ViewSink {
  readonly numbers: number[] = [];
  readonly texts: (string | undefined)[] = [];
  readonly refs: unknown[] = [];
  readonly vectors = new Set<ArrayLike<number>>();

  enter(): void {}
  leave(): void {}
  number(_field: string, value: number): void {
    this.numbers.push(value);
  }
  vector(_field: string, q: ArrayLike<number>): void {
    this.vectors.add(q);
    this.numbers.push(q.length);
    for (let i = 0; i < q.length; i++) this.numbers.push(q[i]!);
  }
  text(_field: string, value: string | undefined): void {
    this.texts.push(value);
  }
  ref(_field: string, value: unknown): void {
    this.refs.push(value);
  }
}

/** Keeps the path of parts entered, to name a place. */
abstract class PathSink implements ViewSink {
  readonly #path: string[] = [];

  enter(part: string, id: string | number): void {
    this.#path.push(`${part} ${typeof id === 'string' ? `'${id}'` : id}`);
  }
  leave(): void {
    this.#path.pop();
  }
  protected place(field: string): string {
    return [...this.#path, field].join(' › ');
  }
  abstract number(field: string, value: number): void;
  abstract vector(field: string, q: ArrayLike<number>): void;
  abstract text(field: string, value: string | undefined): void;
  abstract ref(field: string, value: unknown): void;
}

/** Walks again and names the first place that differs from what a Recorder saw. */
class Comparer extends PathSink {
  #n = 0;
  #t = 0;
  #r = 0;
  #first: string | undefined;

  constructor(
    private readonly before: Recorder,
    private readonly names: readonly string[],
  ) {
    super();
  }

  /** The first difference, or undefined when there was none. */
  difference(): string | undefined {
    if (this.#first !== undefined) return this.#first;
    const b = this.before;
    if (this.#n !== b.numbers.length || this.#t !== b.texts.length || this.#r !== b.refs.length) return 'its shape (parts were added or removed)';
    return undefined;
  }

  number(field: string, value: number): void {
    const was = this.before.numbers[this.#n++];
    if (this.#first === undefined && !same(was, value)) this.#first = `${this.place(field)} was ${was}, now ${value}`;
  }
  vector(field: string, q: ArrayLike<number>): void {
    const numbers = this.before.numbers;
    const length = numbers[this.#n++];
    if (this.#first === undefined && length !== q.length) this.#first = `${this.place(field)} had ${length} entries, now ${q.length}`;
    for (let i = 0; i < q.length; i++) {
      const was = numbers[this.#n++];
      if (this.#first === undefined && !same(was, q[i]!)) {
        this.#first = `${this.place(field)}[${this.names[i] ?? i}] was ${was}, now ${q[i]} (milli-units)`;
      }
    }
  }
  text(field: string, value: string | undefined): void {
    const was = this.before.texts[this.#t++];
    if (this.#first === undefined && was !== value) this.#first = `${this.place(field)} was ${String(was)}, now ${String(value)}`;
  }
  ref(field: string, value: unknown): void {
    const was = this.before.refs[this.#r++];
    if (this.#first === undefined && was !== value) this.#first = `${this.place(field)} was replaced by another object`;
  }
}

/** Walks again to name where the view holds one given vector. */
class Finder extends PathSink {
  /** Where the vector first appears in the walk. */
  found: string | undefined;

  constructor(private readonly target: ArrayLike<number>) {
    super();
  }

  number(): void {}
  text(): void {}
  ref(): void {}
  vector(field: string, q: ArrayLike<number>): void {
    if (q === this.target) this.found ??= this.place(field);
  }
}

/** Equal numbers, NaN equal to itself. */
function same(a: number | undefined, b: number): boolean {
  return a === b || (a !== a && b !== b);
}
