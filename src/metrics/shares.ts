/**
 * Dominant shares over time, and Jain's fairness index, sampled with the
 * utilization samples.
 *
 * A dominant share is an allocation's largest fraction of any resource of
 * the cluster (resources the cluster has none of are skipped). The
 * allocation is what the allocator counts, as Mesos's sorters do: resources
 * offered to the framework plus those its tasks use. Roles are top-level
 * roles (their subtree); pools count what their `held` book holds.
 *
 * Jain's index over the active frameworks (registered, holding resources or
 * with tasks waiting) of their weighted dominant shares x = share / weight of
 * their role: J = (Σx)² / (n Σx²), 1 when all are equal, 1/n when one holds
 * everything. Samples with no active framework, or where every active one
 * holds nothing, are left out.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import type { Quantities } from '../model/resources.js';
import type { TableSink } from './sinks.js';
import { refill } from '../core/refill.js';

/** What the sampler reads of the cluster at a sample. */
export interface ShareSource {
  readonly total: Quantities;
  readonly frameworks: number;
  frameworkName(i: number): string;
  /** Offered + allocated to the framework. */
  frameworkAllocation(i: number): Quantities;
  /** Its role's weight. */
  frameworkWeight(i: number): number;
  frameworkRegistered(i: number): boolean;
  /** Top-level roles: path and offered + allocated in the subtree. */
  roles(): Iterable<readonly [string, Quantities]>;
  /** Pools: name and holdings. */
  pools(): Iterable<readonly [string, Quantities]>;
}

export interface FairnessFigures {
  /** Mean over the window's samples of Jain's index; null without a usable sample. */
  readonly jain_mean: number | null;
  readonly jain_min: number | null;
  /** Samples that counted. */
  readonly samples: number;
  /** Jain's index of the frameworks' weighted dominant shares averaged over the window's samples (frameworks active in some sample); null if none. */
  readonly jain_of_means: number | null;
  /** Mean dominant share over the window's samples, by framework, role and pool name. */
  readonly dominant_share_mean: {
    readonly frameworks: Record<string, number>;
    readonly roles: Record<string, number>;
    readonly pools: Record<string, number>;
  };
}

export function dominantShare(allocation: Quantities, total: Quantities): number {
  let best = 0;
  for (let i = 0; i < total.length; i++) {
    const t = total[i]!;
    if (t > 0) {
      const s = allocation[i]! / t;
      if (s > best) best = s;
    }
  }
  return best;
}

/** Jain's index of `xs`; null when empty or all zero. */
export function jainIndex(xs: readonly number[]): number | null {
  let sum = 0;
  let squares = 0;
  for (const x of xs) {
    sum += x;
    squares += x * x;
  }
  return squares > 0 ? (sum * sum) / (xs.length * squares) : null;
}

export class ShareSampler {
  #samples = 0;
  #jainSum = 0;
  #jainMin = Infinity;
  #jainSamples = 0;
  readonly #sums = new Map<string, number>();
  /** Per framework: the sum of its weighted dominant share over the window's samples, and whether it was ever active. */
  readonly #weightedSums: Float64Array;
  readonly #everActive: Uint8Array;

  constructor(
    private readonly source: ShareSource,
    private readonly sink: TableSink | undefined,
    /** Tasks waiting, by framework (for "active"). */
    private readonly pending: (framework: number) => number,
    /** Jain's index at each sample: `time,jain,active_frameworks` (jain empty when it has no value). */
    private readonly jainSink?: TableSink,
  ) {
    sink?.header(['time', 'kind', 'name', 'dominant_share']);
    jainSink?.header(['time', 'jain', 'active_frameworks']);
    this.#weightedSums = new Float64Array(source.frameworks);
    this.#everActive = new Uint8Array(source.frameworks);
  }

  /** Takes a sample at `time`; `counted`: it is in the measurement window. */
  sample(time: SimTime, counted: boolean): void {
    const s = this.source;
    const total = s.total;
    const weighted: number[] = [];
    const add = (kind: string, name: string, share: number) => {
      this.sink?.row([time, kind, name, share]);
      if (counted) this.#sums.set(`${kind}\u0000${name}`, (this.#sums.get(`${kind}\u0000${name}`) ?? 0) + share);
    };
    for (let i = 0; i < s.frameworks; i++) {
      const alloc = s.frameworkAllocation(i);
      const share = dominantShare(alloc, total);
      add('framework', s.frameworkName(i), share);
      const x = share / s.frameworkWeight(i);
      if (s.frameworkRegistered(i) && (share > 0 || this.pending(i) > 0)) {
        weighted.push(x);
        if (counted) this.#everActive[i] = 1;
      }
      if (counted) this.#weightedSums[i]! += x;
    }
    for (const [name, alloc] of s.roles()) add('role', name, dominantShare(alloc, total));
    for (const [name, held] of s.pools()) add('pool', name, dominantShare(held, total));
    const j = jainIndex(weighted);
    this.jainSink?.row([time, j ?? '', weighted.length]);
    if (!counted) return;
    this.#samples++;
    if (j !== null) {
      this.#jainSum += j;
      this.#jainSamples++;
      if (j < this.#jainMin) this.#jainMin = j;
    }
  }

  figures(): FairnessFigures {
    const means = { frameworks: {} as Record<string, number>, roles: {} as Record<string, number>, pools: {} as Record<string, number> };
    const plural = { framework: 'frameworks', role: 'roles', pool: 'pools' } as const;
    for (const [key, sum] of this.#sums) {
      const [kind, name] = key.split('\u0000') as [keyof typeof plural, string];
      means[plural[kind]][name] = sum / this.#samples;
    }
    const weightedMeans: number[] = [];
    this.#everActive.forEach((active, i) => {
      if (active === 1) weightedMeans.push(this.#weightedSums[i]! / this.#samples);
    });
    return {
      jain_of_means: jainIndex(weightedMeans),
      jain_mean: this.#jainSamples > 0 ? this.#jainSum / this.#jainSamples : null,
      jain_min: this.#jainSamples > 0 ? this.#jainMin : null,
      samples: this.#jainSamples,
      dominant_share_mean: means,
    };
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState() {
    return {
      ...{ samples: this.#samples, jainSum: this.#jainSum, jainMin: this.#jainMin, jainSamples: this.#jainSamples },
      ...{ sums: this.#sums, weightedSums: this.#weightedSums, everActive: this.#everActive },
    };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<ShareSampler['saveState']>): void {
    this.#samples = s.samples;
    this.#jainSum = s.jainSum;
    this.#jainMin = s.jainMin;
    this.#jainSamples = s.jainSamples;
    refill(this.#sums, s.sums);
    refill(this.#weightedSums, s.weightedSums);
    refill(this.#everActive, s.everActive);
  }
}
