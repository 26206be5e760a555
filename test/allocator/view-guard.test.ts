import { describe, expect, it } from 'vitest';
import type { Allocator, ClusterView, TaskView } from '../../src/allocator/types.js';
import { guardView } from '../../src/allocator/view-guard.js';
import { InvariantError } from '../../src/errors.js';
import { makeView } from '../helpers/view.js';

/** Two agents (a-1 with a reservation for role b and a running task of f0), two frameworks with requests, a pool. */
const made = () =>
  makeView({
    now: 5,
    agents: [{ total: { cpus: 4, mem: 4096 }, pool: 'P' }, { total: { cpus: 8, mem: 8192 }, reserved: { b: { cpus: 2, mem: 1024 } } }],
    frameworks: [
      { role: 'a', running: [{ agent: 1, resources: { cpus: 1, mem: 512 }, pool: 'P' }], requests: [{ resources: { cpus: 1, mem: 256 } }] },
      { role: 'b', holds: { cpus: 1, mem: 512 }, on: 1 },
    ],
    pools: [{ name: 'P', capacity: { cpus: 6 } }],
  });

/** An allocator that grants nothing and does `act` to what it was shown. */
const doing = (act: (view: ClusterView, candidates: readonly unknown[]) => void): Allocator => ({
  name: 'meddler',
  allocate(view, candidates) {
    act(view, candidates);
    return [];
  },
});

const firstTask = (view: ClusterView): TaskView => [...view.agents[1]!.tasks][0]!;

describe('guardView', () => {
  it('lets an allocator that only reads its view through, with its name and abilities', () => {
    const { view, candidates } = made();
    const inner: Allocator = {
      name: 'reader',
      reactsToDemand: true,
      allocate: (v, c) => [{ framework: 0, agent: c[0]!.index, resources: new Float64Array(v.agents[0]!.availableTo(v.frameworks[0]!.role)) }],
      preempt: (v) => [firstTask(v)],
    };
    const guarded = guardView(inner);
    expect(guarded.name).toBe('reader');
    expect(guarded.reactsToDemand).toBe(true);
    expect(guarded.prices).toBeUndefined();
    expect(guarded.preempt!(view)).toEqual([firstTask(view)]);
    expect(guarded.allocate(view, candidates)).toHaveLength(1);
  });

  it("reads the allocator's abilities at each use: a fork's switch to a policy that preempts, sets prices or reacts to demand is seen (under --verify)", () => {
    const { view } = made();
    const before: Allocator = { name: 'drf-like', allocate: () => [] };
    const after: Allocator = { name: 'pools-like', reactsToDemand: true, allocate: () => [], preempt: (v) => [firstTask(v)], prices: () => new Map([['P', 2]]) };
    let current = before;
    // As src/checkpoint/switching-allocator.ts: the current policy's abilities, read through.
    const switching = {
      get name() {
        return current.name;
      },
      allocate: (v: ClusterView, c: Parameters<Allocator['allocate']>[1]) => current.allocate(v, c),
      get preempt() {
        return current.preempt;
      },
      get prices() {
        return current.prices;
      },
      get reactsToDemand() {
        return current.reactsToDemand;
      },
    } as unknown as Allocator;
    const guarded = guardView(switching);
    expect([guarded.name, guarded.preempt, guarded.prices, guarded.reactsToDemand]).toEqual(['drf-like', undefined, undefined, undefined]);
    current = after;
    expect([guarded.name, guarded.reactsToDemand]).toEqual(['pools-like', true]);
    expect(guarded.preempt!(view)).toEqual([firstTask(view)]);
    expect(guarded.prices!(view)).toEqual(new Map([['P', 2]]));
  });

  it('names the allocator, the call, the time and the first vector entry changed', () => {
    const { view, candidates } = made();
    const mem = view.space.indexOf('mem')!;
    const guarded = guardView(doing((v) => ((v.agents[1]!.available as Float64Array)[mem] = v.agents[1]!.available[mem]! - 1000)));
    let error: unknown;
    try {
      guarded.allocate(view, candidates);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvariantError);
    // a-1: 8192 MB, less f0's running task (512) and f1's offer (512).
    expect((error as Error).message).toBe(
      "allocator 'meddler' changed the view it was shown (in allocate at t=5 s): agent 'a-1' › available[mem] was 7168000, now 7167000 (milli-units); an allocator must treat the view as read-only",
    );
  });

  it('catches changes to counts, lists, roles, tasks, requests and pools', () => {
    const cases: [string, (v: ClusterView) => void, string][] = [
      ['a grant count', (v) => (v.frameworks[1] as { grants: number }).grants++, "framework 'f1' › grants was 1, now 2"],
      ['a role’s framework list', (v) => (v.roles.children[0]!.frameworks as number[]).push(1), "role 'a' › frameworks.length was 1, now 2"],
      ['a role weight', (v) => ((v.roles.children[1] as { weight: number }).weight = 3), "role 'b' › weight was 1, now 3"],
      ['a task flag', (v) => ((firstTask(v) as { preempting: boolean }).preempting = true), "agent 'a-1' › task 'f0/run/0' › preempting was 0, now 1"],
      ['a request’s resources', (v) => ((v.frameworks[0]!.requests(1)[0]!.resources as Float64Array)[0] = 0), "framework 'f0' › request 0 › resources[cpus] was 1000, now 0 (milli-units)"],
      ['a pool’s holdings', (v) => ((v.pools[0]!.held as Float64Array)[0] = 0), "pool 'P' › held[cpus] was 1000, now 0 (milli-units)"],
      ['the set of free agents', (v) => (v.freeAgents as Set<unknown>).clear(), 'freeAgents.size was 2, now 0'],
      ['a replaced part of the view', (v) => ((v as { isFiltered: unknown }).isFiltered = () => false), 'isFiltered was replaced by another object'],
    ];
    for (const [what, act, where] of cases) {
      const { view, candidates } = made();
      expect(() => guardView(doing(act)).allocate(view, candidates), what).toThrow(`(in allocate at t=5 s): ${where};`);
    }
  });

  it('catches candidates reordered or dropped in place', () => {
    const { view, candidates } = made();
    const list = [...candidates];
    expect(() => guardView(doing((_v, c) => (c as unknown[]).reverse())).allocate(view, list)).toThrow('candidates[] was replaced by another object');
    expect(() => guardView(doing((_v, c) => (c as unknown[]).pop())).allocate(view, [...candidates])).toThrow('candidates.length was 2, now 1');
  });

  it('checks preempt and prices too', () => {
    const { view } = made();
    const preempting: Allocator = {
      name: 'eager',
      allocate: () => [],
      preempt(v) {
        const t = firstTask(v);
        (t as { preempting: boolean }).preempting = true;
        return [t];
      },
      prices(v) {
        (v.pools[0]!.capacity as Float64Array)[0] = 1;
        return new Map();
      },
    };
    expect(() => guardView(preempting).preempt!(view)).toThrow(/^allocator 'eager' changed the view it was shown \(in preempt at t=5 s\): agent 'a-1' › task 'f0\/run\/0' › preempting was 0, now 1;/);
    expect(() => guardView(preempting).prices!(made().view)).toThrow(/\(in prices at t=5 s\): pool 'P' › capacity\[cpus\] was 6000, now 1 \(milli-units\);/);
  });

  it('refuses a grant whose resources are a vector of the view, naming it', () => {
    const { view, candidates } = made();
    // Without reservations, availableTo hands back the agent's own `available` vector.
    const aliasing: Allocator = { name: 'lazy', allocate: (v) => [{ framework: 0, agent: 0, resources: v.agents[0]!.availableTo(v.frameworks[0]!.role) }] };
    expect(() => guardView(aliasing).allocate(view, candidates)).toThrow(
      "allocator 'lazy' returned grant 0 with a vector of the view as its resources (agent 'a-0' › available, at t=5 s); a grant's resources must be a fresh array, which the master keeps",
    );
  });
});
