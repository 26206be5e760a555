/**
 * Every event of the cluster model, as plain data, grouped by who receives
 * it: the scenario's script, the master, an agent, a framework, a fault
 * model's own steps. The kernel orders them; each kind has exactly one
 * handler (see world.ts, which merges the components' handler tables).
 * Message latencies are the delays with which they are scheduled.
 *
 * @module
 */
import type { AgentEvent } from './agent.js';
import type { FaultStepEvent } from './fault-steps.js';
import type { FrameworkEvent } from './framework.js';
import type { MasterEvent } from './master.js';
import type { ScriptEvent } from './script.js';

export type { AgentEvent } from './agent.js';
export type { AgentFaultAction, FailoverStep, FaultStepEvent, MaintenanceStep } from './fault-steps.js';
export type { FrameworkEvent } from './framework.js';
export type { MasterEvent, OfferAnswer } from './master.js';
export type { ScriptEvent } from './script.js';

export type SimEvent = ScriptEvent | MasterEvent | AgentEvent | FrameworkEvent | FaultStepEvent;

export type SimEventKind = SimEvent['kind'];
