/**
 * Multi-resource packing in the spirit of Tetris (Grandl et al., SIGCOMM 2014)
 * (`tetris`): each agent with free resources, in index order, is filled by
 * repeatedly granting the waiting unit whose demand is best aligned with what
 * the agent has left, until no unit fits.
 *
 * Alignment is the dot product of the demand and the agent's free resources,
 * both divided by the agent's total, over the resources the agent has: a task
 * that asks for much of what the agent has much of scores high. Ties go to the
 * earlier unit (job submit time, framework name, queue order). A gang scores as
 * its first task and is placed whole, on the agent first and then first fit on
 * the other open agents, or not at all.
 *
 * Candidates are the units within a window of each active framework's waiting
 * tasks, oldest first: up to `tasks_per_framework` tasks not yet granted (at
 * least one unit), topped up from the queue as units are granted. Since a framework fills every offer in its own
 * queue order, a unit is a candidate only while no earlier waiting unit of its
 * framework would be launched in its place: none of the same ordinary job,
 * no gang, and none whose task fits in one of the unit's tasks.
 *
 * Fairness knob `fairness` = f in [0, 1): for each pick, of the frameworks
 * with a unit that fits the agent, only the ceil((1 − f) × m) with the lowest
 * weighted dominant share (counting this run's grants) are considered. f = 0
 * is pure packing; f close to 1 serves the framework furthest below its share,
 * packing only among its units. The paper applies the knob to jobs and adds a
 * preference for jobs with little remaining work; neither is done here.
 *
 * Cost per run: O(candidates + agents with free resources) to find the open
 * agents, O(frameworks × tasks_per_framework²) to build the candidates, then
 * per grant O(units × resources) (plus O(m log m) with f > 0, and O(gang size ×
 * open agents) for a gang), and one pass over the units per open agent.
 *
 * @module
 */
import { z } from 'zod';
import { fits } from '../../model/resources.js';
import { parseOptions } from '../options.js';
import { RunLedger } from '../run-ledger.js';
import { KeepsNothing } from '../saved-state.js';
import { dominantShareWith } from '../share.js';
import { compareKeys } from '../sorter.js';
import type { AgentView, Allocator, AllocatorContext, ClusterView, FrameworkView, Grant } from '../types.js';
import { runTree } from './agent-tree.js';
import { compareUnits, cursors, filterGpuOption, freeAgents, OpenAgents, type Cursor, type Unit } from './common.js';

export const tetrisOptions = z
  .object({
    filter_gpu_resources: filterGpuOption,
    /** Waiting tasks looked at per framework and run. */
    tasks_per_framework: z.number().int().positive().default(16),
    /** Tetris's fairness knob f: only the ceil((1 − f) × m) frameworks furthest below their share compete. */
    fairness: z.number().min(0).lt(1).default(0),
  })
  .strict();

export function createTetris(ctx: AllocatorContext): Allocator {
  const o = parseOptions(tetrisOptions, ctx.options, 'tetris');
  return new TetrisAllocator(o.tasks_per_framework, o.fairness, o.filter_gpu_resources);
}

/** Alignment of `demand` with `free` on an agent of capacity `total`: Σ (demand/total)(free/total). */
export function alignment(demand: Float64Array, free: Float64Array, total: Float64Array): number {
  let score = 0;
  for (let i = 0; i < total.length; i++) {
    const t = total[i]!;
    if (t > 0) score += (demand[i]! / t) * (free[i]! / t);
  }
  return score;
}

const NONE: ReadonlySet<number> = new Set();

/** One framework's waiting units under consideration: at least one, and at most `size` tasks unless one unit has more. */
class Window {
  readonly units: Unit[] = [];
  /** Indices of units that may be granted now (see the module comment). */
  candidates: number[] = [];

  constructor(
    readonly cursor: Cursor,
    private readonly size: number,
  ) {
    this.#fill();
  }

  get framework(): FrameworkView {
    return this.cursor.framework;
  }

  /** The unit at `i` was granted: it leaves, and the window takes in the next ones. */
  take(i: number): void {
    this.units.splice(i, 1);
    this.#fill();
  }

  #fill(): void {
    let tasks = 0;
    for (const u of this.units) tasks += u.requests.length;
    for (let u = this.cursor.peek(); u !== undefined && (this.units.length === 0 || tasks + u.requests.length <= this.size); u = this.cursor.peek()) {
      this.units.push(u);
      tasks += u.requests.length;
      this.cursor.advance();
    }
    this.candidates = [];
    for (let i = 0; i < this.units.length; i++) {
      const u = this.units[i]!;
      let free = true;
      for (let j = 0; j < i && free; j++) free = !blocks(this.units[j]!, u);
      if (free) this.candidates.push(i);
    }
  }
}

/** True when a framework would launch the earlier waiting unit `e` in a grant made for `u`. */
function blocks(e: Unit, u: Unit): boolean {
  if (e.requests.length > 1 || e.requests[0]!.job.id === u.requests[0]!.job.id) return true;
  return u.requests.some((t) => fits(e.requests[0]!.resources, t.resources));
}

/** It keeps nothing from one run to the next (KeepsNothing: its checkpoint state is its name). */
export class TetrisAllocator extends KeepsNothing implements Allocator {
  readonly name = 'tetris';
  readonly reactsToDemand = true;

  constructor(
    private readonly perFramework: number,
    private readonly fairness: number,
    private readonly filterGpus: boolean,
  ) {
    super();
  }

  allocate(view: ClusterView): Grant[] {
    const agents = freeAgents(view);
    if (agents.length === 0) return [];
    const open = new OpenAgents(view, runTree(view, agents), this.filterGpus);
    const windows = cursors(view, this.perFramework).map((c) => new Window(c, this.perFramework));
    const ledger = new RunLedger(view.space);
    /** Gangs that fit nowhere this run. */
    const stuck = new Set<Unit>();

    for (const agent of agents) {
      for (;;) {
        const fitting: [Window, number][] = [];
        for (const w of windows) {
          for (const i of w.candidates) {
            const u = w.units[i]!;
            if (!stuck.has(u) && open.fitsOn(w.framework, agent, u.requests[0]!.resources) && open.admits(u)) fitting.push([w, i]);
          }
        }
        let best: [Window, number, number] | undefined;
        const allowed = this.#allowed(view, ledger, fitting);
        for (const [w, i] of fitting) {
          if (!allowed.has(w)) continue;
          const u = w.units[i]!;
          const score = alignment(u.requests[0]!.resources, open.free.of(agent), agent.total);
          if (best === undefined || score > best[2] || (score === best[2] && compareUnits(u, best[0].units[best[1]]!) < 0)) {
            best = [w, i, score];
          }
        }
        if (best === undefined) break;
        const [w, i] = best;
        const unit = w.units[i]!;
        const plan = open.firstFit(unit, unit.requests.length === 1 ? [agent] : [agent, ...agents.filter((a) => a !== agent)]);
        if (plan === undefined) {
          stuck.add(unit);
          continue;
        }
        open.grant(unit, plan);
        for (const t of unit.requests) ledger.record(w.framework, t.resources);
        w.take(i);
      }
    }
    return open.book.grants();
  }

  /** The windows allowed to compete: all with f = 0, else those of the ceil((1 − f) × m) frameworks furthest below their share. */
  #allowed(view: ClusterView, ledger: RunLedger, fitting: readonly [Window, number][]): Set<Window> {
    const all = new Set(fitting.map(([w]) => w));
    if (this.fairness === 0) return all;
    const share = (w: Window): number =>
      dominantShareWith(w.framework.allocation, ledger.framework(w.framework.index)?.allocation, view.total, NONE) /
      w.framework.role.weight;
    const sorted = [...all].sort((a, b) => share(a) - share(b) || compareKeys(a.framework.name, b.framework.name));
    return new Set(sorted.slice(0, Math.ceil((1 - this.fairness) * sorted.length)));
  }
}
