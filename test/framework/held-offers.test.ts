/**
 * HeldOffers (src/framework/held-offers.ts) decides on the offers a framework
 * holds and a fresh batch exactly as placeTasks decides on
 * `[...held, ...fresh]`, the plain scan it replaces: the same slots, offers
 * and tasks in the same order, the same counts of jobs and tasks examined, the
 * same queue afterwards, over sequences of decisions in which offers are held,
 * used, rescinded and expire.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeldOffers } from '../../src/framework/held-offers.js';
import { JobQueue, QueuedJob } from '../../src/framework/job-queue.js';
import { placeTasks, type Placement, type PlacementLimits } from '../../src/framework/placement.js';
import type { Offer } from '../../src/model/offer.js';
import { Task, type JobRecord } from '../../src/model/task.js';

const AGENTS = 5;
const RACKS = ['r0', 'r1', undefined, 'r0', 'r1'];
/** Sizes whose sums and differences are not exact in binary: a slot given back its tasks must not keep the rounding. */
const amount = fc.constantFrom(0, 0.1, 0.2, 0.3, 0.5, 1, 1.5, 2);
const pool = fc.constantFrom(undefined, undefined, 'a', 'b');

interface OfferSpec {
  agent: number;
  pool: string | undefined;
  priced: boolean;
  forJobs: boolean;
  resources: number[];
  unavailableAt: number | undefined;
}
const offerSpec = (fresh: boolean) =>
  fc.record({
    agent: fc.nat(AGENTS - 1),
    pool,
    priced: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    forJobs: fresh ? fc.integer({ min: 0, max: 6 }).map((n) => n === 0) : fc.constant(false),
    resources: fc.tuple(amount, amount),
    unavailableAt: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  });

interface JobSpec {
  tasks: number[][];
  gang: boolean;
  pool: string | undefined;
  prefer: number[] | undefined;
  estimate: number;
}
const jobSpec = fc.record({
  tasks: fc.array(fc.tuple(amount, amount), { minLength: 1, maxLength: 4 }),
  gang: fc.boolean(),
  pool,
  prefer: fc.option(fc.uniqueArray(fc.nat(AGENTS - 1), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  estimate: fc.integer({ min: 1, max: 30 }),
});

const step = fc.record({
  hold: fc.array(offerSpec(false), { maxLength: 5 }),
  /** Held offers to drop (rescinded, or their hold ran out), by position in hold order. */
  drop: fc.array(fc.nat(20), { maxLength: 3 }),
  fresh: fc.array(offerSpec(true), { maxLength: 5 }),
  jobs: fc.array(jobSpec, { maxLength: 3 }),
});

const limitsSpec = fc.record({
  tasksPerOffer: fc.constantFrom(1, 2, 3, Infinity),
  lookahead: fc.integer({ min: 1, max: 6 }),
  locality: fc.option(fc.record({ nodeWait: fc.integer({ min: 0, max: 6 }), rackWait: fc.integer({ min: 0, max: 6 }) }), { nil: undefined }),
  avoidUnavailable: fc.boolean(),
});

let nextOffer = 0;
/** An offer as `s` says; granted for `named` jobs if given (Grant.forJobs). */
function makeOffer(s: OfferSpec, named?: readonly JobRecord[]): Offer {
  const resources = Float64Array.from(s.resources);
  return {
    id: nextOffer++,
    framework: 0,
    agent: s.agent,
    role: '*',
    pool: s.pool,
    resources,
    price: s.priced ? Float64Array.of(1, 1) : undefined,
    value: 0,
    time: 0,
    outcome: undefined,
    unavailability: s.unavailableAt === undefined ? undefined : { start: s.unavailableAt, duration: 10 },
    forJobs: named,
  };
}

/** One side's queue, built from the same specs as the other's, with its own tasks. */
class Side {
  readonly queue = new JobQueue();
  readonly jobs: JobRecord[] = [];

  push(spec: JobSpec, locality: boolean): void {
    const id = `j${this.jobs.length}`;
    const job = { id, framework: 0, submit: 0, bid: 0, priority: 1, pool: spec.pool, gang: spec.gang, estimate: spec.estimate } as unknown as JobRecord;
    this.jobs.push(job);
    const tasks = spec.tasks.map((r, k) => {
      const t = new Task(job, k, Float64Array.from(r), spec.estimate);
      t.prefer = spec.prefer;
      return t;
    });
    const local = locality && spec.prefer !== undefined;
    this.queue.push(local ? new QueuedJob(tasks, spec.gang, { level: 0, waitSince: undefined }) : new QueuedJob(tasks, spec.gang));
  }

  /** The queue as data: each job's next, its tasks' order and locality, and its locality state. */
  state(): unknown {
    return this.queue.entries.map((j) => [j.next, j.tasks.map((t) => `${t.job.id}.${t.index}:${t.locality}`), j.locality && { ...j.locality }]);
  }
}

/** The slots a framework answers (placed on, or holding a fresh offer): a held slot used for nothing gets no answer. */
function answered(p: Placement, held: ReadonlySet<Offer>): unknown[] {
  return p.slots
    .filter((s) => s.tasks.length > 0 || s.offers.some((o) => !held.has(o)))
    .map((s) => [s.offers.map((o) => o.id), s.tasks.map((t) => `${t.job.id}.${t.index}`)]);
}

describe('HeldOffers', () => {
  it('decides as placeTasks on [...held, ...fresh] over sequences of holds, uses, rescinds and expiries', () => {
    fc.assert(
      fc.property(limitsSpec, fc.array(step, { minLength: 1, maxLength: 6 }), (spec, steps) => {
        const limits: PlacementLimits = {
          tasksPerOffer: spec.tasksPerOffer,
          lookahead: spec.lookahead,
          avoidUnavailable: spec.avoidUnavailable,
          ...(spec.locality !== undefined ? { locality: { ...spec.locality, rackOf: RACKS } } : {}),
        };
        const a = new Side();
        const b = new Side();
        const held = new HeldOffers();
        let plain: Offer[] = [];
        steps.forEach((s, i) => {
          const now = 4 * i;
          for (const j of s.jobs) for (const side of [a, b]) side.push(j, spec.locality !== undefined);
          for (const o of s.hold) {
            const offer = makeOffer(o);
            held.add(offer);
            plain.push(offer);
          }
          for (const k of s.drop) {
            const offer = plain[k];
            if (offer === undefined) continue;
            expect(held.delete(offer)).toBe(true);
            plain = plain.filter((x) => x !== offer);
          }
          expect(held.size).toBe(plain.length);
          // The same offers on both sides, but one granted for named jobs names the first job of its side's queue.
          const fresh = s.fresh.map((o) => makeOffer(o));
          const freshA = fresh.map((o, k) => (s.fresh[k]!.forJobs ? { ...o, forJobs: a.jobs.slice(0, 1) } : o));
          const freshB = fresh.map((o, k) => (s.fresh[k]!.forJobs ? { ...o, forJobs: b.jobs.slice(0, 1) } : o));
          const heldBefore = new Set(plain);
          const got = held.size === 0 ? placeTasks(a.queue, freshA, limits, now) : held.place(a.queue, freshA, limits, now);
          const want = placeTasks(b.queue, [...plain, ...freshB], limits, now);
          expect(answered(got, heldBefore)).toEqual(answered(want, heldBefore));
          expect([got.jobsConsidered, got.tasksConsidered]).toEqual([want.jobsConsidered, want.tasksConsidered]);
          expect(a.state()).toEqual(b.state());
          // The framework's rule (scheduler.ts): a used slot's offers are accepted; an unused one's are kept, unless named.
          for (const slot of got.slots) {
            for (const offer of slot.offers) {
              if (slot.tasks.length > 0) held.delete(offer);
              else if (!held.has(offer) && offer.forJobs === undefined) held.add(offer);
            }
          }
          for (const slot of want.slots) {
            for (const offer of slot.offers) {
              const inPlain = plain.includes(offer);
              if (slot.tasks.length > 0) plain = plain.filter((x) => x !== offer);
              else if (!inPlain && offer.forJobs === undefined) plain.push(offer);
            }
          }
          expect(held.size).toBe(plain.length);
        });
      }),
    );
  });
});

describe('HeldOffers after many holds', () => {
  it('renumbers its positions (every 64 holds or more) and still decides as the scan does', () => {
    const op = fc.oneof(offerSpec(false), fc.nat(30));
    fc.assert(
      fc.property(fc.array(op, { minLength: 70, maxLength: 300 }), fc.array(jobSpec, { minLength: 1, maxLength: 4 }), (ops, jobs) => {
        const held = new HeldOffers();
        let plain: Offer[] = [];
        for (const o of ops) {
          if (typeof o === 'number') {
            const offer = plain[o];
            if (offer !== undefined) {
              held.delete(offer);
              plain = plain.filter((x) => x !== offer);
            }
          } else {
            const offer = makeOffer(o);
            held.add(offer);
            plain.push(offer);
          }
        }
        if (plain.length === 0) return;
        const [a, b] = [new Side(), new Side()];
        for (const j of jobs) for (const side of [a, b]) side.push(j, false);
        const limits: PlacementLimits = { tasksPerOffer: 2, lookahead: 4 };
        const heldBefore = new Set(plain);
        const got = held.place(a.queue, [], limits, 0);
        const want = placeTasks(b.queue, plain, limits, 0);
        expect(answered(got, heldBefore)).toEqual(answered(want, heldBefore));
        expect([got.jobsConsidered, got.tasksConsidered]).toEqual([want.jobsConsidered, want.tasksConsidered]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('HeldOffers, by hand', () => {
  const limits: PlacementLimits = { tasksPerOffer: Infinity, lookahead: 10 };
  const offer = (agent: number, cpus: number) => makeOffer({ agent, pool: undefined, priced: false, forJobs: false, resources: [cpus, 0], unavailableAt: undefined });
  const queueOf = (...jobs: JobSpec[]) => {
    const side = new Side();
    for (const j of jobs) side.push(j, false);
    return side.queue;
  };
  const one = (cpus: number): JobSpec => ({ tasks: [[cpus, 0]], gang: false, pool: undefined, prefer: undefined, estimate: 1 });

  it("a group whose first offer goes takes the place of its next offer: held a0, b, a1; a0 rescinded; b comes first", () => {
    const held = new HeldOffers();
    const [a0, b, a1] = [offer(0, 1), offer(1, 1), offer(0, 1)];
    for (const o of [a0, b, a1]) held.add(o);
    held.delete(a0!);
    const p = held.place(queueOf(one(1)), [], limits, 0);
    expect(p.slots.map((s) => [s.offers, s.tasks.length])).toEqual([[[b], 1]]);
  });

  it('keeps hold order across a renumbering of positions: a group whose first offer goes after it still comes before later holds', () => {
    const held = new HeldOffers();
    const churn = (n: number) => {
      for (let i = 0; i < n; i++) {
        const filler = offer(4, 0);
        held.add(filler);
        held.delete(filler);
      }
    };
    // Positions 0-9 churned, then a0, c, a1 at 10-12, churn up to the 64th hold; b is the 65th, and
    // its hold renumbers positions (a0, c, a1 become 0-2, b 3).
    churn(10);
    const [a0, c, a1, b] = [offer(0, 1), offer(2, 0.1), offer(0, 1), offer(3, 1)];
    for (const o of [a0, c, a1]) held.add(o);
    churn(51);
    held.add(b);
    held.delete(a0);
    // In hold order: c (too small), then a1's group, then b.
    const p = held.place(queueOf(one(1)), [], limits, 0);
    expect(p.slots.map((s) => [s.offers, s.tasks.length])).toEqual([[[a1], 1]]);
  });

  it('offers of one agent are used as one, held first in hold order, then fresh: 3 cpus from 1 + 1 held and 1 fresh', () => {
    const held = new HeldOffers();
    const [a0, b, a1, a2] = [offer(0, 1), offer(1, 1), offer(0, 1), offer(0, 1)];
    for (const o of [a0, b, a1]) held.add(o);
    const p = held.place(queueOf(one(3)), [a2!], limits, 0);
    expect(p.slots.map((s) => [s.offers, s.tasks.length])).toEqual([[[a0, a1, a2], 1]]);
  });

  it('a held slot a gang took from and gave back is whole again in the next decision, without rounding', () => {
    const held = new HeldOffers();
    const a = offer(0, 1);
    held.add(a);
    // Takes 0.1 and 0.2, then cannot place 5: gives back 0.2 and 0.1, and 1 − 0.1 − 0.2 + 0.2 + 0.1 is 0.9999999999999999.
    const gang: JobSpec = { tasks: [[0.1, 0], [0.2, 0], [5, 0]], gang: true, pool: undefined, prefer: undefined, estimate: 1 };
    expect(held.place(queueOf(gang), [], limits, 0).slots.map((s) => s.tasks.length)).toEqual([0]);
    const p = held.place(queueOf(one(1)), [], limits, 0);
    expect(p.slots.map((s) => [s.offers, s.tasks.length])).toEqual([[[a], 1]]);
  });
});
