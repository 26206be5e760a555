/**
 * The first-fit index of the baselines (agent-tree.ts): the index kept across
 * runs from the view's change notes chooses exactly what a tree built afresh
 * from the sorted free agents chooses, whatever changed in between, and asks
 * `ok` about the same agents in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FreeAgentIndex, runTree, sortedFreeAgents, type AgentPositions } from '../../../src/allocator/baselines/agent-tree.js';
import type { AgentChanges, AgentView, ClusterView } from '../../../src/allocator/types.js';
import { ResourceSpace } from '../../../src/model/resources.js';
import { runs } from '../../helpers/property.js';

const space = new ResourceSpace(['cpus', 'mem']);

/** A view of `n` agents whose free resources and freeness the test sets, noting each change for its watchers (or with no `watchAgents`). */
function fakeView(n: number, watched: boolean) {
  const agents = Array.from({ length: n }, (_, index) => ({ index, unreservedAvailable: space.zero() }));
  const free = new Set<AgentView>();
  const watches: Set<AgentView>[] = [];
  const view = {
    space,
    agents: agents as unknown as AgentView[],
    freeAgents: free,
    ...(watched
      ? {
          watchAgents(): AgentChanges {
            const noted = new Set<AgentView>();
            watches.push(noted);
            return {
              take: () => {
                const out = [...noted];
                noted.clear();
                return out;
              },
            };
          },
        }
      : {}),
  } as unknown as ClusterView;
  const change = (i: number, cpus: number, mem: number, isFree: boolean) => {
    const a = view.agents[i]!;
    (a.unreservedAvailable as Float64Array).set([cpus, mem]);
    // Leaving and coming back moves the agent to the end of the set, as the master's books do.
    free.delete(a);
    if (isFree) free.add(a);
    for (const w of watches) w.add(a);
  };
  return { view, change };
}

/** Where `need` goes and which agents `ok` was asked about, in order. */
function search(at: AgentPositions, need: Float64Array, refuse: ReadonlySet<number>): { chosen: number; asked: number[] } {
  const asked: number[] = [];
  const i = at.find(need, (a) => {
    asked.push(a.index);
    return !refuse.has(a.index);
  });
  return { chosen: i < 0 ? -1 : at.at(i).index, asked };
}

const step = fc.oneof(
  fc.record({ kind: fc.constant('change' as const), agent: fc.nat(40), cpus: fc.integer({ min: 0, max: 8 }), mem: fc.integer({ min: 0, max: 4 }), free: fc.boolean() }),
  fc.record({
    kind: fc.constant('run' as const),
    need: fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 })),
    refuse: fc.uniqueArray(fc.nat(40), { maxLength: 5 }),
    // A grant the run makes on the chosen agent, which the master may or may not apply.
    grant: fc.integer({ min: 0, max: 2 }),
    applied: fc.boolean(),
  }),
);

describe('FreeAgentIndex', () => {
  it.each([true, false])('chooses what a tree of the sorted free agents chooses, run after run (watchAgents: %s)', (watched) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 41 }), fc.array(step, { maxLength: 60 }), (n, steps) => {
        const { view, change } = fakeView(n, watched);
        const index = new FreeAgentIndex();
        for (const s of steps) {
          if (s.kind === 'change') {
            if (s.agent < n) change(s.agent, s.cpus, s.mem, s.free);
            continue;
          }
          const need = Float64Array.from(s.need);
          const refuse = new Set(s.refuse);
          const kept = index.positions(view);
          const fresh = runTree(view, sortedFreeAgents(view));
          const got = search(kept, need, refuse);
          expect(got).toEqual(search(fresh, need, refuse));
          expect(kept.agents).toEqual(sortedFreeAgents(view));
          if (got.chosen < 0 || s.grant === 0) continue;
          // The run takes `grant` cpus from the chosen agent in its own tree.
          const a = view.agents[got.chosen]!;
          const left = Float64Array.from(a.unreservedAvailable);
          left[0] = Math.max(0, left[0]! - s.grant);
          kept.set(kept.positionOf(a)!, left);
          if (s.applied) change(a.index, left[0]!, left[1]!, view.freeAgents.has(a));
        }
      }),
      { numRuns: runs(200, 5000) },
    );
  });

  it('reads again at the next run an agent a run changed, whether or not the master then made the grant', () => {
    const { view, change } = fakeView(3, true);
    change(0, 2, 2, true);
    change(2, 4, 4, true);
    const index = new FreeAgentIndex();
    const first = index.positions(view);
    expect(first.find(Float64Array.of(2, 1), () => true)).toBe(0);
    first.set(0, Float64Array.of(0, 1)); // the run grants 2 cpus on agent 0; the master does not make the offer
    expect(index.positions(view).find(Float64Array.of(2, 1), () => true)).toBe(0);
  });

  it('positions a free agent at its index and a busy one nowhere', () => {
    const { view, change } = fakeView(4, true);
    change(2, 1, 1, true);
    const at = new FreeAgentIndex().positions(view);
    expect(at.positionOf(view.agents[2]!)).toBe(2);
    expect(at.positionOf(view.agents[1]!)).toBeUndefined();
    expect(at.at(2)).toBe(view.agents[2]);
  });
});
