/**
 * The distributions the Google 2011 generator (generate.ts) draws from, fitted
 * to the bundled job_events shard (traces/google2011/, shard 0 of 500: the
 * trace's first 4,999 s). What the shard cannot give (it has no task_events)
 * is in assumptions.ts, labelled as such.
 *
 * Fitted here, from the jobs first submitted after time 0 (the rows at time 0
 * are the cell's state at the start, not arrivals):
 * - arrivals: the mean and coefficient of variation of the time between
 *   submits, as a two-phase hyperexponential with balanced means (Poisson
 *   when the CV is at most 1);
 * - the scheduling-class mix of those jobs;
 * - the delay from a job's SUBMIT to its SCHEDULE, as its empirical quantiles;
 * - run time (SCHEDULE to the first EVICT, FAIL, FINISH, KILL or LOST), as a
 *   log-normal fitted by maximum likelihood with right-censoring: a job still
 *   running at the shard's last event counts as lasting at least that long;
 * - the mix of end events, and the users (hashed names) weighted by their jobs.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

export interface ShardFit {
  /** Jobs submitted after time 0 that the fit used. */
  readonly jobs: number;
  /** Mean seconds between submits, and their coefficient of variation. */
  readonly interarrivalMean: number;
  readonly interarrivalCv: number;
  /** Scheduling class -> share of jobs. */
  readonly classes: readonly { readonly value: number; readonly weight: number }[];
  /** Submit-to-schedule delay, seconds: quantiles at 0, 1/Q, ..., 1. */
  readonly delayQuantiles: readonly number[];
  /** Log-normal run time: ln(seconds) has mean mu and standard deviation sigma. */
  readonly durationMu: number;
  readonly durationSigma: number;
  /** Jobs whose end the shard shows, and those still running at its last event. */
  readonly durationsSeen: number;
  readonly durationsCensored: number;
  /** End event type (2..6) -> share. */
  readonly ends: readonly { readonly value: number; readonly weight: number }[];
  /** Hashed user names, with their share of the jobs. */
  readonly users: readonly { readonly value: string; readonly weight: number }[];
}

const ORIGIN_US = 600_000_000;
const QUANTILES = 100;

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Log-likelihood of a log-normal (mu, sigma) for seen values and right-censored ones. */
function logLikelihood(mu: number, sigma: number, seen: readonly number[], censored: readonly number[]): number {
  let ll = 0;
  for (const x of seen) {
    const z = (Math.log(x) - mu) / sigma;
    ll += -Math.log(sigma * x) - 0.5 * z * z;
  }
  for (const c of censored) ll += Math.log(Math.max(1e-300, 1 - phi((Math.log(c) - mu) / sigma)));
  return ll;
}

/** Maximum-likelihood (mu, sigma) by a grid search refined four times around the best point. */
function fitLogNormal(seen: readonly number[], censored: readonly number[]): { mu: number; sigma: number } {
  let best = { mu: 5, sigma: 1.5, ll: -Infinity };
  let muStep = 0.5;
  let sigmaStep = 0.25;
  for (let round = 0; round < 5; round++) {
    const center = { ...best };
    for (let i = -10; i <= 10; i++) {
      for (let j = -5; j <= 5; j++) {
        const mu = center.mu + i * muStep;
        const sigma = center.sigma + j * sigmaStep;
        if (sigma <= 0.05) continue;
        const ll = logLikelihood(mu, sigma, seen, censored);
        if (ll > best.ll) best = { mu, sigma, ll };
      }
    }
    muStep /= 5;
    sigmaStep /= 5;
  }
  return { mu: best.mu, sigma: best.sigma };
}

function shares<T>(counts: Map<T, number>): { value: T; weight: number }[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts].map(([value, n]) => ({ value, weight: n / total }));
}

/** Fits the shard `file` (job_events, 8 columns, headerless). */
export function fitShard(file: string): ShardFit {
  const submits = new Map<string, number>();
  const schedules = new Map<string, number>();
  const ends = new Map<string, number>();
  const endTypes = new Map<number, number>();
  const classes = new Map<number, number>();
  const users = new Map<string, number>();
  let last = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const f = line.split(',');
    const us = Number(f[0]);
    const t = (us - ORIGIN_US) / 1e6;
    const job = f[2]!;
    const type = Number(f[3]);
    if (us > 0) last = t;
    if (type === 0 && us > 0 && !submits.has(job)) {
      submits.set(job, t);
      classes.set(Number(f[5]), (classes.get(Number(f[5])) ?? 0) + 1);
      users.set(f[4]!, (users.get(f[4]!) ?? 0) + 1);
    }
    if (type === 1 && !schedules.has(job)) schedules.set(job, us === 0 ? 0 : t);
    if (type >= 2 && type <= 6 && !ends.has(job)) {
      ends.set(job, t);
      endTypes.set(type, (endTypes.get(type) ?? 0) + 1);
    }
  }
  const arrivals = [...submits.values()].sort((a, b) => a - b);
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
  const delays: number[] = [];
  const seen: number[] = [];
  const censored: number[] = [];
  for (const [job, start] of schedules) {
    if (start <= 0) continue; // running at the start: its start is unknown
    const submit = submits.get(job);
    if (submit !== undefined) delays.push(start - submit);
    const end = ends.get(job);
    if (end !== undefined) seen.push(Math.max(end - start, 1e-3));
    else censored.push(Math.max(last - start, 1e-3));
  }
  delays.sort((a, b) => a - b);
  const delayQuantiles = Array.from({ length: QUANTILES + 1 }, (_, i) => delays[Math.round((i / QUANTILES) * (delays.length - 1))]!);
  const { mu, sigma } = fitLogNormal(seen, censored);
  return {
    jobs: arrivals.length,
    interarrivalMean: mean,
    interarrivalCv: sd / mean,
    classes: shares(classes).sort((a, b) => a.value - b.value),
    delayQuantiles,
    durationMu: mu,
    durationSigma: sigma,
    durationsSeen: seen.length,
    durationsCensored: censored.length,
    ends: shares(endTypes).sort((a, b) => a.value - b.value),
    users: shares(users).sort((a, b) => b.weight - a.weight || (a.value < b.value ? -1 : 1)),
  };
}
