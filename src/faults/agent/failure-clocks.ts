/**
 * The random draws of failure processes: for each unit of each process, its
 * times to failure and to repair, from a random stream of its own
 * (`faults/agents/<unit name>`), so that one unit's failures do not move
 * another's. Times are seconds.
 *
 * @module
 */
import type { RandomSource } from '../../core/random.js';
import { sampler, type Sampler } from '../../workload/distributions.js';
import type { FailureProcess } from './spec.js';

interface UnitClock {
  readonly toFailure: Sampler;
  readonly toRepair: Sampler;
}

export class FailureClocks {
  readonly #clocks: UnitClock[][];

  constructor(processes: readonly FailureProcess[], random: RandomSource) {
    this.#clocks = processes.map((p) =>
      p.units.map((u) => {
        const stream = random.stream(`faults/agents/${u.name}`);
        return { toFailure: sampler(p.timeToFailure, stream), toRepair: sampler(p.repair, stream) };
      }),
    );
  }

  /** Seconds the unit stays up, from now. */
  timeToFailure(process: number, unit: number): number {
    return Math.max(0, this.#clocks[process]![unit]!.toFailure.sample());
  }

  /** Seconds until the unit, failed now, is repaired. */
  timeToRepair(process: number, unit: number): number {
    return Math.max(0, this.#clocks[process]![unit]!.toRepair.sample());
  }
}
