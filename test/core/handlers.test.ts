/**
 * Handler tables (src/core/handlers.ts). The compile-time half of the
 * contract is checked by `tsc -p tsconfig.test.json` (part of `npm test`):
 * each `@ts-expect-error` below must meet an error, so a table that misses a
 * kind, or two tables handling one kind, must keep failing to compile.
 */
import { describe, expect, it } from 'vitest';
import { guarded, mergeHandlers, Simulation, type Handlers, type HandlersFor } from '../../src/core/simulation.js';

type Ev =
  | { readonly kind: 'arrive'; readonly who: string }
  | { readonly kind: 'leave'; readonly who: string }
  | { readonly kind: 'tick' };

const log: string[] = [];
const arrivals: HandlersFor<Ev, 'arrive'> = { arrive: (e) => log.push(`arrive ${e.who}`) };
const departures: HandlersFor<Ev, 'leave'> = { leave: (e) => log.push(`leave ${e.who}`) };
const clock: HandlersFor<Ev, 'tick'> = { tick: (_, now) => log.push(`tick ${now}`) };

describe('handler tables', () => {
  it('type-check only when every kind has exactly one handler', () => {
    const complete: Handlers<Ev> = mergeHandlers(arrivals, departures, clock);
    expect(Object.keys(complete).sort()).toEqual(['arrive', 'leave', 'tick']);
    // Checked by tsc only (never called: the second would throw).
    const compileOnly = (): unknown[] => {
      // @ts-expect-error a kind without a handler ('tick')
      const missing: Handlers<Ev> = mergeHandlers(arrivals, departures);
      // @ts-expect-error a kind with two handlers ('arrive')
      const twice: Handlers<Ev> = mergeHandlers(arrivals, departures, clock, { arrive: () => {} });
      // @ts-expect-error a handler given the wrong event: 'tick' has no `who`
      const wrong: HandlersFor<Ev, 'tick'> = { tick: (e) => log.push(e.who) };
      return [missing, twice, wrong];
    };
    void compileOnly;
  });

  it('refuse at run time a kind given twice (for tables typed loosely)', () => {
    const loose = [arrivals, { arrive: () => {} }] as readonly object[];
    expect(() => mergeHandlers(...(loose as [object, object]))).toThrow(/'arrive' has two handlers/);
  });

  it('dispatch each event to its kind\'s handler, with the time', () => {
    log.length = 0;
    const sim = new Simulation<Ev>(mergeHandlers(arrivals, departures, clock));
    sim.schedule(2, { kind: 'leave', who: 'b' });
    sim.schedule(1, { kind: 'arrive', who: 'a' });
    sim.schedule(3, { kind: 'tick' });
    sim.run();
    expect(log).toEqual(['arrive a', 'leave b', 'tick 3']);
  });

  it('guarded passes the chosen kinds through the guard, which may stop them', () => {
    log.length = 0;
    const seen: string[] = [];
    const table = guarded<Ev>(mergeHandlers(arrivals, departures, clock), ['arrive'], (e) => {
      seen.push(e.kind);
      return e.kind === 'arrive' && e.who === 'blocked';
    });
    const sim = new Simulation<Ev>(table);
    sim.schedule(1, { kind: 'arrive', who: 'blocked' });
    sim.schedule(2, { kind: 'arrive', who: 'ok' });
    sim.schedule(3, { kind: 'leave', who: 'ok' });
    sim.run();
    expect(seen).toEqual(['arrive', 'arrive']);
    expect(log).toEqual(['arrive ok', 'leave ok']);
  });
});
