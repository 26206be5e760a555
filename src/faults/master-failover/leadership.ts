/**
 * The masters and their ZooKeeper leader election, as Mesos's contender and
 * detector use it: which master leads, which stand by, and when a new leader
 * is elected. Nothing here knows about agents or frameworks: the failover
 * model (master-failover.ts) is told of each change through `LeadershipEvents`.
 *
 * There are `1 + standbys` masters, named by index; master 0 leads from the
 * start (epoch 0). The leader fails at scripted times and, with `mtbf`, after
 * an exponential time (mean `mtbf` seconds) from its election, drawn from the
 * `faults/master` stream. Its ZooKeeper session expires `sessionTimeout`
 * seconds after the failure (Mesos's --zk_session_timeout); then the standby
 * that has waited longest wins an election taking `election` seconds (drawn
 * per election from `faults/master/election`). A failed master comes back
 * `repair` seconds after its failure (drawn from `faults/master/repair`; null:
 * never) and joins the end of the standby line; while no standby is up, the
 * election waits for one. Only the leader fails: standbys do not.
 *
 * A scripted failure at a time when no master leads (an election is under
 * way) fails nobody; it is counted in `skipped`.
 *
 * @module
 */
import type { Scheduler, SimTime } from '../../core/simulation.js';
import type { RandomSource } from '../../core/random.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import { sampler, type DistributionSpec, type Sampler } from '../../workload/distributions.js';
import type { FailoverStep } from '../../model/events/sim-event.js';
import { bool, num, refill } from '../../core/refill.js';

export interface LeadershipSpec {
  /** Times (s) at which the leading master fails. */
  readonly failures: readonly SimTime[];
  /** Mean seconds from an election to the leader's next failure (exponential); undefined: none drawn. */
  readonly mtbf: number | undefined;
  /** Masters besides the leader (integer >= 0). */
  readonly standbys: number;
  /** Seconds from a failure to the expiry of the leader's ZooKeeper session (> 0). */
  readonly sessionTimeout: number;
  /** Seconds the election takes once the session has expired. */
  readonly election: DistributionSpec;
  /** Seconds from a master's failure until it is back as a standby; null: never. */
  readonly repair: DistributionSpec | null;
}

/** What the failover model hears of the election. Called during the step's event. */
export interface LeadershipEvents {
  failed(master: number, cause: 'scripted' | 'random'): void;
  sessionExpired(master: number): void;
  elected(master: number, epoch: number): void;
  repaired(master: number): void;
}

export class Leadership {
  #leader: number | undefined = 0;
  #epoch = 0;
  /** Masters up and not leading, longest-waiting first. */
  readonly #standbys: number[];
  /** The last leader's session has expired, so an election may start. */
  #expired = true;
  #electing = false;
  /** Scripted failures that found no leader. */
  skipped = 0;
  readonly #election: Sampler;
  readonly #repair: Sampler | undefined;
  readonly #lifetime: Sampler | undefined;

  constructor(
    private readonly spec: LeadershipSpec,
    random: RandomSource,
    private readonly sim: Scheduler<SimEvent>,
    private readonly events: LeadershipEvents,
  ) {
    this.#standbys = Array.from({ length: spec.standbys }, (_, k) => k + 1);
    this.#election = sampler(spec.election, random.stream('faults/master/election'));
    this.#repair = spec.repair === null ? undefined : sampler(spec.repair, random.stream('faults/master/repair'));
    this.#lifetime = spec.mtbf === undefined ? undefined : sampler({ dist: 'exponential', mean: spec.mtbf }, random.stream('faults/master'));
  }

  /** The leading master, or undefined while there is none. */
  get leader(): number | undefined {
    return this.#leader;
  }

  /** Elections so far (the current leader's epoch). */
  get epoch(): number {
    return this.#epoch;
  }

  /** Schedules the scripted failures and the first leader's random one. */
  start(): void {
    for (const at of this.spec.failures) this.sim.scheduleAt(at, step({ kind: 'fail', epoch: undefined }));
    this.#drawFailure();
  }

  /** Its state as data (src/checkpoint/snapshot.ts); its samplers' draws are the random streams'. */
  saveState(): { readonly leader: number | undefined; readonly epoch: number; readonly standbys: readonly number[]; readonly expired: boolean; readonly electing: boolean; readonly skipped: number } {
    return { leader: this.#leader, epoch: this.#epoch, standbys: this.#standbys, expired: this.#expired, electing: this.#electing, skipped: this.skipped };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<Leadership['saveState']>): void {
    if (s.leader !== undefined) num(s.leader, 'leadership: leader');
    this.#leader = s.leader;
    this.#epoch = num(s.epoch, 'leadership: epoch');
    refill(this.#standbys, s.standbys);
    this.#expired = bool(s.expired, 'leadership: expired');
    this.#electing = bool(s.electing, 'leadership: electing');
    this.skipped = num(s.skipped, 'leadership: skipped');
  }

  handle(s: FailoverStep): void {
    switch (s.kind) {
      case 'fail':
        return this.#fail(s.epoch);
      case 'session-expired':
        this.#expired = true;
        this.events.sessionExpired(s.master);
        return this.#maybeElect();
      case 'elected':
        return this.#elect();
      case 'repaired':
        this.#standbys.push(s.master);
        this.events.repaired(s.master);
        return this.#maybeElect();
      default:
        throw new Error(`leadership: not a leadership step: ${s.kind}`);
    }
  }

  #fail(epoch: number | undefined): void {
    const master = this.#leader;
    if (epoch !== undefined && epoch !== this.#epoch) return; // that leader has failed already
    if (master === undefined) {
      this.skipped++;
      return;
    }
    this.#leader = undefined;
    this.#expired = false;
    this.sim.schedule(this.spec.sessionTimeout, step({ kind: 'session-expired', master }));
    if (this.#repair !== undefined) this.sim.schedule(Math.max(0, this.#repair.sample()), step({ kind: 'repaired', master }));
    this.events.failed(master, epoch === undefined ? 'scripted' : 'random');
  }

  #maybeElect(): void {
    if (this.#leader !== undefined || !this.#expired || this.#electing || this.#standbys.length === 0) return;
    this.#electing = true;
    this.sim.schedule(Math.max(0, this.#election.sample()), step({ kind: 'elected' }));
  }

  #elect(): void {
    this.#electing = false;
    this.#leader = this.#standbys.shift()!;
    this.#epoch++;
    this.#drawFailure();
    this.events.elected(this.#leader, this.#epoch);
  }

  #drawFailure(): void {
    if (this.#lifetime !== undefined) this.sim.schedule(this.#lifetime.sample(), step({ kind: 'fail', epoch: this.#epoch }));
  }
}

function step(s: FailoverStep): SimEvent {
  return { kind: 'failover', step: s };
}
