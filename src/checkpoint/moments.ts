/**
 * The moments of a run where something happens besides the model: the
 * checkpoints to save (`--checkpoint-at T`) and the fork to make (`--from`).
 * run.ts hands it the run's random source, sinks, allocator and observer to
 * wrap, calls `started` once the world is built, then `finish` and
 * `summary`; without moments nothing is wrapped and a run is as it always
 * was.
 *
 * A moment at T is reached just before the first event due after T, when
 * every event due at or before T has been handled (or, for a run whose
 * clock passes T with no event left before its end, as the run ends). There
 * the state is recorded (state.ts): saved for a checkpoint, with every
 * actor's snapshot when all have one (format 3, snapshot-run.ts); for a
 * fork, checked against the checkpoint's digest, after which the fork's
 * allocator takes over, if it has one. A fork from a format-3 checkpoint
 * reaches its moment in `started`, right after every actor restored its
 * state: no event before T runs again.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { randomSource, type RandomSource } from '../core/random.js';
import type { Allocator, AllocatorFactory } from '../allocator/types.js';
import { buildAllocator } from '../build.js';
import { InputError } from '../errors.js';
import { forwarding, type RunObserver } from '../master/observer.js';
import type { RunSinks } from '../metrics/sinks.js';
import type { ResourceSpace } from '../model/resources.js';
import type { Scenario } from '../scenario/schema.js';
import type { World } from '../world.js';
import { stateDigest, type RunState, type Snapshot } from './format.js';
import { restoreRun, saveRun, whyNot, type RunParts } from './snapshot-run.js';
import { runParts, type MetricsActors } from './snapshot-world.js';
import { HashingSinks, RecordingRandom, type PrefixSource } from './state.js';
import { asAllocator, SwitchingAllocator } from './switching-allocator.js';

export interface ForkPlan {
  /** The checkpoint's moment (simulated seconds). */
  readonly at: SimTime;
  /** The checkpoint's digest: the state the run reaches at `at` must have it. */
  readonly digest: string;
  /** The checkpoint file, for messages. */
  readonly checkpoint: string;
  /** The policy from `at` on (a scenario under it, and its plug-in's factory); absent: the run goes on as it was. */
  readonly allocator?: { readonly scenario: Scenario; readonly factory?: AllocatorFactory | undefined } | undefined;
  /**
   * The state at `at` (a format-3 checkpoint): the run restores it rather than
   * running the events before `at` again, each table's text read through
   * `prefix` (the saved run's result files); absent: replay.
   */
  readonly state?: { readonly random: RunState['random']; readonly tables: RunState['tables']; readonly snapshot: Snapshot; readonly prefix?: PrefixSource | undefined } | undefined;
}

export interface MomentsPlan {
  /** The moments to save a checkpoint at (simulated seconds). */
  readonly checkpointAt: readonly SimTime[];
  /** sha256 of the run's resolved scenario (what a digest is of). */
  readonly scenarioSha256: string;
  /** Saves the checkpoint at `at` (the CLI writes it); `snapshot`: the state itself, when every actor of the run has a snapshot. */
  readonly save?: (at: SimTime, state: RunState, digest: string, snapshot: Snapshot | undefined) => void;
  readonly fork?: ForkPlan | undefined;
}

export class RunMoments {
  readonly #times: readonly SimTime[];
  #next = 0;
  #random: RecordingRandom | undefined;
  #sinks: HashingSinks | undefined;
  #switching: SwitchingAllocator | undefined;
  #parts: RunParts | undefined;

  constructor(readonly plan: MomentsPlan) {
    this.#times = [...new Set([...plan.checkpointAt, ...(plan.fork !== undefined ? [plan.fork.at] : [])])].sort((a, b) => a - b);
  }

  /** The run's random source: randomSource's streams, whose states can be read. */
  random(seed: number): RandomSource {
    this.#random = new RecordingRandom(seed);
    return this.#random;
  }

  /** The run's sinks, hashed on the way. */
  sinks(sinks: RunSinks): RunSinks {
    this.#sinks = new HashingSinks(sinks);
    return this.#sinks.sinks;
  }

  /** The run's allocator; under a fork that changes it, one that switches to the fork's at its moment. */
  allocator(built: Allocator, space: ResourceSpace): Allocator {
    const target = this.plan.fork?.allocator;
    if (target === undefined) return built;
    // Its own source: the streams recorded are the run's, the same whatever the fork.
    const after = buildAllocator(target.scenario, space, randomSource(target.scenario.seed), target.factory);
    this.#switching = new SwitchingAllocator(built, after);
    return asAllocator(this.#switching);
  }

  /**
   * The run's world is built (`allocator`: the one built for its scenario,
   * `metrics`: the run's metrics besides the world): under a fork from a
   * checkpoint that holds the state, every actor takes its state at the
   * moment, and the moment is reached at once (its digest checked, the fork's
   * policy switched to); none of the events before it run again.
   */
  started(world: World, allocator: Allocator, metrics: MetricsActors): void {
    const parts = runParts(world, allocator, this.#random!, metrics);
    this.#parts = parts;
    const fork = this.plan.fork;
    if (fork?.state === undefined) return;
    const { random, tables, snapshot, prefix } = fork.state;
    restoreRun(parts, snapshot, fork.checkpoint, () => {
      this.#random!.restore(random);
      this.#sinks!.restore(snapshot.tables, tables, prefix);
    });
    while (this.#next < this.#times.length && this.#times[this.#next]! <= fork.at) this.#reach(this.#times[this.#next++]!, world, 0, world.sim.restoredTaken ? 1 : 0);
  }

  /** Why a checkpoint of this run cannot hold the state (its checkpoints continue by replay); undefined when it can. */
  whyNotRestorable(): string | undefined {
    return this.#parts === undefined ? 'the run was not started' : whyNot(this.#parts.actors);
  }

  /** `inner`, with the moments reached before each event. */
  observer(inner: RunObserver, world: () => World): RunObserver {
    return forwarding(inner, {
      beforeEvent: (now) => {
        while (this.#next < this.#times.length && now > this.#times[this.#next]!) this.#reach(this.#times[this.#next++]!, world(), 1);
        inner.beforeEvent?.(now);
      },
    });
  }

  /** At the end (`end`, simulated seconds): a moment the clock passed with no event after it is reached now; one at or after the end is an input error. */
  finish(end: SimTime, world: World): void {
    while (this.#next < this.#times.length) {
      const at = this.#times[this.#next++]!;
      if (at < end) {
        this.#reach(at, world, 0);
        continue;
      }
      const fork = this.plan.fork;
      if (fork !== undefined && at === fork.at) {
        throw new InputError(`sim: checkpoint ${fork.checkpoint}: the run ended at ${end} s, before its moment ${at} s (expected the run the checkpoint was made of: its inputs or the simulator changed)`);
      }
      throw new InputError(`sim: --checkpoint-at ${at}: the run ended at ${end} s, before it (expected a time before the run's end)`);
    }
  }

  /** The summary: under a fork that changes the allocator, it names the fork's. */
  summary<S extends { readonly allocator: string }>(summary: S): S {
    const target = this.plan.fork?.allocator;
    return target === undefined ? summary : { ...summary, allocator: target.scenario.master.allocator };
  }

  /**
   * The moment `at` is reached; `current` is 1 when the event about to be
   * handled is already counted; `queued` 1 when it is still queued (a state
   * restored as it was saved before it).
   */
  #reach(at: SimTime, world: World, current: 0 | 1, queued: 0 | 1 = 0): void {
    const state: RunState = {
      events: world.sim.processed - current,
      pending: world.sim.pending - queued,
      random: this.#random!.states(),
      tables: this.#sinks!.tables(),
    };
    const digest = stateDigest(at, this.plan.scenarioSha256, state);
    if (this.plan.checkpointAt.includes(at) && this.plan.save !== undefined) {
      const parts = this.#parts;
      const snapshot = parts !== undefined && whyNot(parts.actors) === undefined ? saveRun(parts, this.#sinks!.prefixes()) : undefined;
      this.plan.save(at, state, digest, snapshot);
    }
    // After the last moment, no digest is asked for: the rows to come are not hashed.
    if (this.#next >= this.#times.length) this.#sinks!.stopHashing();
    // After the last moment, no digest is asked for: the rows to come are not hashed.
    if (this.#next >= this.#times.length) this.#sinks!.stopHashing();
    const fork = this.plan.fork;
    if (fork === undefined || at !== fork.at) return;
    if (digest !== fork.digest) {
      throw new InputError(
        `sim: checkpoint ${fork.checkpoint}: the run does not reach the state it records at ${at} s (expected the same run: the checkpoint was made by another build of mesos-sim, or a data file changed)`,
      );
    }
    if (this.#switching !== undefined) {
      this.#switching.switch();
      world.allocatorChanged(this.#switching.after.reactsToDemand === true);
    }
  }
}
