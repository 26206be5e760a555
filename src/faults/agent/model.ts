/**
 * Agent failures, health checks and partitions as one fault model
 * (docs/faults.md, "Agent failures and partitions"): `faults.agents`,
 * `faults.partitions`, and the master's health-check flags.
 *
 * @module
 */
import { faultModel } from '../model.js';
import { buildAgentFaults } from './build.js';
import { AgentFaultFigureCollector } from './figures.js';
import { AgentFaults } from './runtime.js';
import { DEFAULT_MAX_PING_TIMEOUTS, DEFAULT_PING_TIMEOUT } from './spec.js';
import { forwarding } from '../../master/observer.js';

export const agentFaultModel = faultModel({
  name: 'agent',
  key: 'agentFaults',
  scenarioKeys: ['faults.agents', 'faults.partitions', 'master.agent_ping_timeout', 'master.max_agent_ping_timeouts'],
  events: ['agent-fault', 'agent-registration'],
  figureKeys: ['agents'],
  build: (s, ctx) => buildAgentFaults(s, ctx.agents, ctx.files),
  runtime: (spec, ctx) => {
    const m = ctx.master.config;
    const health = { pingTimeout: m.agentPingTimeout ?? DEFAULT_PING_TIMEOUT, maxPingTimeouts: m.maxAgentPingTimeouts ?? DEFAULT_MAX_PING_TIMEOUTS };
    return new AgentFaults(spec, { ...ctx, sim: ctx.clock, health, failed: (agent, now) => ctx.hooks.agentFailed(agent, now) });
  },
  figures: (inner) => {
    const figures = new AgentFaultFigureCollector();
    const observer = forwarding(inner, {
      fault: (event, now) => {
        figures.fault(event, now);
        inner.fault?.(event, now);
      },
    });
    return { observer, report: (end) => ({ agents: figures.finish(end) }), state: figures };
  },
});
