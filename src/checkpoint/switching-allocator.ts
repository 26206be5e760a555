/**
 * The allocator of a fork that changes policy: the run's own allocator up to
 * the fork's moment, then another (src/checkpoint/moments.ts switches it).
 * The master reads `preempt` and `prices` at each use, so a policy that
 * preempts or sets prices does so from the switch on; `reactsToDemand` is
 * passed on by the world at the switch (World.allocatorChanged).
 * (It is an Allocator whose optional methods come and go with the policy,
 * which `exactOptionalPropertyTypes` cannot say: `asAllocator` says it.)
 *
 * @module
 */
import { decidesAs } from '../allocator/plugin.js';
import type { Allocator, AgentView, ClusterView, Grant, TaskView } from '../allocator/types.js';

export class SwitchingAllocator {
  #current: Allocator;

  constructor(
    readonly before: Allocator,
    readonly after: Allocator,
  ) {
    this.#current = before;
    decidesAs(asAllocator(this), before);
  }

  /** From now on, `after` decides. */
  switch(): void {
    this.#current = this.after;
    decidesAs(asAllocator(this), this.after);
  }

  get name(): string {
    return this.#current.name;
  }

  get reactsToDemand(): boolean | undefined {
    return this.#current.reactsToDemand;
  }

  /**
   * The current policy's: up to the switch the master keeps the awake agents
   * as the run's own policy needs them (as the saved run did: a checkpoint's
   * state is the same restored as replayed), and from it as the new one does
   * (the master is told: World.allocatorChanged).
   */
  get ignoresCandidates(): boolean {
    return this.#current.ignoresCandidates === true;
  }

  allocate(view: ClusterView, candidates: readonly AgentView[]): Grant[] {
    return this.#current.allocate(view, candidates);
  }

  /** The current policy's preempt, or undefined when it does not preempt (read by the master at each run). */
  get preempt(): ((view: ClusterView) => readonly TaskView[]) | undefined {
    const current = this.#current;
    return current.preempt === undefined ? undefined : (view) => current.preempt!(view);
  }

  /** The current policy's prices, or undefined when it sets none. */
  get prices(): ((view: ClusterView) => ReadonlyMap<string, number>) | undefined {
    const current = this.#current;
    return current.prices === undefined ? undefined : (view) => current.prices!(view);
  }

  /** Closes both policies (the second was built at the start, whether or not the run reached the switch). */
  close(ok: boolean): void {
    try {
      this.before.close?.(ok);
    } finally {
      this.after.close?.(ok);
    }
  }
}

/** `s` as the Allocator it acts as (its optional methods are undefined while the current policy has none). */
export const asAllocator = (s: SwitchingAllocator): Allocator => s as unknown as Allocator;
