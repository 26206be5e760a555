/**
 * The scenario's script: agents registering and leaving, frameworks
 * registering, leaving, suppressing and reviving offers, weights, pool
 * capacities, quotas and service scales changing at the times the scenario
 * gives. A scripted SUPPRESS or REVIVE is an events.csv row
 * (`offers-suppressed`, `offers-revived`). It schedules all of it
 * when the world starts (with each framework's first job), and applies each
 * scripted event to whom it concerns. It counts the scripted events still to
 * come, which keep a run from counting as stalled.
 *
 * @module
 */
import type { HandlersFor, Scheduler } from '../core/simulation.js';
import type { Framework } from '../framework/framework.js';
import type { Frameworks } from '../framework/frameworks.js';
import type { Master } from '../master/master.js';
import type { Agent } from '../model/agent.js';
import type { FaultEvent } from '../model/fault-event.js';
import type { SimEvent } from '../model/events/sim-event.js';
import type { FaultHooks } from './fault-hooks.js';
import type { WorldSpec } from '../world-spec.js';

export type TimelineKind =
  | 'agent-register'
  | 'agent-remove'
  | 'framework-register'
  | 'framework-unregister'
  | 'set-weight'
  | 'set-pool-capacity'
  | 'set-quota'
  | 'scale-service'
  | 'suppress-offers'
  | 'revive-offers';

export class Timeline {
  /** Scripted events still to come (registrations at their time excepted). */
  #pending = 0;
  readonly handlers: HandlersFor<SimEvent, TimelineKind>;

  constructor(
    private readonly spec: WorldSpec,
    private readonly clock: Scheduler<SimEvent>,
    master: Master,
    agents: readonly Agent[],
    private readonly frameworks: Frameworks,
    faults: FaultHooks,
    /** Writes an events.csv row, now. */
    report: (event: FaultEvent) => void,
  ) {
    const done = (): void => void this.#pending--;
    this.handlers = {
      'agent-register': (e) => {
        if (spec.agents[e.agent]!.registerAt === null) done(); // a timeline add_agents
        const agent = agents[e.agent]!;
        if (agent.registered) return;
        master.registerAgent(agent);
        faults.agentRegistered(e.agent);
      },
      'agent-remove': (e) => {
        done();
        master.removeAgent(agents[e.agent]!);
        faults.agentRemoved(e.agent);
      },
      'framework-register': (e) => frameworks.all[e.framework]!.scheduler.subscribe(),
      'framework-unregister': (e) => {
        done();
        master.unregister(frameworks.records[e.framework]!);
        frameworks.all[e.framework]!.leave();
      },
      'set-weight': (e) => {
        done();
        master.setWeight(e.role, e.weight);
      },
      'set-pool-capacity': (e) => {
        done();
        master.setPoolCapacity(e.pool, e.capacity);
      },
      'set-quota': (e) => {
        done();
        master.setQuota(e.role, e.quota);
      },
      'scale-service': (e) => {
        done();
        frameworks.all[e.framework]!.scale(e.job, e.instances);
      },
      'suppress-offers': (e) => {
        done();
        report(scriptedCall(frameworks.all[e.framework]!, 'suppress', e.roles));
      },
      'revive-offers': (e) => {
        done();
        report(scriptedCall(frameworks.all[e.framework]!, 'revive', e.roles));
      },
    };
  }

  /** Scripted events still to come. */
  get pending(): number {
    return this.#pending;
  }

  /** Schedules the script: agents' and frameworks' registrations, each workload's first job, the timeline. */
  schedule(): void {
    const { spec, clock } = this;
    spec.agents.forEach((a, i) => {
      if (a.registerAt !== null) clock.scheduleAt(a.registerAt, { kind: 'agent-register', agent: i });
    });
    spec.frameworks.forEach((f, i) => {
      clock.scheduleAt(f.registerAt, { kind: 'framework-register', framework: i });
      if (f.unregisterAt !== null) {
        this.#pending++;
        clock.scheduleAt(f.unregisterAt, { kind: 'framework-unregister', framework: i });
      }
      this.frameworks.all[i]!.start();
    });
    for (const { at, ...action } of spec.timeline) {
      this.#pending++;
      clock.scheduleAt(at, action as SimEvent);
    }
  }

  /** Its state as data (src/checkpoint/snapshot.ts): the scripted events still to come. */
  saveState(): number {
    return this.#pending;
  }

  /** Takes a saveState() in place of its own. */
  loadState(pending: number): void {
    this.#pending = pending;
  }
}

/**
 * The framework makes a scripted SUPPRESS or REVIVE call; returns its
 * events.csv row: `detail` the roles it is for, space-separated, or why it
 * was not sent.
 */
function scriptedCall(framework: Framework, call: 'suppress' | 'revive', roles: readonly string[] | undefined): FaultEvent {
  const sent = framework.scheduler.callByScript(call);
  const detail = sent ? (roles ?? [framework.record.role.path]).join(' ') : 'not sent: the framework has left';
  return { kind: call === 'suppress' ? 'offers-suppressed' : 'offers-revived', framework: framework.index, detail };
}
