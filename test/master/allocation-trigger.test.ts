/**
 * AllocationTrigger (src/master/allocation-trigger.ts): triggers over all
 * agents coalesce while a run is queued, as Mesos's `allocationCandidates |=
 * slaveIds` does, and a run's candidates are exactly the agents with free
 * resources that changed or were triggered since the last run. For an
 * allocator that ignores its candidates, the trigger keeps no order and runs
 * over their number: the same numbers, run after run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllocationTrigger, type TriggerContext } from '../../src/master/allocation-trigger.js';
import type { Agent } from '../../src/model/agent.js';
import { runs as propertyRuns } from '../helpers/property.js';

/**
 * A trigger over `n` agents, with books that hold a set of free agents and a
 * run that records its candidates (or, for an allocator that ignores them,
 * their number as that many −1 entries).
 */
function setup(options: { n?: number; interval?: number; ignoresCandidates?: boolean } = {}) {
  const agents = Array.from({ length: options.n ?? 4 }, (_, index) => ({ index, name: `a${index}` })) as unknown as Agent[];
  const free = new Set<Agent>();
  const runs: number[][] = [];
  const held = { on: false };
  const context = {
    config: { allocationInterval: options.interval ?? 1 },
    sim: { now: 0, schedule: () => undefined },
    agents,
    books: { freeAgents: free, isFree: (a: Agent) => free.has(a) },
    filters: { expired: () => [] },
    view: { roles: { children: [] } },
    run: {
      preempts: false,
      ignoresCandidates: options.ignoresCandidates === true,
      run: (candidates: Agent[]) => runs.push(candidates.map((a) => a.index)),
      runUnordered: (count: number) => runs.push(Array<number>(count).fill(-1)),
    },
    allocating: () => !held.on,
    afterRun: () => undefined,
    observer: {},
  } as unknown as TriggerContext;
  const trigger = new AllocationTrigger(context);
  // As the books do: an agent that comes free wakes, one that no longer is sleeps.
  const setFree = (i: number, on: boolean): void => {
    if (on) {
      free.add(agents[i]!);
      trigger.wake(agents[i]!);
    } else {
      free.delete(agents[i]!);
      trigger.sleep(agents[i]!);
    }
  };
  return { trigger, setFree, runs, free, agents, held, context };
}

type Op =
  | { kind: 'free' | 'busy' | 'trigger' | 'forget'; agent: number }
  | { kind: 'trigger-all' | 'tick' | 'run-queued' | 'wake-all' | 'reset' | 'hold' | 'release' };

/** Applies `ops` as the master would (an agent leaving is out of the free set before it is forgotten). */
function apply(t: ReturnType<typeof setup>, ops: readonly Op[]): void {
  for (const op of ops) {
    if (op.kind === 'free' || op.kind === 'busy') t.setFree(op.agent, op.kind === 'free');
    else if (op.kind === 'trigger') t.trigger.runSoon(t.agents[op.agent]!);
    else if (op.kind === 'forget') {
      t.free.delete(t.agents[op.agent]!);
      t.trigger.forget(t.agents[op.agent]!);
    } else if (op.kind === 'trigger-all') t.trigger.runSoon('all');
    else if (op.kind === 'tick') t.trigger.tick();
    else if (op.kind === 'run-queued') t.trigger.runQueued();
    else if (op.kind === 'wake-all') t.trigger.wakeAllFree();
    else if (op.kind === 'reset') t.trigger.reset();
    else t.held.on = op.kind === 'hold';
  }
}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('free' as const, 'busy' as const, 'trigger' as const, 'forget' as const), agent: fc.nat(5) }),
  fc.record({ kind: fc.constantFrom('trigger-all' as const, 'tick' as const, 'run-queued' as const, 'wake-all' as const, 'reset' as const, 'hold' as const, 'release' as const) }),
);

describe('AllocationTrigger', () => {
  it('two triggers over all agents before the run: one run over the agents free at its start', () => {
    const { trigger, setFree, runs } = setup();
    setFree(0, true);
    setFree(1, true);
    trigger.runSoon('all');
    setFree(2, true); // comes free after the first trigger
    setFree(0, false); // no longer free
    trigger.runSoon('all');
    trigger.runQueued();
    expect(runs).toEqual([[1, 2]]);
  });

  it('a run between two triggers: the second trigger covers again every agent still free', () => {
    const { trigger, setFree, runs } = setup();
    setFree(0, true);
    setFree(1, true);
    trigger.runSoon('all');
    trigger.tick(); // a periodic run at the same instant looks at them first (and grants nothing)
    trigger.runSoon('all'); // e.g. a revive after that run: its framework must be offered them
    trigger.runQueued();
    expect(runs).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it.each([0, 1])('for an allocator that ignores its candidates, runs over as many agents as it would list, run after run (allocation_interval %s)', (interval) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const ordered = setup({ n: 6, interval });
        const unordered = setup({ n: 6, interval, ignoresCandidates: true });
        apply(ordered, ops);
        apply(unordered, ops);
        expect(unordered.runs.map((r) => r.length)).toEqual(ordered.runs.map((r) => r.length));
        expect(unordered.runs.flat().every((i) => i === -1)).toBe(true);
      }),
      { numRuns: propertyRuns(300, 5000) },
    );
  });

  it('for an allocator that ignores its candidates, a revive counts every free agent without listing them', () => {
    const t = setup({ interval: 0, ignoresCandidates: true });
    t.setFree(0, true);
    t.trigger.runQueued(); // the wake's own run
    t.setFree(1, true);
    t.setFree(2, true);
    t.setFree(1, false);
    t.trigger.runSoon('all');
    t.trigger.runQueued();
    expect(t.runs.map((r) => r.length)).toEqual([1, 2]);
  });

  it('for an allocator that ignores its candidates, a run over some agents leaves every other free agent awake', () => {
    // Two agents looked at by a periodic run stay free; a revive wakes them all again, then a run over one of them comes first.
    const ops: Op[] = [{ kind: 'free', agent: 0 }, { kind: 'free', agent: 1 }, { kind: 'tick' }, { kind: 'trigger', agent: 0 }, { kind: 'wake-all' }, { kind: 'run-queued' }, { kind: 'tick' }];
    const ordered = setup({ interval: 1 });
    const unordered = setup({ interval: 1, ignoresCandidates: true });
    apply(ordered, ops);
    apply(unordered, ops);
    expect(ordered.runs).toEqual([[0, 1], [0], [1]]);
    expect(unordered.runs.map((r) => r.length)).toEqual([2, 1, 1]);
  });

  it.each([0, 1])('an allocator that ignores its candidates switched for one that reads them (a fork): each later run is over the agents an ordered trigger would list (allocation_interval %s)', (interval) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(op, { maxLength: 40 }), (before, after) => {
        const ordered = setup({ n: 6, interval });
        const switched = setup({ n: 6, interval, ignoresCandidates: true });
        apply(ordered, before);
        apply(switched, before);
        const at = ordered.runs.length;
        (switched.context.run as { ignoresCandidates: boolean }).ignoresCandidates = false;
        switched.trigger.allocatorChanged();
        apply(ordered, after);
        apply(switched, after);
        const sets = (runs: number[][]): number[][] => runs.slice(at).map((r) => [...r].sort((a, b) => a - b));
        expect(sets(switched.runs)).toEqual(sets(ordered.runs));
      }),
      { numRuns: propertyRuns(300, 5000) },
    );
  });

  it('refuses a saved state of the other mode (ordered or not)', () => {
    const ordered = setup();
    const unordered = setup({ ignoresCandidates: true });
    expect(() => ordered.trigger.loadState(unordered.trigger.saveState())).toThrow(/a state saved without the awake agents' order \(expected one with\)/);
    expect(() => unordered.trigger.loadState(ordered.trigger.saveState())).toThrow(/a state saved with the awake agents' order \(expected one without\)/);
  });
});
