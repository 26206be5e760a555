import { describe, expect, it } from 'vitest';
import { randomSource } from '../../src/core/random.js';
import type { Allocator } from '../../src/allocator/types.js';
import { InvariantError } from '../../src/errors.js';
import { Agent } from '../../src/model/agent.js';
import { nullObserver } from '../../src/master/observer.js';
import { World } from '../../src/world.js';
import { agents, framework, job, masterConfig, reservedAgents, space } from '../helpers/world.js';

describe('agent accounting', () => {
  const agent = () => new Agent(0, 'a-0', 'a', space.fromRecord({ cpus: 4, mem: 1024 }), {}, space);
  const role = { path: 'r', parent: undefined };

  it('moves resources between available, offered and allocated, conserving the total', () => {
    const a = agent();
    const two = space.fromRecord({ cpus: 2 });
    a.offer(two, role);
    a.allocateFromOffer(space.fromRecord({ cpus: 1 }));
    a.unoffer(space.fromRecord({ cpus: 1 }), role);
    expect(space.toRecord(a.available)).toEqual({ cpus: 3, mem: 1024 });
    expect(space.toRecord(a.allocated)).toEqual({ cpus: 1 });
    a.release(space.fromRecord({ cpus: 1 }), role);
    expect(space.toRecord(a.available)).toEqual({ cpus: 4, mem: 1024 });
  });

  it('throws on over-allocation, naming the agent and the amounts', () => {
    const a = agent();
    expect(() => a.offer(space.fromRecord({ cpus: 5 }), role)).toThrow(InvariantError);
    expect(() => a.offer(space.fromRecord({ cpus: 5 }), role)).toThrow(/agent a-0: cannot offer cpus:5: only cpus:4,mem:1024 available/);
    expect(() => a.release(space.fromRecord({ cpus: 1 }), role)).toThrow(/cannot release/);
  });
});

describe('the master checks every grant', () => {
  const run = (allocator: Allocator, submit = 0, cluster = agents(1, { cpus: 4, mem: 1024 })) => {
    const random = randomSource(1);
    const world = new World(
      {
        space,
        master: masterConfig(),
        weights: new Map(),
        agents: cluster,
        frameworks: [framework('f', '*', [job('j', submit, 1, { cpus: 1, mem: 128 }, 10)])],
        timeline: [],
        until: 5,
        stallTimeout: 3600,
      },
      allocator,
      random,
      nullObserver,
    );
    return () => world.run();
  };

  it('stops the run when an allocator grants more than an agent has, naming the allocator', () => {
    const greedy: Allocator = {
      name: 'greedy',
      allocate: (_view, candidates) =>
        candidates.map((a) => ({ framework: 0, agent: a.index, resources: space.fromRecord({ cpus: 8 }) })),
    };
    expect(run(greedy)).toThrow(/allocator 'greedy' made an invalid grant: cpus:8 to f on a-0, which has only cpus:4,mem:1024 available/);
  });

  it('stops the run when an allocator grants the same agent twice in one run', () => {
    const twice: Allocator = {
      name: 'twice',
      allocate: (_view, candidates) =>
        candidates.flatMap((a) => [
          { framework: 0, agent: a.index, resources: space.fromRecord({ cpus: 3 }) },
          { framework: 0, agent: a.index, resources: space.fromRecord({ cpus: 3 }) },
        ]),
    };
    expect(run(twice)).toThrow(InvariantError);
  });

  it('stops the run when an allocator grants to a framework that is not active', () => {
    const eager: Allocator = {
      name: 'eager',
      // Grants to framework 0 although it is suppressed: it has no work until t=100.
      allocate: (view, candidates) =>
        view.frameworks[0]!.active ? [] : candidates.map((a) => ({ framework: 0, agent: a.index, resources: new Float64Array(a.available) })),
    };
    expect(run(eager, 100)).toThrow(/allocator 'eager' made an invalid grant: framework f is not active/);
  });

  it("stops the run when an allocator grants another role's reservation", () => {
    // 1 of the agent's 4 cpus is reserved for role 'ads'; f is in role '*'.
    const blind: Allocator = {
      name: 'blind',
      allocate: (_view, candidates) => candidates.map((a) => ({ framework: 0, agent: a.index, resources: new Float64Array(a.available) })),
    };
    const cluster = reservedAgents(1, { cpus: 4, mem: 1024 }, { ads: { cpus: 1 } });
    expect(run(blind, 0, cluster)).toThrow(
      /allocator 'blind' made an invalid grant: cpus:4,mem:1024 to f on r-0 takes another role's reservation \(role \* may have only cpus:3,mem:1024\)/,
    );
    const careful: Allocator = {
      name: 'careful',
      allocate: (view, candidates) => {
        const f = view.frameworks[0]!;
        return f.active ? candidates.map((a) => ({ framework: 0, agent: a.index, resources: new Float64Array(a.availableTo(f.role)) })) : [];
      },
    };
    expect(run(careful, 0, cluster)).not.toThrow();
  });
});
