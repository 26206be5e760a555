/**
 * AllocationTrigger (src/master/allocation-trigger.ts): triggers over all
 * agents coalesce while a run is queued, as Mesos's `allocationCandidates |=
 * slaveIds` does, and a run's candidates are exactly the agents with free
 * resources that changed or were triggered since the last run.
 */
import { describe, expect, it } from 'vitest';
import { AllocationTrigger, type TriggerContext } from '../../src/master/allocation-trigger.js';
import type { Agent } from '../../src/model/agent.js';

/** A trigger over four agents, with books that hold a set of free agents and a run that records its candidates. */
function setup(): { trigger: AllocationTrigger; setFree: (i: number, free: boolean) => void; runs: number[][] } {
  const agents = [0, 1, 2, 3].map((index) => ({ index, name: `a${index}` })) as unknown as Agent[];
  const free = new Set<Agent>();
  const runs: number[][] = [];
  const context = {
    config: { allocationInterval: 1 },
    sim: { now: 0, schedule: () => undefined },
    agents,
    books: { freeAgents: free, isFree: (a: Agent) => free.has(a) },
    filters: { expired: () => [] },
    view: { roles: { children: [] } },
    run: { preempts: false, run: (candidates: Agent[]) => runs.push(candidates.map((a) => a.index)) },
    allocating: () => true,
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
  return { trigger, setFree, runs };
}

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
});
