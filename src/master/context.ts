/**
 * What every part of the master works with (books.ts and the files beside
 * it), given once when the master is made: the resource space, the settings,
 * the agents and frameworks by index, the clock, the message network and the
 * run's observer.
 *
 * @module
 */
import type { Scheduler } from '../core/simulation.js';
import type { Agent } from '../model/agent.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { FrameworkRecord } from '../model/framework-record.js';
import type { ResourceSpace } from '../model/resources.js';
import type { MasterConfig } from './config.js';
import type { Network } from './network.js';
import type { RunObserver } from './observer.js';

export interface MasterContext {
  readonly space: ResourceSpace;
  readonly config: MasterConfig;
  /** By index (an agent's `index`, a framework's `index`). */
  readonly agents: readonly Agent[];
  readonly frameworks: readonly FrameworkRecord[];
  readonly sim: Scheduler<SimEvent>;
  readonly network: Network;
  readonly observer: RunObserver;
}
