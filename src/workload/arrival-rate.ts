/**
 * Time-varying arrival rates, and exact sampling of the non-homogeneous
 * Poisson process they define.
 *
 *     rate(t) = base(t) × (1 + amplitude × sin(2π (t − phase) / period)) × Π bursts(t)
 *
 * `base(t)` is the constant `rate`, or the piecewise-constant `schedule`
 * (each step holds from its `from` until the next; 0 before the first). Each
 * burst multiplies the rate by its `multiplier` on [from, to); overlapping
 * bursts multiply. Without `diurnal` the middle factor is 1. Times are
 * absolute simulated seconds.
 *
 * Sampling is by inverting the integrated rate Λ(t) = ∫ rate: if E1, E2, ...
 * are unit exponentials, the times t_k with Λ(t_k) − Λ(t_(k−1)) = E_k form the
 * Poisson process of intensity rate(t) (the time-change theorem). Λ is known
 * in closed form (piecewise constant times 1 + A sin); inside a piece the
 * equation is solved by safeguarded Newton iteration to a few ulps. Each arrival
 * consumes exactly one uniform, so the process is deterministic per seed, and
 * two rate functions given the same stream see the same unit-rate points.
 *
 * @module
 */
import { bisectRight } from 'd3-array';

/** One step of a piecewise-constant rate schedule: `rate` jobs/s from `from` until the next step. */
export interface RateStep {
  readonly from: number;
  readonly rate: number;
}

/** A sinusoidal cycle: amplitude in [0, 1], period > 0 seconds, phase in seconds. */
export interface Diurnal {
  readonly amplitude: number;
  readonly period: number;
  readonly phase: number;
}

/** The rate is multiplied by `multiplier` (>= 0) on [from, to). */
export interface Burst {
  readonly from: number;
  readonly to: number;
  readonly multiplier: number;
}

/** Exactly one of `rate` and `schedule`; `diurnal` and `bursts` optional. */
export interface RateSpec {
  readonly rate?: number | undefined;
  readonly schedule?: readonly RateStep[] | undefined;
  readonly diurnal?: Diurnal | undefined;
  readonly bursts?: readonly Burst[] | undefined;
}

/** True when `spec` is a constant rate (no schedule, cycle or bursts). */
export function isHomogeneous(spec: RateSpec): boolean {
  return spec.schedule === undefined && spec.diurnal === undefined && (spec.bursts?.length ?? 0) === 0;
}

/** A piece [from, to) on which the rate is `factor` × (1 + A sin(...)). */
interface Piece {
  readonly from: number;
  readonly to: number;
  readonly factor: number;
}

export class ArrivalRate {
  private readonly pieces: Piece[];
  private readonly starts: number[];
  private readonly amplitude: number;
  private readonly omega: number;
  private readonly phase: number;

  /** Throws on invalid parameters (see the module comment for their ranges). */
  constructor(spec: RateSpec) {
    const { rate, schedule, diurnal, bursts = [] } = spec;
    if ((rate === undefined) === (schedule === undefined)) throw new Error('arrival needs exactly one of rate and schedule');
    if (rate !== undefined && !(rate > 0 && Number.isFinite(rate))) throw new Error(`poisson rate must be > 0, got ${rate}`);
    const steps = schedule ?? [];
    steps.forEach((s, i) => {
      if (!(s.rate >= 0 && Number.isFinite(s.rate))) throw new Error(`schedule rate must be >= 0, got ${s.rate}`);
      if (!Number.isFinite(s.from) || (i > 0 && !(s.from > steps[i - 1]!.from))) throw new Error(`schedule 'from' times must increase, got ${s.from}`);
    });
    if (schedule !== undefined && !steps.some((s) => s.rate > 0)) throw new Error('schedule needs a rate > 0');
    for (const b of bursts) {
      if (!(b.to > b.from) || !Number.isFinite(b.from) || !Number.isFinite(b.to)) throw new Error(`burst needs from < to, got ${b.from} and ${b.to}`);
      if (!(b.multiplier >= 0 && Number.isFinite(b.multiplier))) throw new Error(`burst multiplier must be >= 0, got ${b.multiplier}`);
    }
    const amplitude = diurnal?.amplitude ?? 0;
    if (!(amplitude >= 0 && amplitude <= 1)) throw new Error(`diurnal amplitude must be in [0, 1], got ${amplitude}`);
    const period = diurnal?.period ?? 1;
    if (!(period > 0 && Number.isFinite(period))) throw new Error(`diurnal period must be > 0, got ${period}`);
    this.amplitude = amplitude;
    this.omega = (2 * Math.PI) / period;
    this.phase = diurnal?.phase ?? 0;

    const cuts = [...new Set([...steps.map((s) => s.from), ...bursts.flatMap((b) => [b.from, b.to])])].sort((a, b) => a - b);
    const bounds = [-Infinity, ...cuts, Infinity];
    const baseAt = (t: number): number => {
      if (rate !== undefined) return rate;
      let r = 0;
      for (const s of steps) if (s.from <= t) r = s.rate;
      return r;
    };
    this.pieces = bounds.slice(0, -1).map((from, i) => {
      let factor = baseAt(from);
      for (const b of bursts) if (b.from <= from && from < b.to) factor *= b.multiplier;
      return { from, to: bounds[i + 1]!, factor };
    });
    this.starts = this.pieces.map((p) => p.from);
  }

  /** The rate at time t, jobs per second. */
  at(t: number): number {
    return this.pieceAt(t).factor * this.cycle(t);
  }

  /** ∫ rate over [a, b], the expected number of arrivals in it (a <= b). */
  integral(a: number, b: number): number {
    let total = 0;
    for (let i = this.indexAt(a); i < this.pieces.length && this.pieces[i]!.from < b; i++) {
      const p = this.pieces[i]!;
      if (p.factor > 0) total += p.factor * this.cycleIntegral(Math.max(a, p.from), Math.min(b, p.to));
    }
    return total;
  }

  /** The time t >= from with ∫ rate over [from, t] = mass (> 0); Infinity when the rate never supplies it. */
  advance(from: number, mass: number): number {
    let remaining = mass;
    for (let i = this.indexAt(from); i < this.pieces.length; i++) {
      const p = this.pieces[i]!;
      if (p.factor === 0) continue;
      const lo = Math.max(from, p.from);
      const inPiece = p.to === Infinity ? Infinity : p.factor * this.cycleIntegral(lo, p.to);
      if (remaining <= inPiece) return this.solve(lo, p.to, remaining / p.factor);
      remaining -= inPiece;
    }
    return Infinity;
  }

  /**
   * The t in [lo, hi] with cycleIntegral(lo, t) = target: Newton's method on
   * the increasing function, kept inside a shrinking bracket (a step that
   * would leave it bisects instead), until the step or the bracket is a few ulps.
   */
  private solve(lo: number, hi: number, target: number): number {
    if (this.amplitude === 0) return Math.min(hi, lo + target);
    // cycleIntegral(lo, t) = (t - lo) - (A/ω)(cos(ω(t-φ)) - cos(ω(lo-φ))), so t - lo is within 2A/ω of target.
    const slack = (2 * this.amplitude) / this.omega;
    let l = Math.max(lo, lo + target - slack);
    let h = Math.min(hi, lo + target + slack);
    let t = Math.min(h, Math.max(l, lo + target));
    for (let k = 0; k < 200; k++) {
      const f = this.cycleIntegral(lo, t) - target;
      if (f === 0) return t;
      if (f < 0) l = t;
      else h = t;
      const tolerance = 4 * Number.EPSILON * Math.max(1, Math.abs(t));
      const next = t - f / this.cycle(t);
      if (next > l && next < h) {
        if (Math.abs(next - t) <= tolerance) return next;
        t = next;
      } else {
        t = l + (h - l) / 2;
      }
      if (t <= l || t >= h || h - l <= tolerance) break;
    }
    return h;
  }

  /** ∫ (1 + A sin(ω(t − φ))) dt over [a, b]. */
  private cycleIntegral(a: number, b: number): number {
    if (this.amplitude === 0) return b - a;
    const w = this.omega;
    return b - a - (this.amplitude / w) * (Math.cos(w * (b - this.phase)) - Math.cos(w * (a - this.phase)));
  }

  private cycle(t: number): number {
    return 1 + this.amplitude * Math.sin(this.omega * (t - this.phase));
  }

  /** The last piece starting at or before t (the first starts at -Infinity). */
  private indexAt(t: number): number {
    return bisectRight(this.starts, t) - 1;
  }

  private pieceAt(t: number): Piece {
    return this.pieces[this.indexAt(t)]!;
  }
}
