/**
 * One run of the allocator: it is shown the view and the candidate agents
 * (shuffled with the master's stream), and its decisions are applied as data.
 * Preemptions are checked and sent to the tasks' agents as kills; grants
 * become offers (offers.ts checks each), sent to each framework as one
 * message per run. The run is reported with the seconds of wall-clock time
 * the allocator itself took (which `--no-wall-clock` leaves out of results).
 *
 * An allocator that ignores its candidates (`Allocator.ignoresCandidates`)
 * is run over their number alone (`runUnordered`): the master's stream makes
 * the draws the shuffle would make, so every later draw is the same, and the
 * allocator is shown no list.
 *
 * @module
 */
import { shuffle, skipShuffle, type Random } from '../core/random.js';
import { AllocatorError } from '../errors.js';
import type { Allocator } from '../allocator/types.js';
import type { Agent } from '../model/agent.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { Offer } from '../model/offer.js';
import type { Task } from '../model/task.js';
import type { ClusterView } from '../model/view.js';
import type { TaskView } from '../model/work-view.js';
import type { MasterContext } from './context.js';
import type { Offers } from './offers.js';

export interface RunContext extends MasterContext {
  readonly allocator: Allocator;
  /** What the allocator is shown: the master's live books, read-only. */
  readonly view: ClusterView;
  /** The master's shuffle stream. */
  readonly random: Random;
  readonly offers: Offers;
}

export class AllocationRun {
  constructor(private readonly c: RunContext) {}

  /** True when the allocator preempts: it runs even with no candidate agent. */
  get preempts(): boolean {
    return this.c.allocator.preempt !== undefined;
  }

  /** True when the allocator reads `freeAgents`, never its candidates: `runUnordered` is for it. */
  get ignoresCandidates(): boolean {
    return this.c.allocator.ignoresCandidates === true;
  }

  /** Runs the allocator over `candidates` (shuffled in place) and applies its decisions. */
  run(candidates: Agent[]): void {
    shuffle(candidates, this.c.random);
    this.#run(candidates, candidates.length);
  }

  /** Runs an allocator that ignores its candidates over `count` of them: the shuffle's draws are made, no list is shown. */
  runUnordered(count: number): void {
    skipShuffle(count, this.c.random);
    this.#run([], count);
  }

  #run(candidates: readonly Agent[], count: number): void {
    const { allocator, view } = this.c;
    const started = performance.now();
    const victims = this.preempts ? allocator.preempt!(view) : [];
    const grants = count > 0 ? allocator.allocate(view, candidates) : [];
    const wallSeconds = (performance.now() - started) / 1000;
    for (const victim of victims) this.#preempt(victim);
    const batches = new Map<FrameworkRecord, Offer[]>();
    for (const grant of grants) {
      const offer = this.c.offers.make(grant);
      const fw = this.c.frameworks[grant.framework]!;
      let batch = batches.get(fw);
      if (batch === undefined) batches.set(fw, (batch = []));
      batch.push(offer);
    }
    for (const [fw, offers] of batches) {
      this.c.network.send({
        kind: 'offers-received',
        framework: fw.index,
        offers,
      });
    }
    this.c.observer.allocationRun({
      time: this.c.sim.now,
      candidates: count,
      grants: grants.length,
      wallSeconds,
    });
  }

  /** Checks a preemption decision and asks the task's agent to kill it: an invalid one is a bug in the allocator. */
  #preempt(victim: TaskView): void {
    const task = victim as Task;
    const agent = this.c.agents[task.agent];
    if (agent === undefined || !agent.tasks.has(task)) {
      throw new AllocatorError(this.c.allocator.name, `preempted a task that is not staging or running: ${task.job?.id}`);
    }
    if (task.preempting) {
      throw new AllocatorError(this.c.allocator.name, `preempted task ${task.id} twice`);
    }
    task.preempting = true;
    this.c.network.send({ kind: 'task-kill', task, state: 'preempted' });
  }
}
