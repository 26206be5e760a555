/**
 * The random draws of failure processes: for each unit of each process, its
 * times to failure and to repair, from a random stream of its own
 * (`faults/agents/<unit name>`), so that one unit's failures do not move
 * another's. Times are seconds.
 *
 * @module
 */
import { resolve } from 'node:path';
import type { RandomSource } from '../core/random.js';
import { readCsvColumn } from '../workload/csv-column.js';
import { sampler, type DistributionSpec, type Sampler } from '../workload/distributions.js';
import type { FailureProcess } from './agent-faults-spec.js';

interface UnitClock {
  readonly toFailure: Sampler;
  readonly toRepair: Sampler;
}

export class FailureClocks {
  readonly #clocks: UnitClock[][];

  constructor(processes: readonly FailureProcess[], random: RandomSource, baseDir: string | undefined) {
    this.#clocks = processes.map((p) => {
      // A CSV column is read once per process, not once per unit.
      const toFailure = inline(p.timeToFailure, baseDir);
      const toRepair = inline(p.repair, baseDir);
      return p.units.map((u) => {
        const stream = random.stream(`faults/agents/${u.name}`);
        return { toFailure: sampler(toFailure, stream), toRepair: sampler(toRepair, stream) };
      });
    });
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

/** An empirical distribution read from a file becomes one with its values inline. */
function inline(spec: DistributionSpec, baseDir: string | undefined): DistributionSpec {
  if (typeof spec === 'number' || spec.dist !== 'empirical' || 'values' in spec) return spec;
  return { dist: 'empirical', values: readCsvColumn(resolve(baseDir ?? '.', spec.file), spec.column), interpolate: spec.interpolate };
}
