/**
 * Utilization, integrated exactly: the cluster's sums only change when an
 * event is handled, so `integrate(now)` (called before each event) adds the
 * sums as they stood, times the seconds since the previous call that fall in
 * the measurement window. Integrals are in milli-units × seconds.
 *
 * Also the resource-seconds of offers: all that was offered (the offered
 * integral) and the part of it returned unused (`addUnused`). And the rows of
 * utilization.csv and prices.csv at each sample. It reads the cluster's sums
 * and never changes them.
 *
 * @module
 */
import type { SimTime } from '../core/event-queue.js';
import { fromMilli, type Quantities, type ResourceSpace } from '../model/resources.js';
import type { TableSink } from './sinks.js';
import type { MeasurementWindow } from './window.js';
import { refill } from '../core/refill.js';

/** What utilization reads of the cluster (milli-units): the master's sums, and what tasks really use. */
export interface UtilizationSource {
  readonly total: Quantities;
  readonly offered: Quantities;
  readonly allocated: Quantities;
  /** What running tasks really use, when usage is modelled (an isolation mode); else undefined. */
  readonly used: Quantities | undefined;
  /** Each pool's current unit price; undefined when the allocator sets no prices. */
  poolPrices(): ReadonlyMap<string, number> | undefined;
}

/** Resource name -> resource-seconds, in the resource's unit. */
export type ResourceSeconds = Record<string, number>;

export interface ResourceUtilization {
  /** ∫allocated dt / ∫total dt over the run: the time-weighted mean fraction allocated to tasks. */
  readonly allocated_mean: number | null;
  /** ∫offered dt / ∫total dt: the time-weighted mean fraction held in outstanding offers. */
  readonly offered_mean: number | null;
  /** ∫used dt / ∫total dt, only when usage is modelled: what tasks really used. */
  readonly used_mean?: number | null;
}

export class Utilization {
  /** The time integrated up to. */
  #last: SimTime = 0;
  readonly #allocated: Float64Array;
  readonly #offered: Float64Array;
  readonly #total: Float64Array;
  /** With usage modelled only. */
  readonly #used: Float64Array | undefined;
  /** Unused offered resource-seconds within the window, per resource. */
  readonly #unused: Float64Array;
  #pricesHeader = false;

  constructor(
    private readonly space: ResourceSpace,
    private readonly cluster: UtilizationSource,
    private readonly sinks: { readonly utilization: TableSink; readonly prices?: TableSink | undefined },
    private readonly window: MeasurementWindow,
    usage: boolean,
  ) {
    this.#allocated = new Float64Array(space.size);
    this.#offered = new Float64Array(space.size);
    this.#total = new Float64Array(space.size);
    this.#unused = new Float64Array(space.size);
    this.#used = usage ? new Float64Array(space.size) : undefined;
    sinks.utilization.header(['time', 'resource', 'allocated', 'total', 'offered', ...(usage ? ['used'] : [])]);
  }

  /** Adds the sums as they stand for the time since the last call, up to `now`. */
  integrate(now: SimTime): void {
    const dt = this.window.overlap(this.#last, now);
    this.#last = Math.max(this.#last, now);
    if (dt <= 0) return;
    const { total, offered, allocated } = this.cluster;
    for (let i = 0; i < total.length; i++) {
      this.#total[i]! += total[i]! * dt;
      this.#offered[i]! += offered[i]! * dt;
      this.#allocated[i]! += allocated[i]! * dt;
    }
    const used = this.#used === undefined ? undefined : this.cluster.used;
    if (used !== undefined) for (let i = 0; i < used.length; i++) this.#used![i]! += used[i]! * dt;
  }

  /** Writes the sample's rows: one per resource to utilization.csv, one per pool to prices.csv (when priced). */
  sample(time: SimTime): void {
    const { total, offered, allocated } = this.cluster;
    const used = this.#used === undefined ? undefined : this.cluster.used;
    for (let i = 0; i < total.length; i++) {
      const cells = [time, this.space.names[i]!, fromMilli(allocated[i]!), fromMilli(total[i]!), fromMilli(offered[i]!)];
      if (this.#used !== undefined) cells.push(used === undefined ? 0 : fromMilli(used[i]!));
      this.sinks.utilization.row(cells);
    }
    const prices = this.sinks.prices === undefined ? undefined : this.cluster.poolPrices();
    if (prices === undefined) return;
    if (!this.#pricesHeader) {
      this.sinks.prices!.header(['time', 'pool', 'price']);
      this.#pricesHeader = true;
    }
    for (const [pool, price] of prices) this.sinks.prices!.row([time, pool, price]);
  }

  /** Adds `unused` (milli-units) held from `from` to `to` (clipped to the window) to the unused offered resource-seconds. */
  addUnused(unused: Quantities, from: SimTime, to: SimTime): void {
    const dt = this.window.overlap(from, to);
    if (dt <= 0) return;
    for (let i = 0; i < unused.length; i++) this.#unused[i]! += unused[i]! * dt;
  }

  /** Time-weighted mean fractions by resource name; null for a resource the cluster never had. */
  figures(): Record<string, ResourceUtilization> {
    const utilization: Record<string, ResourceUtilization> = {};
    this.space.names.forEach((name, i) => {
      const t = this.#total[i]!;
      utilization[name] = {
        allocated_mean: t > 0 ? this.#allocated[i]! / t : null,
        offered_mean: t > 0 ? this.#offered[i]! / t : null,
        ...(this.#used !== undefined ? { used_mean: t > 0 ? this.#used[i]! / t : null } : {}),
      };
    });
    return utilization;
  }

  /** Resource-seconds held in offers, within the window. */
  lockedResourceSeconds(): ResourceSeconds {
    return this.#byResource(this.#offered);
  }

  /** The part of it returned unused. */
  unusedResourceSeconds(): ResourceSeconds {
    return this.#byResource(this.#unused);
  }

  /** Milli-unit integrals as resource-seconds in each resource's unit. */
  #byResource(integral: Float64Array): ResourceSeconds {
    return Object.fromEntries(this.space.names.map((n, i) => [n, fromMilli(integral[i]!)]));
  }

  /** Its state as data (src/checkpoint/snapshot.ts). */
  saveState() {
    return { last: this.#last, allocated: this.#allocated, offered: this.#offered, total: this.#total, used: this.#used, unused: this.#unused, pricesHeader: this.#pricesHeader };
  }

  /** Takes a saveState() in place of its own. */
  loadState(s: ReturnType<Utilization['saveState']>): void {
    this.#last = s.last;
    refill(this.#allocated, s.allocated);
    refill(this.#offered, s.offered);
    refill(this.#total, s.total);
    if (this.#used !== undefined) refill(this.#used, s.used);
    refill(this.#unused, s.unused);
    this.#pricesHeader = s.pricesHeader;
  }
}
