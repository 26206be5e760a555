/**
 * Strict first come, first served across frameworks (`fifo`), the base of EASY
 * backfilling (`easy`, see easy.ts).
 *
 * One global queue of units (a task of an ordinary job, or all waiting tasks
 * of a gang job), ordered by job submit time, then framework name, then queue
 * order; a framework's own order is never changed. Each run serves the queue
 * from its head: a unit is granted exactly its tasks' resources, first fit over
 * the agents with free resources (by agent index), a gang all at once or not
 * at all. The first unit that cannot be placed now blocks everything behind
 * it (head-of-line blocking), unless it could never start on this cluster (a
 * task larger than every agent it may use, a gang whose tasks do not fit the
 * empty agents): such a unit is passed over, or it would stop the queue for
 * good.
 *
 * Cost per run: O(agents changed since the last run × log agents) to bring
 * the index of open agents up to date (agent-tree.ts; the first run of a
 * view indexes every agent), then per unit served O(frameworks) to merge
 * the queues and O(tasks × resources × log(open agents)) to place it (see
 * OpenAgents for the worst case); the blocked head adds O(tasks × (agent
 * shapes + agents it opens)), see Shapes.
 * Only the requests read are fetched (see Cursor).
 *
 * @module
 */
import { z } from 'zod';
import { parseOptions } from '../options.js';
import { fieldsOf, savedState, type SavedState } from '../saved-state.js';
import type { Allocator, AllocatorContext, AgentView, ClusterView, Grant } from '../types.js';
import { FreeAgentIndex } from './agent-tree.js';
import { compareUnits, cursors, filterGpuOption, OpenAgents, Shapes, type Cursor, type Unit } from './common.js';

export const fifoOptions = z.object({ filter_gpu_resources: filterGpuOption }).strict();

export function createFifo(ctx: AllocatorContext): Allocator {
  const o = parseOptions(fifoOptions, ctx.options, 'fifo');
  return new FifoAllocator('fifo', o.filter_gpu_resources);
}

/** A unit granted this run, and the agent of each of its tasks. */
export interface Started {
  readonly unit: Unit;
  readonly plan: readonly AgentView[];
}

/** What may start ahead of a blocked head: EASY's rule, or nothing (strict FIFO). */
export interface Backfill {
  /** Name on every grant of the run the jobs it is for (Grant.forJobs), so that no framework fills a grant with another job. */
  readonly namesJobs: boolean;
  /**
   * Grants on `open` what may jump ahead of `head`, reading the rest of the
   * queue from `queue`; frameworks in `held` (a unit held back by quota) get nothing.
   */
  fill(open: OpenAgents, queue: GlobalQueue, head: Unit, started: readonly Started[], held: ReadonlySet<number>): void;
}

/** The frameworks' queues merged into one, unit by unit (O(frameworks) per unit). */
export class GlobalQueue {
  constructor(private readonly cursors: Cursor[]) {}

  next(): Unit | undefined {
    let best: Cursor | undefined;
    for (let i = this.cursors.length - 1; i >= 0; i--) {
      const c = this.cursors[i]!;
      const u = c.peek();
      if (u === undefined) this.cursors.splice(i, 1);
      else if (best === undefined || compareUnits(u, best.peek()!) < 0) best = c;
    }
    const unit = best?.peek();
    best?.advance();
    return unit;
  }
}

export class FifoAllocator implements Allocator {
  readonly reactsToDemand = true;
  /** It serves the global queue over `freeAgents`. */
  readonly ignoresCandidates = true;
  readonly #shapes: Shapes;
  /** The free agents by index, kept across runs. */
  readonly #agents = new FreeAgentIndex();

  constructor(
    readonly name: string,
    private readonly filterGpus: boolean,
    private readonly backfill?: Backfill,
  ) {
    this.#shapes = new Shapes(filterGpus);
  }

  /**
   * Its state as data (docs/checkpoints.md): the agent shapes it counted. Its
   * index of the free agents is not saved: built afresh over the restored
   * view at the next run, it holds what the kept one would (agent-tree.ts).
   */
  saveState(): SavedState<{ shapes: ReturnType<Shapes['saveState']> }> {
    return savedState(this.name, { shapes: this.#shapes.saveState() });
  }

  /** Takes a saveState() in place of its own; throws on another allocator's state. */
  loadState(saved: unknown): void {
    this.#shapes.loadState(fieldsOf(saved, this.name)['shapes']);
  }

  allocate(view: ClusterView): Grant[] {
    if (view.freeAgents.size === 0) return [];
    const waiting = cursors(view);
    if (waiting.length === 0) return []; // no work: the index is brought up to date at the next run with some
    const open = new OpenAgents(view, this.#agents.positions(view), this.filterGpus, this.backfill?.namesJobs);
    const queue = new GlobalQueue(waiting);
    const started: Started[] = [];
    /** Frameworks with a unit held back by its role's quota limit. */
    const held = new Set<number>();
    for (let unit = queue.next(); unit !== undefined; unit = queue.next()) {
      if (held.has(unit.framework.index)) continue;
      if (!open.admits(unit)) {
        held.add(unit.framework.index);
        continue;
      }
      const plan = open.firstFit(unit);
      if (plan !== undefined) {
        open.grant(unit, plan);
        started.push({ unit, plan });
      } else if (this.#shapes.couldEverStart(view, unit)) {
        this.backfill?.fill(open, queue, unit, started, held);
        break;
      }
    }
    return open.book.grants();
  }
}
