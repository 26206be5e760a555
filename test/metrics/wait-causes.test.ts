/**
 * The judgement of a framework's wait (src/metrics/wait-causes.ts) is the same
 * whether it looks at every free agent or only at those an index finds with
 * room (`withRoom`, kept by the wait attribution over what each agent has
 * available): only such agents can have room, be filtered or be reserved for
 * another role, and the judgement asks only whether one of each exists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FreeAgentIndex } from '../../src/allocator/baselines/agent-tree.js';
import { CAUSE, judge, type JudgedCluster } from '../../src/metrics/wait-causes.js';
import { space } from '../helpers/world.js';
import { makeView, type ViewDescription } from '../helpers/view.js';
import { runs } from '../helpers/property.js';

const ROLES = ['a', 'b'];

const description: fc.Arbitrary<ViewDescription> = fc
  .record({
    agents: fc.array(
      fc.record({
        cpus: fc.integer({ min: 1, max: 8 }),
        mem: fc.integer({ min: 64, max: 1024 }),
        gpus: fc.constantFrom(0, 0, 1),
        reservedFor: fc.constantFrom(undefined, 'a', 'b'),
        registered: fc.boolean(),
        used: fc.integer({ min: 0, max: 8 }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    frameworks: fc.array(fc.record({ role: fc.constantFrom(...ROLES), gpuCapable: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    filters: fc.array(fc.record({ framework: fc.nat(2), agent: fc.nat(29) }), { maxLength: 10 }),
  })
  .map(({ agents, frameworks, filters }) => ({
    agents: agents.map((a) => ({
      total: { cpus: a.cpus, mem: a.mem, gpus: a.gpus },
      registered: a.registered || a.reservedFor === undefined,
      ...(a.reservedFor === undefined ? {} : { reserved: { [a.reservedFor]: { cpus: 1 } } }),
    })),
    frameworks: frameworks.map((f, i) => ({
      role: f.role,
      gpuCapable: f.gpuCapable,
      // The first framework runs tasks that use up part of the agents.
      running:
        i === 0
          ? agents.flatMap((a, agent) => {
              // Outside the agent's reservation (1 cpu), on a registered agent.
              const cpus = Math.min(a.used, a.cpus - (a.reservedFor === undefined ? 0 : 1));
              return cpus === 0 || !(a.registered || a.reservedFor === undefined) ? [] : [{ agent, resources: { cpus, mem: 32 } }];
            })
          : [],
    })),
    filters: filters.filter((f) => f.framework < frameworks.length && f.agent < agents.length).map((f) => ({ ...f, refused: { cpus: 1 } })),
  }));

describe('judge', () => {
  it('gives the same cause looking only at the agents an index finds with room as looking at every free agent', () => {
    let withRoom = 0;
    fc.assert(
      fc.property(description, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 512 }), fc.boolean(), (d, cpus, mem, afterRun) => {
        const { view } = makeView(d);
        const free = space.zero();
        for (const a of view.agents) if (a.registered) for (let i = 0; i < free.length; i++) free[i]! += a.available[i]!;
        const base: JudgedCluster = { view, free, offered: space.zero(), agentAway: false };
        const index = new FreeAgentIndex((a) => a.available);
        const indexed: JudgedCluster = { ...base, withRoom: (least, visit) => index.positions(view).find(least, visit) >= 0 };
        const least = space.fromRecord({ cpus, mem });
        for (let fw = 0; fw < d.frameworks!.length; fw++) {
          const demand = { least, gang: undefined };
          const cause = judge(base, fw, demand, afterRun);
          expect(judge(indexed, fw, demand, afterRun)).toBe(cause);
          if (cause === CAUSE.allocation_interval || cause === CAUSE.held_back) withRoom++;
        }
      }),
      { numRuns: runs(300, 3000) },
    );
    // The cases include frameworks with room, not only the causes without it.
    expect(withRoom).toBeGreaterThan(30);
  });
});
