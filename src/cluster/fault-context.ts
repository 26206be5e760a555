/**
 * What a fault model's runtime is built with: the parts of the world it may
 * act on, the other models' hooks, and where its fault events go.
 *
 * @module
 */
import type { RandomSource } from '../core/random.js';
import type { Scheduler } from '../core/simulation.js';
import type { Frameworks } from '../framework/frameworks.js';
import type { Master } from '../master/master.js';
import type { Network } from '../master/network.js';
import type { Agent } from '../model/agent.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { FaultEvent } from '../model/fault-event.js';
import type { ResourceSpace } from '../model/resources.js';
import type { AgentProcess } from './agent-process.js';
import type { FaultHooks } from './fault-hooks.js';

export interface FaultContext {
  readonly space: ResourceSpace;
  readonly clock: Scheduler<SimEvent>;
  readonly random: RandomSource;
  readonly master: Master;
  readonly agents: readonly Agent[];
  readonly network: Network;
  readonly frameworks: Frameworks;
  /** The agents' side of tasks (launch, finish, kill). */
  readonly agentProcess: AgentProcess;
  /** Every model's hooks (an agent failure stops what a task model runs; a machine coming up registers through the agent model). */
  readonly hooks: FaultHooks;
  /** Reports a fault event now. */
  readonly report: (event: FaultEvent) => void;
}
