/**
 * Summary figures of agent failures and partitions, computed from the fault
 * events alone (from outside the model): summary.json `faults.agents`.
 *
 * @module
 */
import type { SimTime } from '../../core/event-queue.js';
import type { FaultEvent } from '../../model/fault-event.js';
import { Samples, type Distribution } from '../../metrics/stats.js';
import { num, record, refill } from '../../core/refill.js';

export interface AgentFaultFigures {
  /** agent-failed events. */
  readonly failures: number;
  /** agent-repaired events. */
  readonly repairs: number;
  /** Agent-seconds down: from each failure to its repair, or to the end of the run. */
  readonly down_agent_seconds: number;
  /** Seconds from an agent's failure to the master marking it unreachable (failures the health checks caught). */
  readonly detection_delay: Distribution;
  /** agent-unreachable events (failures and partitions). */
  readonly unreachable: number;
  /** Agent-seconds out of the cluster: from being marked unreachable to registering again, or to the end of the run. */
  readonly unreachable_agent_seconds: number;
  /** agent-reregistered events. */
  readonly reregistrations: number;
  /** partition-started events. */
  readonly partitions: number;
  /** Agent-seconds cut off by partitions: each partition's agents times its length (to the end of the run). */
  readonly partitioned_agent_seconds: number;
}

/** The collector's state as data. */
export interface AgentFiguresState {
  readonly failedAt: ReadonlyMap<number, SimTime>;
  readonly unreachableAt: ReadonlyMap<number, SimTime>;
  readonly cut: ReadonlyMap<string, { at: SimTime; agents: number }>;
  readonly undetected: ReadonlyMap<number, SimTime>;
  readonly delays: Float64Array;
  readonly counts: Readonly<Record<string, number>>;
}

export class AgentFaultFigureCollector {
  readonly #failedAt = new Map<number, SimTime>();
  readonly #unreachableAt = new Map<number, SimTime>();
  /** Open partitions by detail: start time and number of agents. */
  readonly #cut = new Map<string, { at: SimTime; agents: number }>();
  /** Agents failed and not yet seen unreachable or registered again: their failure time. */
  readonly #undetected = new Map<number, SimTime>();
  readonly #delays = new Samples();
  #failures = 0;
  #repairs = 0;
  #down = 0;
  #unreachable = 0;
  #out = 0;
  #reregistrations = 0;
  #partitions = 0;
  #partitioned = 0;

  fault(e: FaultEvent, now: SimTime): void {
    const agent = e.agent ?? -1;
    switch (e.kind) {
      case 'agent-failed':
        this.#failures++;
        this.#failedAt.set(agent, now);
        this.#undetected.set(agent, now);
        return;
      case 'agent-repaired':
        this.#repairs++;
        this.#down += now - (this.#failedAt.get(agent) ?? now);
        this.#failedAt.delete(agent);
        return;
      case 'agent-unreachable': {
        this.#unreachable++;
        this.#unreachableAt.set(agent, now);
        const failed = this.#undetected.get(agent);
        if (failed !== undefined && e.detail === 'failed') this.#delays.push(now - failed);
        this.#undetected.delete(agent);
        return;
      }
      case 'agent-reregistered':
        this.#reregistrations++;
        this.#out += now - (this.#unreachableAt.get(agent) ?? now);
        this.#unreachableAt.delete(agent);
        this.#undetected.delete(agent);
        return;
      case 'partition-started':
        this.#partitions++;
        this.#cut.set(e.detail ?? '', { at: now, agents: e.value ?? 0 });
        return;
      case 'partition-healed': {
        const p = this.#cut.get(e.detail ?? '');
        if (p !== undefined) this.#partitioned += (now - p.at) * p.agents;
        this.#cut.delete(e.detail ?? '');
        return;
      }
      default:
        return;
    }
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState(): AgentFiguresState {
    const counts = { failures: this.#failures, repairs: this.#repairs, down: this.#down, unreachable: this.#unreachable, out: this.#out };
    return {
      ...{ failedAt: this.#failedAt, unreachableAt: this.#unreachableAt, cut: this.#cut, undetected: this.#undetected, delays: this.#delays.saveState() },
      counts: { ...counts, reregistrations: this.#reregistrations, partitions: this.#partitions, partitioned: this.#partitioned },
    };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: AgentFiguresState): void {
    refill(this.#failedAt, s.failedAt);
    refill(this.#unreachableAt, s.unreachableAt);
    refill(this.#cut, s.cut);
    refill(this.#undetected, s.undetected);
    if (!(s.delays instanceof Float64Array)) throw new TypeError('agent fault figures: detection delays, a Float64Array');
    this.#delays.loadState(s.delays);
    const c = record(s.counts, 'agent fault figures: counts');
    const n = (k: string): number => num(c[k], `agent fault figures: ${k}`);
    [this.#failures, this.#repairs, this.#down, this.#unreachable, this.#out] = [n('failures'), n('repairs'), n('down'), n('unreachable'), n('out')];
    [this.#reregistrations, this.#partitions, this.#partitioned] = [n('reregistrations'), n('partitions'), n('partitioned')];
  }

  /** The figures, with what is still down, out or cut counted to `end`. */
  finish(end: SimTime): AgentFaultFigures {
    let down = this.#down;
    for (const at of this.#failedAt.values()) down += end - at;
    let out = this.#out;
    for (const at of this.#unreachableAt.values()) out += end - at;
    let partitioned = this.#partitioned;
    for (const p of this.#cut.values()) partitioned += (end - p.at) * p.agents;
    return {
      failures: this.#failures,
      repairs: this.#repairs,
      down_agent_seconds: down,
      detection_delay: this.#delays.describe(),
      unreachable: this.#unreachable,
      unreachable_agent_seconds: out,
      reregistrations: this.#reregistrations,
      partitions: this.#partitions,
      partitioned_agent_seconds: partitioned,
    };
  }
}
