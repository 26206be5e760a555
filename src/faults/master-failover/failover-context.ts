/**
 * What the master failover model works with: the parts of a world it acts
 * on, and the registration back-off that agents and scheduler drivers share.
 *
 * @module
 */
import type { Random } from '../../core/random.js';
import { num, refill } from '../../core/refill.js';
import type { FaultContext } from '../../cluster/fault-context.js';
import type { Scheduler, SimTime } from '../../core/simulation.js';
import type { FrameworkScheduler } from '../../framework/scheduler.js';
import type { SimEvent } from '../../model/events/sim-event.js';
import type { Message } from '../../master/network.js';
import type { FaultEvent } from '../../model/fault-event.js';
import type { TaskReports } from '../../model/task-reports.js';

export interface FailoverContext extends Pick<FaultContext, 'master' | 'network' | 'random' | 'report'> {
  readonly sim: Scheduler<SimEvent>;
  /** Each framework's scheduler, by framework index. */
  readonly schedulers: readonly FrameworkScheduler[];
  /** Where the tasks it ends are reported (their frameworks, then the observer). */
  readonly tasks: TaskReports;
}

/** What a reconnection keeps across events: the leader followed, who holds its acknowledgement, the messages kept. */
export interface ReconnectionState {
  readonly epoch: number;
  readonly electedAt: SimTime;
  readonly acked: ReadonlySet<number>;
  readonly kept: ReadonlyMap<number, Message[]>;
}

/** Reports a fault now. */
export function report(ctx: FailoverContext, event: FaultEvent): void {
  ctx.report(event);
}

/** Mesos caps registration retries at one minute (agents and scheduler drivers alike). */
export const RETRY_MAX = 60;

/**
 * Mesos's reliable registration: after an attempt, the next one is made
 * after a delay drawn uniformly from [0, bound], bound = min(backoff, 1 min),
 * and the one after that with twice the bound. Returns [delay, next backoff].
 */
export function retryAfter(backoff: number, random: Random): [number, number] {
  const bound = Math.min(backoff, RETRY_MAX);
  return [bound * random.next(), bound * 2];
}

/**
 * What agents and scheduler drivers share across failovers: the leader they
 * follow (its epoch and election time), who holds its acknowledgement, and a
 * random stream for their back-offs.
 */
export abstract class Reconnection {
  /** The epoch of the leader followed. */
  protected epoch = 0;
  protected electedAt: SimTime = 0;
  /** Those holding the followed leader's acknowledgement. */
  protected readonly acked = new Set<number>();
  /** By agent or framework: messages to the master it keeps until acknowledged, to send them again. */
  protected readonly kept = new Map<number, Message[]>();
  protected readonly random: Random;

  constructor(
    protected readonly ctx: FailoverContext,
    stream: string,
  ) {
    this.random = ctx.random.stream(stream);
  }

  /** A leader is elected: follow it. */
  protected follow(epoch: number): void {
    this.epoch = epoch;
    this.electedAt = this.ctx.sim.now;
  }

  /** True when something of `epoch` concerns a leader that is gone, or no master leads. */
  protected stale(epoch: number): boolean {
    return epoch !== this.epoch || !this.ctx.master.leading;
  }

  protected keep(id: number, message: Message): void {
    const list = this.kept.get(id);
    if (list === undefined) this.kept.set(id, [message]);
    else list.push(message);
  }

  /** What every reconnection keeps, as data (src/checkpoint/snapshot.ts). */
  protected saveCommon(): ReconnectionState {
    return { epoch: this.epoch, electedAt: this.electedAt, acked: this.acked, kept: this.kept };
  }

  /** Takes a saveCommon() in place of its own. */
  protected loadCommon(s: ReconnectionState): void {
    this.epoch = num(s.epoch, 'reconnection: epoch');
    this.electedAt = num(s.electedAt, 'reconnection: elected at');
    refill(this.acked, s.acked);
    refill(this.kept, s.kept);
  }

  /** The followed leader's acknowledgement has arrived: the messages kept go out again. */
  acknowledged(id: number, epoch: number): void {
    if (this.stale(epoch)) return;
    this.acked.add(id);
    const kept = this.kept.get(id);
    if (kept === undefined) return;
    this.kept.delete(id);
    for (const m of kept) this.ctx.network.send(m);
  }
}
