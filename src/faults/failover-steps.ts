/**
 * The timer events of the master failover model, carried by SimEvent
 * `{ kind: 'failover', step }` (see master-failover.ts and leadership.ts).
 * Messages of the model (re-registration, its acknowledgements) are SimEvent
 * kinds of their own, because the network delays them by kind.
 *
 * `epoch` counts elections: the master leading from the start has epoch 0,
 * the first one elected after it 1, and so on. A step for an epoch that is
 * no longer current is stale and does nothing.
 *
 * @module
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
