/**
 * The allocator contract (allocator-contract.ts) against every built-in and
 * the example plug-in, and the proof that it catches an allocator that
 * writes to the view it was shown.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../../src/allocator/plugin.js';
import { builtinAllocators } from '../../src/allocator/registry.js';
import type { Allocator, AllocatorFactory } from '../../src/allocator/types.js';
import { allocatorContract, checkHandMadeView, checkWorlds, type ContractSubject } from './allocator-contract.js';

const root = join(import.meta.dirname, '..', '..');
const example = (): Promise<AllocatorFactory> => loadPlugin('./examples/first-come-allocator.js', root);

const subjects: ContractSubject[] = [
  ...Object.entries(builtinAllocators).map(([name, f]) => ({ name, load: async () => f, quotaAware: true })),
  { name: 'example plug-in', load: example, quotaAware: false },
];

it('covers every built-in, the baselines among them, and the example plug-in', () => {
  expect(subjects.map((s) => s.name)).toEqual(expect.arrayContaining(['drf', 'random', 'pools', 'bidding', 'fifo', 'easy', 'slots', 'tetris', 'example plug-in']));
});

for (const subject of subjects) allocatorContract(subject);

describe('the allocator contract catches an allocator that writes to its view', () => {
  /** The example plug-in, but after allocating it also counts a grant into the framework's view, as if it kept its books there. */
  const scribbler = async (): Promise<AllocatorFactory> => {
    const honest = await example();
    return {
      description: 'first come, writing its grants into the view',
      create(ctx) {
        const inner = honest.create(ctx);
        return {
          name: 'scribbler',
          allocate(view, candidates) {
            const grants = inner.allocate(view, candidates);
            for (const g of grants) (view.frameworks[g.framework] as { grants: number }).grants++;
            return grants;
          },
        } satisfies Allocator;
      },
    };
  };

  it('on random worlds, naming the allocator and what it changed', async () => {
    const factory = await scribbler();
    expect(() => checkWorlds(factory, false, 5)).toThrow(
      /allocator 'scribbler' changed the view it was shown \(in allocate at t=[\d.]+ s\): framework 'f\d' › grants was \d+, now \d+; an allocator must treat the view as read-only/,
    );
  });

  it('on the hand-made view', async () => {
    // It grants a-0, a-1 (unreserved part) and a-2 to f0, the first active framework: 1 + 3 grants.
    const factory = await scribbler();
    expect(() => checkHandMadeView(factory)).toThrow(/allocator 'scribbler' changed the view it was shown \(in allocate at t=10 s\): framework 'f0' › grants was 1, now 4;/);
  });
});
