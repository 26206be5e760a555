/**
 * Master failover through ZooKeeper as one fault model (docs/faults.md,
 * "Master failover"): `faults.master`, and the master's recovery flags.
 *
 * @module
 */
import { faultModel } from '../model.js';
import { masterFailoverSpec } from './build.js';
import { failoverMetrics } from './figures.js';
import { MasterFailover } from './runtime.js';

export const masterFailoverModel = faultModel({
  name: 'master failover',
  key: 'failover',
  scenarioKeys: ['faults.master', 'master.zk_session_timeout', 'master.agent_reregister_timeout', 'master.allocator_recovery_timeout', 'master.allocator_agent_recovery_factor'],
  events: ['failover', 'reregister-agent', 'agent-reregistered', 'subscribed'],
  figureKeys: ['master_failover'],
  build: (s, ctx) => (s.faults.master === undefined ? undefined : masterFailoverSpec(s, ctx.files)),
  runtime: (spec, ctx) => new MasterFailover(spec, { ...ctx, sim: ctx.clock, schedulers: ctx.frameworks.schedulers, tasks: ctx.frameworks }),
  figures: (inner) => {
    const figures = failoverMetrics(inner);
    return { observer: figures.observer, report: (end) => ({ master_failover: figures.report(end) }), state: figures.state };
  },
});
