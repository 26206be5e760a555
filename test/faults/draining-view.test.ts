/**
 * What allocators see of maintenance (AgentView.draining, .unavailability),
 * and what the built-ins do with it: as in Mesos, an agent with a posted
 * unavailability is still offered, a DRAINING agent (DRAIN_AGENT) is not, and
 * `pools` preempts nothing on a draining agent (the room would go to no one).
 */
import { describe, expect, it } from 'vitest';
import { allocatorFactory } from '../../src/allocator/registry.js';
import type { AllocatorFactory } from '../../src/allocator/types.js';
import { agents, buildWorld, framework, job, runToEnd } from '../helpers/world.js';

/** drf, recording at each allocation run what it sees of agent a-0: [time, draining, unavailability start]. */
function recordingDrf(seen: [number, boolean, number | undefined][]): AllocatorFactory {
  const drf = allocatorFactory('drf');
  return {
    description: 'drf, recording agent a-0',
    create(ctx) {
      const inner = drf.create(ctx);
      return {
        name: 'recording-drf',
        allocate(view, candidates) {
          const a = view.agents[0]!;
          seen.push([view.now, a.draining, a.unavailability?.start]);
          return inner.allocate(view, candidates);
        },
      };
    },
  };
}

describe('AgentView: draining and unavailability', () => {
  // a-0's schedule is posted at 10 (window 40-50), its drain starts at 20; its machine is down 40-50.
  const world = (seen: [number, boolean, number | undefined][]) =>
    buildWorld(
      {
        agents: agents(2, { cpus: 2, mem: 2048 }),
        // Never suppresses, declines with no filter: offered every free agent at every batch run.
        frameworks: [framework('f', '*', [job('j', 0, 1, { cpus: 1 }, 100)], { suppressWhenIdle: false, refuseSeconds: 0 })],
        maintenance: [{ agents: [0], scheduledAt: 10, start: 40, duration: 10, drain: { at: 20, gracePeriod: 5 } }],
        until: 60,
      },
      recordingDrf(seen),
    );

  it('the allocator sees the unavailability from its posting, draining from DRAIN_AGENT, and neither once the machine is up', () => {
    const seen: [number, boolean, number | undefined][] = [];
    runToEnd(world(seen));
    const at = (t: number) => seen.find(([time]) => time === t)?.slice(1);
    expect(at(5)).toEqual([false, undefined]);
    expect(at(15)).toEqual([false, 40]);
    expect(at(25)).toEqual([true, 40]);
    expect(at(55)).toEqual([false, undefined]);
  });

  it('drf offers an agent with a posted unavailability, and never a draining one', () => {
    const seen: [number, boolean, number | undefined][] = [];
    const b = world(seen);
    runToEnd(b);
    const offersOfA0 = b.offers.records().filter((r) => r.agent === 'a-0').map((r) => r.time as number);
    // a-0's free room is offered at every batch run while it is only unavailable (10-20), at none
    // while it is draining (20-40) or down (40-50), and at every run again once it is back (to the
    // run at `until`, 60, included).
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
    expect(offersOfA0.filter((t) => t > 10 && t < 20)).toEqual(range(11, 19));
    expect(offersOfA0.filter((t) => t >= 20 && t < 50)).toEqual([]);
    expect(offersOfA0.filter((t) => t > 50)).toEqual(range(51, 60));
  });
});
