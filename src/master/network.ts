/**
 * The network between the master, the agents and the frameworks: every
 * message of the model is sent through `Network.send`, which delays it by
 * its kind's latency.
 *
 * Latencies are seconds, constant or drawn from a distribution (one draw per
 * message, from the `network` random stream). A message kind's latency is
 * its own setting if the scenario gives one, else its direction's.
 *
 * Links are FIFO, as libprocess's TCP connections are: a message never
 * overtakes an earlier one on the same link (master <-> one agent, master <->
 * one framework), so with drawn latencies a message arrives at
 * max(now + latency, arrival of the previous message on its link). With
 * every latency of a direction constant and equal, this is automatic and no
 * per-link state is kept.
 *
 * @module
 */
import type { Scheduler, SimTime } from '../core/simulation.js';
import type { Random } from '../core/random.js';
import { sampler, type DistributionSpec, type Sampler } from '../workload/distributions.js';
import type { SimEvent, SimEventKind } from '../model/events/sim-event.js';
import { refill } from '../core/refill.js';

/** The four directions a message travels in. */
export type Direction = 'masterToFramework' | 'frameworkToMaster' | 'masterToAgent' | 'agentToMaster';

export const DIRECTIONS: readonly Direction[] = ['masterToFramework', 'frameworkToMaster', 'masterToAgent', 'agentToMaster'];

/**
 * Every message kind, by the name scenario files use for it: the event it
 * is delivered as, and its direction.
 */
export const MESSAGES = {
  offers: { event: 'offers-received', direction: 'masterToFramework' },
  rescind_offer: { event: 'offer-rescinded', direction: 'masterToFramework' },
  status_update: { event: 'status-update', direction: 'masterToFramework' },
  launch_failed: { event: 'launch-failed', direction: 'masterToFramework' },
  inverse_offers: { event: 'inverse-offers-received', direction: 'masterToFramework' },
  subscribe: { event: 'subscribe', direction: 'frameworkToMaster' },
  accept: { event: 'offer-answers', direction: 'frameworkToMaster' },
  suppress: { event: 'suppress', direction: 'frameworkToMaster' },
  revive: { event: 'revive', direction: 'frameworkToMaster' },
  request: { event: 'request', direction: 'frameworkToMaster' },
  kill: { event: 'kill-task', direction: 'frameworkToMaster' },
  accept_inverse_offers: { event: 'inverse-offer-answers', direction: 'frameworkToMaster' },
  run_task: { event: 'task-launch', direction: 'masterToAgent' },
  kill_task: { event: 'task-kill', direction: 'masterToAgent' },
  drain_agent: { event: 'drain-agent', direction: 'masterToAgent' },
  agent_status_update: { event: 'task-status', direction: 'agentToMaster' },
  register_agent: { event: 'agent-registration', direction: 'agentToMaster' },
  // Master failover (see docs/faults.md)
  subscribed: { event: 'subscribed', direction: 'masterToFramework' },
  reregister_agent: { event: 'reregister-agent', direction: 'agentToMaster' },
  agent_reregistered: { event: 'agent-reregistered', direction: 'masterToAgent' },
} as const satisfies Record<string, { event: SimEventKind; direction: Direction }>;

export type MessageName = keyof typeof MESSAGES;
export const MESSAGE_NAMES = Object.keys(MESSAGES) as MessageName[];

/** A message event: one of the kinds in MESSAGES. */
export type Message = Extract<SimEvent, { kind: (typeof MESSAGES)[MessageName]['event'] }>;

/** Latency settings: one per direction, and optional overrides per message kind. */
export interface LatencyConfig {
  readonly masterToFramework: DistributionSpec;
  readonly frameworkToMaster: DistributionSpec;
  readonly masterToAgent: DistributionSpec;
  readonly agentToMaster: DistributionSpec;
  readonly messages?: { readonly [K in MessageName]?: DistributionSpec | undefined };
}

/** The agent whose link to the master a message travels on, or -1 (a framework's link). */
export function agentOf(m: Message): number {
  switch (m.kind) {
    case 'task-launch':
    case 'task-kill':
    case 'task-status':
      return m.task.agent;
    case 'drain-agent':
    case 'agent-registration':
    case 'reregister-agent':
    case 'agent-reregistered':
      return m.agent;
    default:
      return -1;
  }
}

/** Which agent or framework a message's link connects the master to. */
function endpoint(m: Message): number {
  return 'framework' in m ? m.framework : agentOf(m);
}

const BY_EVENT = new Map<SimEventKind, { name: MessageName; direction: Direction }>(
  MESSAGE_NAMES.map((name) => [MESSAGES[name].event, { name, direction: MESSAGES[name].direction }]),
);

/**
 * Takes a message off the wire as it is sent (a partition holding it):
 * returns true when it took the message, which it then delivers itself, at
 * or after `arrival` (its arrival time on a healthy link), or drops.
 */
export type Gate = (message: Message, arrival: SimTime) => boolean;

export class Network {
  /** The latency sampler of each message event kind. */
  readonly #latency = new Map<SimEventKind, Sampler>();
  /** Per direction, the arrival time of the last message on each link; absent when the direction needs no ordering. */
  readonly #lastArrival = new Map<Direction, Map<number, SimTime>>();
  #gate: Gate | undefined;

  constructor(
    config: LatencyConfig,
    random: Random,
    private readonly sim: Scheduler<SimEvent>,
  ) {
    const byDirection = new Map(DIRECTIONS.map((d) => [d, sampler(config[d], random)]));
    const values = new Map<Direction, Set<number>>();
    for (const name of MESSAGE_NAMES) {
      const { event, direction } = MESSAGES[name];
      const own = config.messages?.[name];
      const s = own === undefined ? byDirection.get(direction)! : sampler(own, random);
      this.#latency.set(event, s);
      const seen = values.get(direction) ?? new Set<number>();
      // A drawn latency counts as a value of its own, so the direction needs ordering.
      seen.add(s.constant ? s.sample() : NaN);
      values.set(direction, seen);
    }
    for (const [direction, seen] of values) {
      if (seen.size > 1 || seen.has(NaN)) this.#lastArrival.set(direction, new Map());
    }
  }

  /** Sends a message: it is delivered after its latency, never before an earlier message on its link. */
  send(message: Message): void {
    const latency = this.#latency.get(message.kind)!;
    const delay = latency.constant ? latency.sample() : Math.max(0, latency.sample());
    const links = this.#lastArrival.get(BY_EVENT.get(message.kind)!.direction);
    if (links === undefined) {
      if (this.#gate !== undefined && this.#gate(message, this.sim.now + delay)) return;
      return this.sim.schedule(delay, message);
    }
    const link = endpoint(message);
    const arrival = Math.max(this.sim.now + delay, links.get(link) ?? 0);
    links.set(link, arrival);
    if (this.#gate !== undefined && this.#gate(message, arrival)) return;
    this.sim.scheduleAt(arrival, message);
  }

  /** Installs the gate every message passes as it is sent (one at most; see Gate). */
  setGate(gate: Gate): void {
    this.#gate = gate;
  }

  /** Its state as data (src/checkpoint/snapshot.ts): each ordered link's last arrival (the latencies draw from the run's random streams). */
  saveState(): { readonly lastArrival: ReadonlyMap<Direction, Map<number, SimTime>> } {
    return { lastArrival: this.#lastArrival };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<Network['saveState']>): void {
    if ([...s.lastArrival.keys()].join() !== [...this.#lastArrival.keys()].join()) throw new RangeError('network: other ordered directions');
    refill(this.#lastArrival, s.lastArrival);
  }
}
