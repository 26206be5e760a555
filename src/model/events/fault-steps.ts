/**
 * The steps fault models schedule for themselves, as events: the
 * operator's maintenance actions, the agent fault model's failures, repairs,
 * health checks and partitions, and the master failover model's timers.
 * Each step's payload type is defined here, beside its event.
 *
 * @module
 */

/** The operator's maintenance (faults/maintenance/operator.ts): `window` indexes WorldSpec.maintenance. */
export type MaintenanceStep =
  | { readonly kind: 'maintenance-schedule'; readonly window: number }
  | { readonly kind: 'maintenance-drain'; readonly window: number }
  | { readonly kind: 'machine-down'; readonly window: number }
  | { readonly kind: 'machine-up'; readonly window: number };

/** What an `agent-fault` event asks the agent fault model to do. */
export type AgentFaultAction =
  /** Scripted failure `index` happens. */
  | { readonly type: 'scripted'; readonly index: number }
  /** Unit `unit` of random process `process` fails. */
  | { readonly type: 'random'; readonly process: number; readonly unit: number }
  /** These agents, taken down by one failure, come back; `process`/`unit` when the failure was random. */
  | { readonly type: 'repair'; readonly agents: readonly number[]; readonly process?: number; readonly unit?: number }
  /** The health checks of the agent's registration would conclude now, if it has stayed silent (`epoch` unchanged). */
  | { readonly type: 'detect'; readonly agent: number; readonly epoch: number }
  /** The agent process tries to register with the master (after its back-off). */
  | { readonly type: 'register'; readonly agent: number }
  | { readonly type: 'cut'; readonly partition: number }
  | { readonly type: 'heal'; readonly partition: number };

/**
 * The timer events of the master failover model, carried by
 * `{ kind: 'failover', step }` (see faults/master-failover/runtime.ts and
 * leadership.ts). Messages of the model (re-registration, its
 * acknowledgements) are events of their own (master.ts, agent.ts,
 * framework.ts here), because the network delays them by kind.
 *
 * `epoch` counts elections: the master leading from the start has epoch 0,
 * the first one elected after it 1, and so on. A step for an epoch that is
 * no longer current is stale and does nothing.
 */
export type FailoverStep =
  /** The leading master fails; `epoch` set: the random failure drawn for that leader, undefined: a scripted one. */
  | { readonly kind: 'fail'; readonly epoch: number | undefined }
  /** The failed leader's ZooKeeper session expires: its znode is gone and watchers learn there is no leader. */
  | { readonly kind: 'session-expired'; readonly master: number }
  /** The election under way ends: the longest-waiting standby leads. */
  | { readonly kind: 'elected' }
  /** A failed master is back, as a standby. */
  | { readonly kind: 'repaired'; readonly master: number }
  /** An agent (re-)registers with the leader of `epoch`, unless it has; `backoff`: the bound of its next retry delay (s). */
  | { readonly kind: 'agent-attempt'; readonly agent: number; readonly epoch: number; readonly backoff: number }
  /** A framework's scheduler driver subscribes again, unless it has; `backoff` as for agents. */
  | { readonly kind: 'framework-attempt'; readonly framework: number; readonly epoch: number; readonly backoff: number }
  /** agent_reregister_timeout after the election of `epoch`: agents not back are unreachable. */
  | { readonly kind: 'reregister-timeout'; readonly epoch: number }
  /** allocator_recovery_timeout after the election of `epoch`: the allocator's recovery pause ends. */
  | { readonly kind: 'recovery-timeout'; readonly epoch: number };

export type FaultStepEvent =
  | MaintenanceStep
  /** Agent faults (faults/agent/runtime.ts). */
  | { readonly kind: 'agent-fault'; readonly action: AgentFaultAction }
  /** Master failover (faults/master-failover/runtime.ts). */
  | { readonly kind: 'failover'; readonly step: FailoverStep };
